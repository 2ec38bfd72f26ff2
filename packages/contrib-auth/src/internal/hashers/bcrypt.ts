import { createHash } from 'node:crypto';
import type Bcrypt from 'bcryptjs';
import { constantTimeCompare, optionalRequire } from '@stack/utils';
import { BasePasswordHasher, maskHash, type DecodedHash } from './base.js';

const load = optionalRequire(import.meta.url);
let bcryptModule: typeof Bcrypt | undefined;

/**
 * bcryptjs, read when a bcrypt hasher first runs, as Django's `BCryptPasswordHasher` imports
 * bcrypt in its methods: an application that never hashes with bcrypt does not read it. bcryptjs
 * has an ES build and a CommonJS (UMD) one, but exports plain functions only (nothing an
 * application compares with `instanceof`), so its CommonJS build is as good as the ES one.
 */
function bcrypt(): typeof Bcrypt {
  return (bcryptModule ??= load<typeof Bcrypt>('bcryptjs', 'the bcrypt hashers'));
}

const BCRYPT = /^\$(2[aby])\$(\d\d)\$([./A-Za-z0-9]{53})$/;

/**
 * Django's `BCryptSHA256PasswordHasher`: `bcrypt_sha256$$2b$12$<salt><checksum>`, bcrypt over the
 * hex SHA-256 of the password (so passwords longer than bcrypt's 72 bytes are not truncated).
 * bcrypt is `bcryptjs` (plain JavaScript). Django 3.2's `PASSWORD_HASHERS` lists it fourth.
 *
 * @example
 * ```ts
 * configurePasswordHashers([new BCryptSHA256PasswordHasher(), new PBKDF2PasswordHasher()]);
 * ```
 */
export class BCryptSHA256PasswordHasher extends BasePasswordHasher {
  readonly algorithm: string = 'bcrypt_sha256';
  readonly rounds: number;
  protected readonly prehash: boolean = true;

  constructor(options: { rounds?: number } = {}) {
    super();
    this.rounds = options.rounds ?? 12;
  }

  /** A bcrypt salt with the work factor: `$2b$12$<22 characters>`, as `bcrypt.gensalt()`. */
  override salt(): string {
    return bcrypt()
      .genSaltSync(this.rounds)
      .replace(/^\$2a\$/, '$2b$');
  }

  async encode(password: string, salt: string): Promise<string> {
    if (typeof password !== 'string') throw new TypeError('password must be provided.');
    const m = /^\$(2[aby])\$(\d\d)\$([./A-Za-z0-9]{22})/.exec(salt ?? '');
    if (!m || Number(m[2]) < 4 || Number(m[2]) > 31) throw new TypeError('Invalid bcrypt salt.');
    const secret = this.prehash
      ? createHash('sha256').update(password, 'utf8').digest('hex')
      : password;
    // bcryptjs writes the 2a/2b prefix it was given; the computation is the same for both.
    const hashed = await bcrypt().hash(secret, `$2b$${m[2]}$${m[3]}`);
    return `${this.algorithm}$$${m[1]}${hashed.slice(3)}`;
  }

  decode(encoded: string): DecodedHash {
    const dollar = encoded.indexOf('$');
    const m = BCRYPT.exec(encoded.slice(dollar + 1));
    if (dollar < 0 || encoded.slice(0, dollar) !== this.algorithm || !m)
      throw new TypeError('malformed hash');
    return {
      algorithm: this.algorithm,
      algostr: m[1]!,
      workFactor: Number(m[2]),
      salt: m[3]!.slice(0, 22),
      checksum: m[3]!.slice(22),
      hash: m[3]!.slice(22),
    };
  }

  async verify(password: string, encoded: string): Promise<boolean> {
    const d = this.decode(encoded);
    if ((d.workFactor as number) < 4 || (d.workFactor as number) > 31) return false;
    const again = await this.encode(password, encoded.slice(this.algorithm.length + 1));
    return constantTimeCompare(encoded, again);
  }

  override safeSummary(encoded: string): Record<string, string | number> {
    const d = this.decode(encoded);
    return {
      algorithm: this.algorithm,
      workFactor: d.workFactor as number,
      salt: maskHash(d.salt),
      checksum: maskHash(String(d.checksum)),
    };
  }

  override mustUpdate(encoded: string): boolean {
    return this.decode(encoded).workFactor !== this.rounds;
  }

  /** Does the work a cheaper stored hash skipped (each round doubles it), as Django does. */
  override async hardenRuntime(password: string, encoded: string): Promise<void> {
    const d = this.decode(encoded);
    const salt = encoded.slice(this.algorithm.length + 1, this.algorithm.length + 1 + 29);
    for (let diff = 2 ** (this.rounds - (d.workFactor as number)) - 1; diff > 0; diff--) {
      await this.encode(password, salt);
    }
  }
}

/**
 * Django's `BCryptPasswordHasher`: `bcrypt$$2b$12$…`, bcrypt over the password itself, which
 * bcrypt truncates to 72 bytes. Prefer `BCryptSHA256PasswordHasher`.
 *
 * @example
 * ```ts
 * configurePasswordHashers([new PBKDF2PasswordHasher(), new BCryptPasswordHasher()]);
 * ```
 */
export class BCryptPasswordHasher extends BCryptSHA256PasswordHasher {
  override readonly algorithm: string = 'bcrypt';
  protected override readonly prehash: boolean = false;
}
