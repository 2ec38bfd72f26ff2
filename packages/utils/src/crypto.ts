/**
 * Django's `django.utils.crypto`: keyed hashes, random strings and comparisons that do not leak
 * timing.
 */
import {
  createHash,
  createHmac,
  getHashes,
  randomBytes,
  randomInt,
  timingSafeEqual,
} from 'node:crypto';

/**
 * An algorithm name that `node:crypto` does not provide (Django's `InvalidAlgorithm`).
 *
 * @example
 * ```ts
 * expect(() => saltedHmac('salt', 'value', 'secret', 'whatever')).toThrow(InvalidAlgorithm);
 * ```
 */
export class InvalidAlgorithm extends RangeError {
  constructor(algorithm: string) {
    super(`'${algorithm}' is not an algorithm accepted by the hashlib module.`);
    this.name = 'InvalidAlgorithm';
  }
}

/** Python `hashlib` names that `node:crypto` spells differently. */
const HASHLIB_NAMES: Record<string, string> = {
  blake2b: 'blake2b512',
  blake2s: 'blake2s256',
  sha3_224: 'sha3-224',
  sha3_256: 'sha3-256',
  sha3_384: 'sha3-384',
  sha3_512: 'sha3-512',
  sha512_224: 'sha512-224',
  sha512_256: 'sha512-256',
};

let available: Set<string> | undefined;

function nodeAlgorithm(algorithm: string): string {
  const name = HASHLIB_NAMES[algorithm] ?? algorithm;
  available ??= new Set(getHashes());
  if (!available.has(name)) throw new InvalidAlgorithm(algorithm);
  return name;
}

/** Bytes, or text as UTF-8 (Django's `force_bytes`). */
export type BytesLike = string | Uint8Array;

function toBytes(value: BytesLike): Buffer {
  return typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value);
}

/**
 * The HMAC of `value` under a key derived from `keySalt` and `secret` (Django's `salted_hmac`),
 * as raw bytes: one secret yields an independent key for each purpose. `algorithm` is a
 * `hashlib` name (`'sha1'`, Django's default, `'sha256'`, `'blake2b'`…).
 *
 * @example
 * ```ts
 * saltedHmac('myapp.tokens', 'user:1', settings.secretKey, 'sha256').toString('hex');
 * ```
 */
export function saltedHmac(
  keySalt: BytesLike,
  value: BytesLike,
  secret: BytesLike,
  algorithm = 'sha1',
): Buffer {
  const name = nodeAlgorithm(algorithm);
  const key = createHash(name)
    .update(Buffer.concat([toBytes(keySalt), toBytes(secret)]))
    .digest();
  return createHmac(name, key).update(toBytes(value)).digest();
}

/** Django's `RANDOM_STRING_CHARS`: ASCII letters and digits. */
export const RANDOM_STRING_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/**
 * A cryptographically random string of `length` characters drawn uniformly from `allowedChars`
 * (Django's `get_random_string`). Bytes that would favour some characters (the modulo bias)
 * are rejected and drawn again, so every character is equally likely.
 *
 * @example
 * ```ts
 * getRandomString(32); // e.g. 'kV8m0Q…' (letters and digits)
 * getRandomString(32, 'abcdefghijklmnopqrstuvwxyz0123456789'); // a session key
 * ```
 */
export function getRandomString(
  length: number,
  allowedChars: string = RANDOM_STRING_CHARS,
): string {
  if (!Number.isInteger(length) || length < 0) {
    throw new RangeError(
      `The length of a random string must be a non-negative integer, not ${length}`,
    );
  }
  const chars = Array.from(allowedChars);
  if (chars.length === 0) throw new RangeError('Cannot choose from an empty set of characters');
  if (chars.length > 256) {
    let out = '';
    for (let i = 0; i < length; i++) out += chars[randomInt(chars.length)];
    return out;
  }
  // The largest multiple of the alphabet size that fits in a byte: bytes at or above it are
  // discarded, so `byte % size` is uniform.
  const limit = 256 - (256 % chars.length);
  let out = '';
  let produced = 0;
  while (produced < length) {
    for (const byte of randomBytes(Math.max(16, (length - produced) * 2))) {
      if (byte >= limit) continue;
      out += chars[byte % chars.length];
      if (++produced === length) break;
    }
  }
  return out;
}

/**
 * Whether two strings (or byte arrays) are equal, in time that does not depend on where they
 * differ (Django's `constant_time_compare`); only their lengths may leak, as in Python's
 * `secrets.compare_digest`.
 *
 * @example
 * ```ts
 * constantTimeCompare(expectedToken, request.POST.get('token')); // boolean
 * ```
 */
export function constantTimeCompare(val1: BytesLike, val2: BytesLike): boolean {
  const a = toBytes(val1);
  const b = toBytes(val2);
  if (a.length !== b.length) {
    timingSafeEqual(a, a);
    return false;
  }
  return timingSafeEqual(a, b);
}
