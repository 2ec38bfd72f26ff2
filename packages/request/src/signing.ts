/**
 * `django.core.signing`, byte for byte: the same key, salt and value give the same string as
 * Django, so a Django service and a Stack service read each other's signed data.
 */
import { deflateSync, inflateSync } from 'node:zlib';
import { constantTimeCompare, saltedHmac, urlsafeBase64Encode } from '@stack/utils';
import { HttpError } from './errors.js';

/**
 * A signature does not match (Django's `BadSignature`): a 400 if it escapes to the handler.
 *
 * @example
 * ```ts
 * try { signer.unsign(value); } catch (err) { if (err instanceof BadSignature) ... }
 * ```
 */
export class BadSignature extends HttpError {
  constructor(message: string) {
    super(message, 400);
  }
}

/**
 * The signature is valid but older than `maxAge` (Django's `SignatureExpired`).
 *
 * @example
 * ```ts
 * expect(() => signer.unsign(old, { maxAge: 10 })).toThrow(SignatureExpired);
 * ```
 */
export class SignatureExpired extends BadSignature {}

type Key = string | Uint8Array;
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * Django's `b62_encode` (the timestamp alphabet of `TimestampSigner`).
 *
 * @example
 * ```ts
 * b62Encode(1700000000); // '1r31eq'
 * ```
 */
export function b62Encode(value: number): string {
  if (value === 0) return '0';
  const sign = value < 0 ? '-' : '';
  let rest = Math.abs(Math.trunc(value));
  let out = '';
  while (rest > 0) {
    out = BASE62[rest % 62]! + out;
    rest = Math.floor(rest / 62);
  }
  return sign + out;
}

/**
 * Django's `b62_decode`.
 *
 * @example
 * ```ts
 * b62Decode('1r31eq'); // 1700000000
 * ```
 */
export function b62Decode(text: string): number {
  if (text === '0') return 0;
  const negative = text.startsWith('-');
  let value = 0;
  for (const ch of negative ? text.slice(1) : text) {
    const digit = BASE62.indexOf(ch);
    if (digit === -1) throw new BadSignature(`Invalid base62 timestamp '${text}'`);
    value = value * 62 + digit;
  }
  return negative ? -value : value;
}

function bytes(value: Key): Buffer {
  return typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value);
}

function b64Decode(text: string): Buffer {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new BadSignature('Invalid base64 payload');
  return Buffer.from(text, 'base64url');
}

/** Python's `json.dumps(obj, separators=(",", ":"))`: ASCII-only, non-ASCII as `\uXXXX`. */
function pythonJson(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError('Value is not JSON serializable');
  return json.replace(
    /[\u007f-\uffff]/g,
    (ch) => '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0'),
  );
}

/** The options of `Signer` and `TimestampSigner`. */
export interface SignerOptions {
  /** The secret (Django's `SECRET_KEY`); required: there is no global settings object. */
  key: Key;
  /** Older keys still accepted when unsigning (Django's `SECRET_KEY_FALLBACKS`). */
  fallbackKeys?: readonly Key[];
  /** Default `':'`; must not be a character of the signature alphabet. */
  sep?: string;
  /** Default `'django.core.signing.Signer'` (or `...TimestampSigner`), as in Django. */
  salt?: string;
  /** A `node:crypto` hash name, default `'sha256'`. */
  algorithm?: string;
  /** Seconds since the epoch, for the timestamp (tests pin it). */
  now?: () => number;
}

/**
 * Django's `Signer`: appends `sep` and an HMAC of the value.
 *
 * @example
 * ```ts
 * const signer = new Signer({ key: 'secret' });
 * const value = signer.sign('hello'); // 'hello:<signature>'
 * signer.unsign(value); // 'hello'
 * ```
 */
export class Signer {
  readonly key: Key;
  readonly fallbackKeys: readonly Key[];
  readonly sep: string;
  readonly salt: string;
  readonly algorithm: string;
  protected readonly now: () => number;

  constructor(options: SignerOptions) {
    this.key = options.key;
    this.fallbackKeys = options.fallbackKeys ?? [];
    this.sep = options.sep ?? ':';
    this.salt = options.salt || `django.core.signing.${new.target.name}`;
    this.algorithm = options.algorithm ?? 'sha256';
    this.now = options.now ?? (() => Date.now() / 1000);
    if (/^[A-z0-9\-_=]*$/.test(this.sep)) {
      throw new TypeError(
        `Unsafe Signer separator: '${this.sep}' (cannot be empty or consist of only A-z0-9-_=)`,
      );
    }
  }

  /** The signature of `value` under `key` (default this signer's key). */
  signature(value: string, key: Key = this.key): string {
    return urlsafeBase64Encode(saltedHmac(this.salt + 'signer', value, key, this.algorithm));
  }

  /** `value`, `sep`, signature. */
  sign(value: string): string {
    return `${value}${this.sep}${this.signature(value)}`;
  }

  /** The value, if the signature matches the key or a fallback key; else `BadSignature`. */
  unsign(signedValue: string): string {
    const at = signedValue.lastIndexOf(this.sep);
    if (at === -1) throw new BadSignature(`No "${this.sep}" found in value`);
    const value = signedValue.slice(0, at);
    const sig = Buffer.from(signedValue.slice(at + this.sep.length));
    for (const key of [this.key, ...this.fallbackKeys]) {
      const expected = Buffer.from(this.signature(value, key));
      if (constantTimeCompare(expected, sig)) return value;
    }
    throw new BadSignature(`Signature "${sig.toString()}" does not match`);
  }

  /** Sign a JSON value, optionally zlib-compressed (Django's `sign_object`). */
  signObject(value: unknown, options: { compress?: boolean } = {}): string {
    let data = Buffer.from(pythonJson(value), 'latin1');
    let compressed = false;
    if (options.compress) {
      const deflated = deflateSync(data);
      if (deflated.length < data.length - 1) {
        data = deflated;
        compressed = true;
      }
    }
    return this.sign((compressed ? '.' : '') + urlsafeBase64Encode(data));
  }

  /** The JSON value of a `signObject` string (Django's `unsign_object`). */
  unsignObject<T = unknown>(signed: string, options: { maxAge?: number } = {}): T {
    return decodeObject(this.unsignWith(signed, options)) as T;
  }

  protected unsignWith(signed: string, _options: { maxAge?: number }): string {
    return this.unsign(signed);
  }
}

function decodeObject(payload: string): unknown {
  const compressed = payload.startsWith('.');
  let data = b64Decode(compressed ? payload.slice(1) : payload);
  try {
    if (compressed) data = inflateSync(data, { maxOutputLength: 64 * 1024 * 1024 });
    return JSON.parse(data.toString('latin1'));
  } catch (err) {
    throw new BadSignature(`Cannot decode the signed payload: ${(err as Error).message}`);
  }
}

/**
 * Django's `TimestampSigner`: signs `value:timestamp`, and `unsign` can enforce `maxAge`.
 *
 * @example
 * ```ts
 * const signer = new TimestampSigner({ key: 'secret' });
 * signer.unsign(signer.sign('hello'), { maxAge: 60 }); // 'hello'
 * ```
 */
export class TimestampSigner extends Signer {
  /** The current time in base 62, as Django writes it. */
  timestamp(): string {
    return b62Encode(Math.floor(this.now()));
  }

  override sign(value: string): string {
    return super.sign(`${value}${this.sep}${this.timestamp()}`);
  }

  /** The value; `SignatureExpired` when older than `maxAge` seconds. */
  override unsign(signedValue: string, options: { maxAge?: number } = {}): string {
    const result = super.unsign(signedValue);
    const at = result.lastIndexOf(this.sep);
    if (at === -1) throw new BadSignature('No timestamp found in value');
    const timestamp = b62Decode(result.slice(at + this.sep.length));
    if (options.maxAge !== undefined) {
      const age = this.now() - timestamp;
      if (age > options.maxAge)
        throw new SignatureExpired(`Signature age ${age} > ${options.maxAge} seconds`);
    }
    return result.slice(0, at);
  }

  protected override unsignWith(signed: string, options: { maxAge?: number }): string {
    return this.unsign(signed, options);
  }
}

/** The options of `dumps`. */
export interface DumpsOptions {
  key: Key;
  /** Default `'django.core.signing'`. */
  salt?: string;
  compress?: boolean;
  now?: () => number;
}

/**
 * Django's `signing.dumps`: a URL-safe, signed, timestamped JSON string.
 *
 * @example
 * ```ts
 * const token = dumps({ user: 1 }, { key: 'secret' });
 * loads(token, { key: 'secret', maxAge: 3600 }); // { user: 1 }
 * ```
 */
export function dumps(value: unknown, options: DumpsOptions): string {
  const { key, salt = 'django.core.signing', compress = false, now } = options;
  return new TimestampSigner({ key, salt, ...(now && { now }) }).signObject(value, { compress });
}

/** The options of `loads`. */
export interface LoadsOptions {
  key: Key;
  salt?: string;
  maxAge?: number;
  fallbackKeys?: readonly Key[];
  now?: () => number;
}

/**
 * Django's `signing.loads`: the value of a `dumps` string, or `BadSignature` /
 * `SignatureExpired`.
 *
 * @example
 * ```ts
 * loads(token, { key: 'secret', salt: 'password-reset', maxAge: 900 });
 * ```
 */
export function loads<T = unknown>(signed: string, options: LoadsOptions): T {
  const { key, salt = 'django.core.signing', maxAge, fallbackKeys, now } = options;
  const signer = new TimestampSigner({
    key,
    salt,
    ...(fallbackKeys && { fallbackKeys }),
    ...(now && { now }),
  });
  return signer.unsignObject<T>(signed, maxAge === undefined ? {} : { maxAge });
}

/**
 * The signer of signed cookies: Django's `get_cookie_signer` key derivation
 * (`b'django.http.cookies' + SECRET_KEY`), with a salt built from (name, salt) without
 * ambiguity: Django's `name + salt` lets ('a', 'bc') and ('ab', 'c') share a signature.
 *
 * @example
 * ```ts
 * cookieSigner({ secretKey, name: 'theme' }).sign('dark');
 * ```
 */
export function cookieSigner(options: {
  secretKey: Key;
  fallbackKeys?: readonly Key[];
  name: string;
  salt?: string;
}): TimestampSigner {
  const derive = (key: Key) => Buffer.concat([Buffer.from('django.http.cookies'), bytes(key)]);
  return new TimestampSigner({
    key: derive(options.secretKey),
    fallbackKeys: (options.fallbackKeys ?? []).map(derive),
    salt: `${options.name.length}:${options.name}:${options.salt ?? ''}`,
  });
}
