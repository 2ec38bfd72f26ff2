import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { constantTimeCompare, getRandomString } from '@stack/utils';
import { BasePasswordHasher, maskHash, mustUpdateSalt, type DecodedHash } from './base.js';

function hex(algorithm: 'sha1' | 'md5', text: string): string {
  return createHash(algorithm).update(text, 'utf8').digest('hex');
}

/**
 * Django's `SHA1PasswordHasher`: `sha1$<salt>$<hex sha1(salt + password)>`. Weak: list it only
 * to verify hashes carried over from old deployments, so they are upgraded on the next login.
 *
 * @example
 * ```ts
 * await new SHA1PasswordHasher().verify('password', 'sha1$seasalt$cff36ea83f5706ce9aa7454e63e431fc726b2dc8');
 * ```
 */
export class SHA1PasswordHasher extends BasePasswordHasher {
  readonly algorithm: string = 'sha1';
  protected readonly digest: 'sha1' | 'md5' = 'sha1';

  async encode(password: string, salt: string): Promise<string> {
    this.checkEncodeArgs(password, salt);
    return `${this.algorithm}$${salt}$${hex(this.digest, salt + password)}`;
  }

  decode(encoded: string): DecodedHash {
    const parts = encoded.split('$');
    if (parts.length !== 3 || parts[0] !== this.algorithm) throw new TypeError('malformed hash');
    const [algorithm, salt, hash] = parts as [string, string, string];
    return { algorithm, hash, salt };
  }

  async verify(password: string, encoded: string): Promise<boolean> {
    const { salt } = this.decode(encoded);
    if (!salt) return false;
    return constantTimeCompare(encoded, await this.encode(password, salt));
  }

  /** A salt under 128 bits (Django 3.2). */
  override mustUpdate(encoded: string): boolean {
    return mustUpdateSalt(this.decode(encoded).salt, this.saltEntropy);
  }
}

/**
 * Django's `MD5PasswordHasher`: `md5$<salt>$<hex md5(salt + password)>`. Weak: for old hashes only.
 *
 * @example
 * ```ts
 * configurePasswordHashers([new PBKDF2PasswordHasher(), new MD5PasswordHasher()]);
 * ```
 */
export class MD5PasswordHasher extends SHA1PasswordHasher {
  override readonly algorithm: string = 'md5';
  protected override readonly digest: 'sha1' | 'md5' = 'md5';
}

/**
 * Django's `UnsaltedSHA1PasswordHasher`: `sha1$$<hex sha1(password)>`, which very old Django
 * versions accepted. Its salt is always empty.
 *
 * @example
 * ```ts
 * await new UnsaltedSHA1PasswordHasher().encode('password', ''); // 'sha1$$5baa61e4…'
 * ```
 */
export class UnsaltedSHA1PasswordHasher extends BasePasswordHasher {
  readonly algorithm = 'unsalted_sha1';

  override salt(): string {
    return '';
  }

  async encode(password: string, salt: string): Promise<string> {
    if (typeof password !== 'string') throw new TypeError('password must be provided.');
    if (salt !== '') throw new TypeError('unsalted_sha1 takes no salt.');
    return `sha1$$${hex('sha1', password)}`;
  }

  decode(encoded: string): DecodedHash {
    if (!encoded.startsWith('sha1$$')) throw new TypeError('malformed hash');
    return { algorithm: this.algorithm, hash: encoded.slice(6), salt: '' };
  }

  async verify(password: string, encoded: string): Promise<boolean> {
    this.decode(encoded);
    return constantTimeCompare(encoded, await this.encode(password, ''));
  }

  override safeSummary(encoded: string): Record<string, string | number> {
    return { algorithm: this.algorithm, hash: maskHash(this.decode(encoded).hash) };
  }
}

/**
 * Django's `UnsaltedMD5PasswordHasher`: a bare 32-digit hex MD5 of the password, as Django stored
 * passwords long ago, or `md5$$<hex>`.
 *
 * @example
 * ```ts
 * await new UnsaltedMD5PasswordHasher().verify('password', '5f4dcc3b5aa765d61d8327deb882cf99'); // true
 * ```
 */
export class UnsaltedMD5PasswordHasher extends BasePasswordHasher {
  readonly algorithm = 'unsalted_md5';

  override salt(): string {
    return '';
  }

  async encode(password: string, salt: string): Promise<string> {
    if (typeof password !== 'string') throw new TypeError('password must be provided.');
    if (salt !== '') throw new TypeError('unsalted_md5 takes no salt.');
    return hex('md5', password);
  }

  decode(encoded: string): DecodedHash {
    return { algorithm: this.algorithm, hash: encoded, salt: '' };
  }

  async verify(password: string, encoded: string): Promise<boolean> {
    const hash = encoded.length === 37 && encoded.startsWith('md5$$') ? encoded.slice(5) : encoded;
    return constantTimeCompare(hash, await this.encode(password, ''));
  }

  override safeSummary(encoded: string): Record<string, string | number> {
    return { algorithm: this.algorithm, hash: maskHash(encoded, 3) };
  }
}

type Crypt3 = (password: string, salt: string) => string;
let crypt3: Crypt3 | undefined;

function loadCrypt(): Crypt3 {
  crypt3 ??= createRequire(import.meta.url)('unix-crypt-td-js') as Crypt3;
  return crypt3;
}

/**
 * Django's `CryptPasswordHasher`: `crypt$$<crypt(3) output>` with a two-character salt, the
 * traditional DES `crypt(3)` Django's `salt()` always picks (`unix-crypt-td-js`, so it works on
 * every platform). Other `crypt(3)` methods (`$1$`, `$5$`, `$6$`…) do not verify.
 *
 * @example
 * ```ts
 * await new CryptPasswordHasher().encode('password', 'ab'); // 'crypt$$ab1Hv2Lg7ltQo'
 * ```
 */
export class CryptPasswordHasher extends BasePasswordHasher {
  readonly algorithm = 'crypt';

  override salt(): string {
    return getRandomString(2);
  }

  async encode(password: string, salt: string): Promise<string> {
    this.checkEncodeArgs(password, salt);
    if (salt.length !== 2) throw new TypeError('crypt needs a salt of two characters.');
    return `${this.algorithm}$$${this.crypt(password, salt)}`;
  }

  decode(encoded: string): DecodedHash {
    const first = encoded.indexOf('$');
    const second = encoded.indexOf('$', first + 1);
    if (first < 0 || second < 0 || encoded.slice(0, first) !== this.algorithm)
      throw new TypeError('malformed hash');
    return {
      algorithm: this.algorithm,
      salt: encoded.slice(first + 1, second),
      hash: encoded.slice(second + 1),
    };
  }

  async verify(password: string, encoded: string): Promise<boolean> {
    const { hash } = this.decode(encoded);
    if (!/^[./0-9A-Za-z]{13}$/.test(hash)) return false;
    return constantTimeCompare(hash, this.crypt(password, hash));
  }

  override safeSummary(encoded: string): Record<string, string | number> {
    const decoded = this.decode(encoded);
    return { algorithm: this.algorithm, salt: decoded.salt, hash: maskHash(decoded.hash, 3) };
  }

  /** crypt(3) reads bytes: the password goes in as UTF-8, as Python's `crypt.crypt` passes it. */
  private crypt(password: string, salt: string): string {
    return loadCrypt()(Buffer.from(password, 'utf8').toString('latin1'), salt);
  }
}
