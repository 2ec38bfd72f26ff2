import { scrypt, type ScryptOptions } from 'node:crypto';
import { constantTimeCompare } from '@stack/utils';
import { BasePasswordHasher, mustUpdateSalt, type DecodedHash } from './base.js';
import { parseCount } from './pbkdf2.js';

function scryptAsync(password: Buffer, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, 64, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/**
 * Django's `ScryptPasswordHasher`: `scrypt$<n>$<salt>$<r>$<p>$<base64 hash>` with a 64-byte key,
 * n = 2**14, r = 8 and p = 5 by default.
 *
 * @example
 * ```ts
 * configurePasswordHashers([new ScryptPasswordHasher(), new PBKDF2PasswordHasher()]);
 * ```
 */
export class ScryptPasswordHasher extends BasePasswordHasher {
  readonly algorithm = 'scrypt';
  readonly workFactor: number;
  readonly blockSize: number;
  readonly parallelism: number;

  constructor(options: { workFactor?: number; blockSize?: number; parallelism?: number } = {}) {
    super();
    this.workFactor = options.workFactor ?? 2 ** 14;
    this.blockSize = options.blockSize ?? 8;
    this.parallelism = options.parallelism ?? 5;
  }

  async encode(
    password: string,
    salt: string,
    cost?: { n: number; r: number; p: number },
  ): Promise<string> {
    this.checkEncodeArgs(password, salt);
    const { n, r, p } = cost ?? { n: this.workFactor, r: this.blockSize, p: this.parallelism };
    const maxmem = 128 * n * r * 2 + 1024 * 1024;
    const key = await scryptAsync(Buffer.from(password, 'utf8'), Buffer.from(salt, 'utf8'), {
      N: n,
      r,
      p,
      maxmem,
    });
    return `${this.algorithm}$${n}$${salt}$${r}$${p}$${key.toString('base64')}`;
  }

  decode(encoded: string): DecodedHash {
    const parts = encoded.split('$');
    if (parts.length !== 6 || parts[0] !== this.algorithm) throw new TypeError('malformed hash');
    const [algorithm, n, salt, r, p, hash] = parts as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    if (!salt || !hash) throw new TypeError('malformed hash');
    const workFactor = parseCount(n, 2 ** 20);
    if ((workFactor & (workFactor - 1)) !== 0 || workFactor < 2)
      throw new TypeError('malformed hash');
    return {
      algorithm,
      hash,
      salt,
      workFactor,
      blockSize: parseCount(r, 64),
      parallelism: parseCount(p, 64),
    };
  }

  async verify(password: string, encoded: string): Promise<boolean> {
    const d = this.decode(encoded);
    const cost = {
      n: d.workFactor as number,
      r: d.blockSize as number,
      p: d.parallelism as number,
    };
    return constantTimeCompare(encoded, await this.encode(password, d.salt, cost));
  }

  override mustUpdate(encoded: string): boolean {
    const d = this.decode(encoded);
    return (
      d.workFactor !== this.workFactor ||
      d.blockSize !== this.blockSize ||
      d.parallelism !== this.parallelism ||
      mustUpdateSalt(d.salt, this.saltEntropy)
    );
  }
}
