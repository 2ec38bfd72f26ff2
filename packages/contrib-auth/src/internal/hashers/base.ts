import { RANDOM_STRING_CHARS, getRandomString } from '@stack/utils';

/** What `decode` reads out of an encoded hash; extra keys depend on the algorithm. */
export interface DecodedHash {
  algorithm: string;
  hash: string;
  salt: string;
  [key: string]: string | number;
}

/** The contract every password hasher meets; the first configured hasher is the default. */
export interface PasswordHasher {
  readonly algorithm: string;
  salt(): string;
  encode(password: string, salt: string): Promise<string>;
  verify(password: string, encoded: string): Promise<boolean>;
  decode(encoded: string): DecodedHash;
  safeSummary(encoded: string): Record<string, string | number>;
  mustUpdate(encoded: string): boolean;
  hardenRuntime(password: string, encoded: string): Promise<void>;
}

/**
 * Django 3.2's `must_update_salt`: whether a salt drawn from `[a-zA-Z0-9]` carries fewer bits than
 * `entropy` (each character gives log2(62) bits), so its hash should be made again with a new one.
 */
export function mustUpdateSalt(salt: string, entropy: number): boolean {
  return Array.from(salt).length * Math.log2(RANDOM_STRING_CHARS.length) < entropy;
}

/** Django's masking of hash parts in summaries: the first `show` characters, then stars. */
export function maskHash(hash: string, show = 6, char = '*'): string {
  return hash.slice(0, show) + char.repeat(Math.max(0, hash.length - show));
}

/**
 * The shared part of Django's `BasePasswordHasher`: a salt of 128 bits of entropy drawn from
 * `[a-zA-Z0-9]`, and argument checks that refuse `$` in a salt.
 */
export abstract class BasePasswordHasher implements PasswordHasher {
  abstract readonly algorithm: string;
  readonly saltEntropy: number = 128;

  salt(): string {
    const count = Math.ceil(this.saltEntropy / Math.log2(RANDOM_STRING_CHARS.length));
    return getRandomString(count);
  }

  abstract encode(password: string, salt: string): Promise<string>;
  abstract verify(password: string, encoded: string): Promise<boolean>;
  abstract decode(encoded: string): DecodedHash;

  safeSummary(encoded: string): Record<string, string | number> {
    const decoded = this.decode(encoded);
    const out: Record<string, string | number> = {};
    for (const [key, value] of Object.entries(decoded)) {
      out[key] = key === 'hash' || key === 'salt' ? maskHash(String(value)) : value;
    }
    return out;
  }

  mustUpdate(_encoded: string): boolean {
    return false;
  }

  async hardenRuntime(_password: string, _encoded: string): Promise<void> {}

  protected checkEncodeArgs(password: string, salt: string): void {
    if (typeof password !== 'string') throw new TypeError('password must be provided.');
    if (!salt || salt.includes('$'))
      throw new TypeError('salt must be provided and cannot contain $.');
  }
}
