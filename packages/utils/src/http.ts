/**
 * Django's `django.utils.http`: query strings, base 36 and URL-safe base 64, ETags, and the
 * checks that keep redirects on the site.
 */
import { quote, quotePlus, unquote, unquotePlus } from './internal/quote.js';
import { pyStrip, str } from './internal/python.js';

/** A query for `urlencode`: an object, pairs, a `Map`, or a `QueryDict` (anything with `lists()`). */
export type UrlencodeQuery =
  | Record<string, unknown>
  | Iterable<readonly [unknown, unknown]>
  | { lists(): Iterable<readonly [unknown, unknown]> };

function pairsOf(query: UrlencodeQuery): Iterable<readonly [unknown, unknown]> {
  const lists = (query as { lists?: unknown }).lists;
  if (typeof lists === 'function')
    return lists.call(query) as Iterable<readonly [unknown, unknown]>;
  if (query instanceof Map) return query.entries();
  if (Symbol.iterator in query) return query as Iterable<readonly [unknown, unknown]>;
  return Object.entries(query);
}

function encodeValue(value: unknown): string {
  return value instanceof Uint8Array ? quotePlus(value) : quotePlus(str(value));
}

function noneError(key: unknown): TypeError {
  return new TypeError(
    `Cannot encode None for key '${str(key)}' in a query string. Did you mean to pass an empty ` +
      'string or omit the value?',
  );
}

/**
 * Builds a query string, `+` for spaces, every other reserved character percent-encoded
 * (Django's `urlencode`). With `doseq`, a value that is an array (or any non-string iterable)
 * gives one `key=value` pair per item. `null` and `undefined` are refused, as Django refuses
 * `None`: pass `''` or leave the key out.
 *
 * @example
 * ```ts
 * urlencode({ q: 'fish & chips', page: 2 }); // 'q=fish+%26+chips&page=2'
 * urlencode({ tag: ['a', 'b'] }, { doseq: true }); // 'tag=a&tag=b'
 * urlencode(request.GET, { doseq: true }); // a QueryDict, every value kept
 * ```
 */
export function urlencode(query: UrlencodeQuery, options: { doseq?: boolean } = {}): string {
  const out: string[] = [];
  for (const [key, value] of pairsOf(query)) {
    if (value === null || value === undefined) throw noneError(key);
    const k = encodeValue(key);
    const iterable =
      options.doseq &&
      typeof value !== 'string' &&
      !(value instanceof Uint8Array) &&
      typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function';
    if (!iterable) {
      out.push(`${k}=${encodeValue(value)}`);
      continue;
    }
    for (const item of value as Iterable<unknown>) {
      if (item === null || item === undefined) throw noneError(key);
      out.push(`${k}=${encodeValue(item)}`);
    }
  }
  return out.join('&');
}

/**
 * Percent-encodes text as UTF-8, leaving letters, digits, `_.-~` and `safe` alone (Django's
 * `urlquote`, Python's `urllib.parse.quote`). Bytes are encoded as they are.
 *
 * @example
 * ```ts
 * urlquote('Paris & Orléans'); // 'Paris%20%26%20Orl%C3%A9ans'
 * urlquote('a/b c', ''); // 'a%2Fb%20c'
 * ```
 */
export function urlquote(url: string | Uint8Array, safe = '/'): string {
  return quote(url, safe);
}

/**
 * `urlquote` with spaces as `+`, for query strings (Django's `urlquote_plus`).
 *
 * @example
 * ```ts
 * urlquotePlus('Paris & Orléans'); // 'Paris+%26+Orl%C3%A9ans'
 * ```
 */
export function urlquotePlus(url: string | Uint8Array, safe = ''): string {
  return quotePlus(url, safe);
}

/**
 * Decodes `%XX` sequences as UTF-8 (Django's `urlunquote`); malformed bytes become U+FFFD.
 *
 * @example
 * ```ts
 * urlunquote('Paris%20%26%20Orl%C3%A9ans'); // 'Paris & Orléans'
 * ```
 */
export function urlunquote(quotedUrl: string): string {
  return unquote(quotedUrl);
}

/**
 * `urlunquote` that also reads `+` as a space (Django's `urlunquote_plus`).
 *
 * @example
 * ```ts
 * urlunquotePlus('Paris+%26+Orl%C3%A9ans'); // 'Paris & Orléans'
 * ```
 */
export function urlunquotePlus(quotedUrl: string): string {
  return unquotePlus(quotedUrl);
}

const BASE36 = '0123456789abcdefghijklmnopqrstuvwxyz';

/**
 * Writes a non-negative integer in base 36 (Django's `int_to_base36`), as password-reset
 * tokens carry their timestamp.
 *
 * @example
 * ```ts
 * intToBase36(818469960); // 'django'
 * ```
 */
export function intToBase36(i: number | bigint): string {
  if (typeof i === 'number' ? !Number.isInteger(i) : typeof i !== 'bigint') {
    throw new TypeError(`${String(i)} is not an integer`);
  }
  if (i < 0) throw new RangeError('Negative base36 conversion input.');
  return i.toString(36);
}

/**
 * Reads a base 36 integer (Django's `base36_to_int`). At most 13 digits are read (enough for
 * any 64-bit integer), so hostile input cannot make it work hard; a value beyond
 * `Number.MAX_SAFE_INTEGER` is refused rather than rounded.
 *
 * @example
 * ```ts
 * base36ToInt('django'); // 818469960
 * ```
 */
export function base36ToInt(s: string): number {
  if (typeof s !== 'string')
    throw new TypeError("int() can't convert non-string with explicit base");
  if (s.length > 13) throw new RangeError('Base36 input too large');
  const text = pyStrip(s);
  const match = /^([+-]?)([0-9a-z]+(?:_[0-9a-z]+)*)$/i.exec(text);
  if (!match) throw new RangeError(`invalid literal for int() with base 36: '${s}'`);
  let value = 0;
  for (const ch of match[2]!.replaceAll('_', '').toLowerCase())
    value = value * 36 + BASE36.indexOf(ch);
  if (!Number.isSafeInteger(value)) throw new RangeError('Base36 input too large');
  return match[1] === '-' ? -value : value;
}

/**
 * Encodes bytes (or text, as UTF-8) as URL-safe base 64 without `=` padding (Django's
 * `urlsafe_base64_encode`), as password-reset links carry the user's id.
 *
 * @example
 * ```ts
 * urlsafeBase64Encode('42'); // 'NDI'
 * ```
 */
export function urlsafeBase64Encode(s: Uint8Array | string): string {
  return (typeof s === 'string' ? Buffer.from(s, 'utf8') : Buffer.from(s)).toString('base64url');
}

const B64_VALUES = new Int8Array(256).fill(-1);
for (const [i, ch] of [
  ...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/',
].entries()) {
  B64_VALUES[ch.charCodeAt(0)] = i;
}
B64_VALUES['-'.charCodeAt(0)] = 62;
B64_VALUES['_'.charCodeAt(0)] = 63;

/**
 * Decodes URL-safe base 64, with or without its padding (Django's `urlsafe_base64_decode`).
 * As Python's decoder, characters outside the alphabet are skipped and decoding stops at the
 * padding; a length that cannot be base 64 throws a `RangeError`.
 *
 * @example
 * ```ts
 * urlsafeBase64Decode('NDI').toString(); // '42'
 * ```
 */
export function urlsafeBase64Decode(s: string): Buffer {
  const input = Buffer.from(s, 'utf8');
  const padded = Buffer.concat([input, Buffer.alloc(input.length % 4, '=')]);
  const out: number[] = [];
  let quad = 0;
  let left = 0;
  let pads = 0;
  for (const byte of padded) {
    if (byte === 0x3d) {
      if (quad >= 2 && quad + ++pads >= 4) return Buffer.from(out);
      continue;
    }
    const v = B64_VALUES[byte]!;
    if (v < 0) continue;
    pads = 0;
    if (quad === 0) left = v;
    else if (quad === 1) {
      out.push(((left << 2) | (v >> 4)) & 0xff);
      left = v & 0x0f;
    } else if (quad === 2) {
      out.push(((left << 4) | (v >> 2)) & 0xff);
      left = v & 0x03;
    } else out.push(((left << 6) | v) & 0xff);
    quad = (quad + 1) % 4;
  }
  if (quad === 1) {
    throw new RangeError(
      `Invalid base64-encoded string: number of data characters (${Math.floor(out.length / 3) * 4 + 1}) cannot be 1 more than a multiple of 4`,
    );
  }
  if (quad !== 0) throw new RangeError('Incorrect padding');
  return Buffer.from(out);
}

const ETAG_MATCH = /^((?:W\/)?"[^"]*")$/;

/**
 * The entity tags of an `If-None-Match` or `If-Match` header (Django's `parse_etags`): `['*']`,
 * or the well-formed quoted tags of the list, malformed ones skipped.
 *
 * @example
 * ```ts
 * parseEtags('"a", W/"b", c'); // ['"a"', 'W/"b"']
 * parseEtags('*'); // ['*']
 * ```
 */
export function parseEtags(etagStr: string): string[] {
  if (pyStrip(etagStr) === '*') return ['*'];
  const etags: string[] = [];
  for (const part of etagStr.split(',')) {
    const match = ETAG_MATCH.exec(pyStrip(part));
    if (match) etags.push(match[1]!);
  }
  return etags;
}

/**
 * Quotes a bare ETag as a strong one, leaving an already quoted (or weak) tag alone (Django's
 * `quote_etag`).
 *
 * @example
 * ```ts
 * quoteEtag('abc'); // '"abc"'
 * quoteEtag('W/"abc"'); // 'W/"abc"'
 * ```
 */
export function quoteEtag(etagStr: string): string {
  return ETAG_MATCH.test(etagStr) ? etagStr : `"${etagStr}"`;
}

/**
 * Whether `host` matches `pattern` (Django's `is_same_domain`): exactly, or, for a pattern
 * starting with a dot, as that domain or any of its subdomains. The pattern is compared in
 * lower case; the host as given (lower-case it first).
 *
 * @example
 * ```ts
 * isSameDomain('shop.example.com', '.example.com'); // true
 * isSameDomain('evilexample.com', '.example.com'); // false
 * ```
 */
export function isSameDomain(host: string, pattern: string): boolean {
  if (!pattern) return false;
  const p = pattern.toLowerCase();
  return (p[0] === '.' && (host.endsWith(p) || host === p.slice(1))) || p === host;
}

/** What `urlHasAllowedHostAndScheme` accepts besides the URL and the hosts. */
export interface AllowedHostOptions {
  /** Accept only `https` URLs (and no scheme-relative `//host` ones, which could be `http`). */
  requireHttps?: boolean;
}

const SCHEME_CHARS = /^[A-Za-z0-9+\-.]+$/;
const CONTROL_OR_FORMAT = /^\p{C}/u;

function hostsSet(allowed: Iterable<string> | string | null | undefined): ReadonlySet<string> {
  if (allowed === null || allowed === undefined) return new Set();
  if (typeof allowed === 'string') return new Set([allowed]);
  return allowed instanceof Set ? allowed : new Set(allowed);
}

function hasAllowedHostAndScheme(
  url: string,
  hosts: ReadonlySet<string>,
  requireHttps: boolean,
): boolean {
  let rest = url.replace(/[\t\r\n]/g, '');
  if (url.startsWith('///') || rest.startsWith('///')) return false;
  let scheme = '';
  const colon = rest.indexOf(':');
  if (colon > 0 && SCHEME_CHARS.test(rest.slice(0, colon))) {
    scheme = rest.slice(0, colon).toLowerCase();
    rest = rest.slice(colon + 1);
  }
  let netloc = '';
  if (rest.startsWith('//')) {
    const end = rest.slice(2).search(/[/?#]/);
    netloc = end === -1 ? rest.slice(2) : rest.slice(2, end + 2);
    if (netloc.includes('[') !== netloc.includes(']')) return false;
  }
  if (!netloc && scheme) return false;
  if (CONTROL_OR_FORMAT.test(url)) return false;
  if (!scheme && netloc) scheme = 'http';
  const validSchemes = requireHttps ? ['https'] : ['http', 'https'];
  return (!netloc || hosts.has(netloc)) && (!scheme || validSchemes.includes(scheme));
}

/**
 * Whether redirecting to `url` keeps the user on one of `allowedHosts` with a safe scheme
 * (Django's `url_has_allowed_host_and_scheme`): the check for a `next` parameter. A relative
 * URL is allowed; an empty one, another host, `javascript:`, `///evil.com`, `\\evil.com`,
 * `/\/evil.com` and URLs starting with a control character are not. Hosts compare exactly,
 * port included. Tabs and newlines inside the URL are ignored first, as browsers ignore them.
 *
 * @example
 * ```ts
 * urlHasAllowedHostAndScheme('/account/', ['example.com']); // true
 * urlHasAllowedHostAndScheme('https://evil.com/', ['example.com']); // false
 * urlHasAllowedHostAndScheme('//example.com/p', ['example.com'], { requireHttps: true }); // false
 * ```
 */
export function urlHasAllowedHostAndScheme(
  url: string | null | undefined,
  allowedHosts: Iterable<string> | string | null | undefined,
  options: AllowedHostOptions = {},
): boolean {
  const trimmed = url === null || url === undefined ? '' : pyStrip(url);
  if (!trimmed) return false;
  const hosts = hostsSet(allowedHosts);
  const requireHttps = options.requireHttps ?? false;
  // Browsers read `\` as `/` in paths, but it may also belong to credentials: check both.
  return (
    hasAllowedHostAndScheme(trimmed, hosts, requireHttps) &&
    hasAllowedHostAndScheme(trimmed.replaceAll('\\', '/'), hosts, requireHttps)
  );
}

/**
 * Escapes the second of two leading slashes (Django's `escape_leading_slashes`), so a path
 * used in a redirect is not read as a scheme-relative URL to another host.
 *
 * @example
 * ```ts
 * escapeLeadingSlashes('//evil.com/x'); // '/%2Fevil.com/x'
 * ```
 */
export function escapeLeadingSlashes(url: string): string {
  return url.startsWith('//') ? `/%2F${url.slice(2)}` : url;
}
