import { timingSafeEqual } from 'node:crypto';
import { BasePasswordHasher, mustUpdateSalt, type DecodedHash } from './base.js';
import { parseCount } from './pbkdf2.js';

/** The part of `@node-rs/argon2` this hasher uses (an optional dependency, loaded on first use). */
interface Argon2Binding {
  hashRaw(password: Uint8Array, options: Record<string, unknown>): Promise<Buffer>;
}

const TYPES: Record<string, number> = { argon2d: 0, argon2i: 1, argon2id: 2 };
/** `@node-rs/argon2`'s `Version` enum: 0x10 (hashes without `v=`) and 0x13. */
const VERSIONS: Record<number, number> = { 16: 0, 19: 1 };
/** argon2-cffi's `DEFAULT_HASH_LENGTH`, which Django 3.2 uses: 16 bytes. */
const HASH_LENGTH = 16;
let binding: Promise<Argon2Binding> | undefined;

function loadBinding(): Promise<Argon2Binding> {
  binding ??= import('@node-rs/argon2').then(
    (module) => module as unknown as Argon2Binding,
    () => {
      binding = undefined;
      throw new Error(
        'Argon2PasswordHasher needs the optional dependency @node-rs/argon2: npm install @node-rs/argon2',
      );
    },
  );
  return binding;
}

/** PHC's base64: the standard alphabet without padding. */
function b64(bytes: Buffer): string {
  return bytes.toString('base64').replace(/=+$/, '');
}

function unb64(text: string): Buffer {
  if (!/^[A-Za-z0-9+/]+$/.test(text) || text.length % 4 === 1)
    throw new TypeError('malformed hash');
  return Buffer.from(text, 'base64');
}

/**
 * Django's `Argon2PasswordHasher`: `argon2$argon2id$v=19$m=102400,t=2,p=8$<salt>$<hash>`, the
 * PHC string behind Django's `argon2` prefix, with Django 3.2's 16-byte hash, so hashes cross
 * between Django and Stack (and Django does not ask to update Stack's). Verifies every variety,
 * and hashes without `v=` (Argon2 1.0). Needs the
 * optional dependency `@node-rs/argon2` (prebuilt binaries, nothing compiled or downloaded).
 *
 * @example
 * ```ts
 * configurePasswordHashers([new Argon2PasswordHasher(), new PBKDF2PasswordHasher()]);
 * ```
 */
export class Argon2PasswordHasher extends BasePasswordHasher {
  readonly algorithm = 'argon2';
  readonly timeCost: number;
  readonly memoryCost: number;
  readonly parallelism: number;

  constructor(options: { timeCost?: number; memoryCost?: number; parallelism?: number } = {}) {
    super();
    this.timeCost = options.timeCost ?? 2;
    this.memoryCost = options.memoryCost ?? 102_400;
    this.parallelism = options.parallelism ?? 8;
  }

  async encode(password: string, salt: string): Promise<string> {
    this.checkEncodeArgs(password, salt);
    const saltBytes = Buffer.from(salt, 'utf8');
    const hash = await this.raw(password, saltBytes, {
      variety: 'argon2id',
      version: 19,
      memoryCost: this.memoryCost,
      timeCost: this.timeCost,
      parallelism: this.parallelism,
      length: HASH_LENGTH,
    });
    const params = `m=${this.memoryCost},t=${this.timeCost},p=${this.parallelism}`;
    return `${this.algorithm}$argon2id$v=19$${params}$${b64(saltBytes)}$${b64(hash)}`;
  }

  private async raw(
    password: string,
    salt: Buffer,
    d: {
      variety: string;
      version: number;
      memoryCost: number;
      timeCost: number;
      parallelism: number;
      length: number;
    },
  ): Promise<Buffer> {
    const argon2 = await loadBinding();
    return argon2.hashRaw(Buffer.from(password, 'utf8'), {
      salt,
      timeCost: d.timeCost,
      memoryCost: d.memoryCost,
      parallelism: d.parallelism,
      outputLen: d.length,
      algorithm: TYPES[d.variety],
      version: VERSIONS[d.version],
    });
  }

  /**
   * Reads `argon2$<variety>[$v=<version>]$m=…,t=…,p=…$<salt>$<hash>`; hashes made before
   * Argon2 1.3 have no `v=` and are version 0x10 (16), as argon2-cffi reads them. `salt` is the
   * decoded salt, as in Django.
   */
  decode(encoded: string): DecodedHash {
    const parts = encoded.split('$');
    if (parts.length === 5) parts.splice(2, 0, 'v=16');
    const [algorithm, variety, version, params, salt, hash] = parts;
    if (
      parts.length !== 6 ||
      algorithm !== this.algorithm ||
      !variety ||
      !Object.hasOwn(TYPES, variety)
    ) {
      throw new TypeError('malformed hash');
    }
    const costs = /^m=(\d{1,10}),t=(\d{1,10}),p=(\d{1,3})$/.exec(params ?? '');
    const v = /^v=(16|19)$/.exec(version ?? '');
    if (!costs || !v || !salt || !hash) throw new TypeError('malformed hash');
    const hashBytes = unb64(hash);
    const saltBytes = unb64(salt);
    if (hashBytes.length < 4 || saltBytes.length < 1) throw new TypeError('malformed hash');
    return {
      algorithm,
      variety,
      version: Number(v[1]),
      memoryCost: parseCount(costs[1], 4 * 1024 * 1024),
      timeCost: parseCount(costs[2], 1000),
      parallelism: parseCount(costs[3], 255),
      salt: saltBytes.toString('latin1'),
      hash,
      hashLength: hashBytes.length,
    };
  }

  async verify(password: string, encoded: string): Promise<boolean> {
    const d = this.decode(encoded);
    const expected = unb64(d.hash);
    let actual: Buffer;
    try {
      actual = await this.raw(password, Buffer.from(d.salt, 'latin1'), {
        variety: d.variety as string,
        version: d.version as number,
        memoryCost: d.memoryCost as number,
        timeCost: d.timeCost as number,
        parallelism: d.parallelism as number,
        length: expected.length,
      });
    } catch {
      return false;
    }
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  }

  override mustUpdate(encoded: string): boolean {
    const d = this.decode(encoded);
    return (
      d.variety !== 'argon2id' ||
      d.version !== 19 ||
      d.timeCost !== this.timeCost ||
      d.memoryCost !== this.memoryCost ||
      d.parallelism !== this.parallelism ||
      d.hashLength !== HASH_LENGTH ||
      mustUpdateSalt(d.salt, this.saltEntropy)
    );
  }

  override safeSummary(encoded: string): Record<string, string | number> {
    const { hashLength: _length, ...summary } = super.safeSummary(encoded);
    return summary;
  }

  /** Django's `harden_runtime` for Argon2 is a no-op too: the cost parameters are in the hash. */
  override async hardenRuntime(): Promise<void> {}
}
