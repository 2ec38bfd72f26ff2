import { pbkdf2 } from 'node:crypto';
import { promisify } from 'node:util';
import { constantTimeCompare } from '@stack/utils';
import { BasePasswordHasher, mustUpdateSalt, type DecodedHash } from './base.js';

const pbkdf2Async = promisify(pbkdf2);

/** Refuse iteration counts no real deployment uses, so a corrupt hash cannot hang a login. */
const MAX_ITERATIONS = 100_000_000;

function parseCount(text: string | undefined, max: number): number {
  if (text === undefined || !/^[1-9][0-9]{0,9}$/.test(text)) throw new TypeError('malformed hash');
  const value = Number(text);
  if (value > max) throw new TypeError('malformed hash');
  return value;
}

/**
 * Django's `PBKDF2PasswordHasher`: `pbkdf2_sha256$<iterations>$<salt>$<base64 hash>`, with
 * Django 6.0's 1,200,000 iterations, so hashes move between Django and Stack unchanged.
 *
 * @example
 * ```ts
 * const hasher = new PBKDF2PasswordHasher();
 * await hasher.encode('lètmein', 'seasalt'); // 'pbkdf2_sha256$1200000$seasalt$...'
 * ```
 */
export class PBKDF2PasswordHasher extends BasePasswordHasher {
  readonly algorithm: string = 'pbkdf2_sha256';
  readonly iterations: number;
  protected readonly digest: string = 'sha256';

  constructor(options: { iterations?: number } = {}) {
    super();
    this.iterations = options.iterations ?? 1_200_000;
  }

  async encode(password: string, salt: string, iterations?: number): Promise<string> {
    this.checkEncodeArgs(password, salt);
    const rounds = iterations ?? this.iterations;
    const key = await pbkdf2Async(
      Buffer.from(password, 'utf8'),
      Buffer.from(salt, 'utf8'),
      rounds,
      this.keyLength(),
      this.digest,
    );
    return `${this.algorithm}$${rounds}$${salt}$${key.toString('base64')}`;
  }

  decode(encoded: string): DecodedHash {
    const parts = encoded.split('$');
    if (parts.length !== 4 || parts[0] !== this.algorithm) throw new TypeError('malformed hash');
    const [algorithm, iterations, salt, hash] = parts as [string, string, string, string];
    if (!salt || !hash) throw new TypeError('malformed hash');
    return { algorithm, hash, iterations: parseCount(iterations, MAX_ITERATIONS), salt };
  }

  async verify(password: string, encoded: string): Promise<boolean> {
    const decoded = this.decode(encoded);
    const again = await this.encode(password, decoded.salt, decoded.iterations as number);
    return constantTimeCompare(encoded, again);
  }

  /** Another iteration count, or a salt under 128 bits (Django 3.2). */
  override mustUpdate(encoded: string): boolean {
    const decoded = this.decode(encoded);
    return decoded.iterations !== this.iterations || mustUpdateSalt(decoded.salt, this.saltEntropy);
  }

  /** Does the iterations a weaker stored hash skipped, so its failures cost the same as others. */
  override async hardenRuntime(password: string, encoded: string): Promise<void> {
    const decoded = this.decode(encoded);
    const extra = this.iterations - (decoded.iterations as number);
    if (extra > 0) await this.encode(password, decoded.salt, extra);
  }

  private keyLength(): number {
    return this.digest === 'sha1' ? 20 : 32;
  }
}

/**
 * Django's `PBKDF2SHA1PasswordHasher` (`pbkdf2_sha1$...`), for hashes carried over from old
 * deployments; list it after the default so they are upgraded on the next login.
 *
 * @example
 * ```ts
 * configurePasswordHashers([new PBKDF2PasswordHasher(), new PBKDF2SHA1PasswordHasher()]);
 * ```
 */
export class PBKDF2SHA1PasswordHasher extends PBKDF2PasswordHasher {
  override readonly algorithm: string = 'pbkdf2_sha1';
  protected override readonly digest: string = 'sha1';
}

export { parseCount };
