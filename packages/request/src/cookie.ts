/**
 * Cookies: Django's `parse_cookie` for requests, and Python's `Morsel` formatting for the
 * `Set-Cookie` lines of responses.
 */
import { BadHeaderError } from './errors.js';

/** Python's `str.isspace()` set, which `str.strip()` removes (JavaScript's `trim()` differs). */
function isPySpace(code: number): boolean {
  if (code <= 0x20)
    return code === 0x20 || (code >= 0x09 && code <= 0x0d) || (code >= 0x1c && code <= 0x1f);
  if (code < 0x85) return false;
  return (
    code === 0x85 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  );
}

function pyStrip(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isPySpace(text.charCodeAt(start))) start++;
  while (end > start && isPySpace(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/** Python's `http.cookies._unquote`. */
function unquote(value: string): string {
  if (value.length < 2 || value[0] !== '"' || value[value.length - 1] !== '"') return value;
  return value
    .slice(1, -1)
    .replace(/\\(?:([0-3][0-7][0-7])|([\s\S]))/g, (_m, octal: string | undefined, ch: string) =>
      octal ? String.fromCharCode(parseInt(octal, 8)) : ch,
    );
}

/**
 * Parse a `Cookie` header exactly as Django's `parse_cookie`: split on `;`, a chunk without
 * `=` is a value with an empty name, later duplicates win, quoted values are unquoted. Never
 * throws. The result has no prototype, so `__proto__` is a plain key.
 *
 * @example
 * ```ts
 * parseCookie('a=1; b="x\\"y"; a=2'); // { a: '2', b: 'x"y' }
 * ```
 */
export function parseCookie(header: string): Record<string, string> {
  const cookies: Record<string, string> = Object.create(null);
  const length = header.length;
  // No `Cookie` header (CSRF reads `COOKIES` on every request): the loop would still run once
  // over the empty text (two searches, two slices, two strips: about 0.1k instructions).
  if (length === 0) return cookies;
  let start = 0;
  let eq = -2; // the next '=' at or after `start` (-1: none left), kept so the search stays linear
  while (start <= length) {
    let end = header.indexOf(';', start);
    if (end === -1) end = length;
    if (eq !== -1 && eq < start) eq = header.indexOf('=', start);
    const hasEq = eq !== -1 && eq < end;
    const key = hasEq ? pyStrip(header.slice(start, eq)) : '';
    const value = pyStrip(header.slice(hasEq ? eq + 1 : start, end));
    if (key || value) cookies[key] = value.charCodeAt(0) === 0x22 ? unquote(value) : value;
    start = end + 1;
  }
  return cookies;
}

/** The attributes of one `Set-Cookie` line (Python's `Morsel`). */
export interface Cookie {
  value: string;
  expires: string;
  maxAge: number | undefined;
  path: string | undefined;
  domain: string | undefined;
  secure: boolean;
  httponly: boolean;
  samesite: string | undefined;
}

const LEGAL_KEY = /^[A-Za-z0-9!#$%&'*+\-.^_`|~:]+$/;
const LEGAL_VALUE = LEGAL_KEY;

/** What `_quote` writes as it is inside the quotes: the legal characters and ` ()/<=>?@[]{}`. */
const UNESCAPED = /[A-Za-z0-9!#$%&'*+\-.^_`|~: ()/<=>?@[\]{}]/;

/**
 * Python's `http.cookies._quote`: a value with any character outside the legal set is quoted,
 * and inside the quotes `"` and `\` are backslashed and every other code point up to 255 outside
 * `UNESCAPED` (`,`, `;`, controls, Latin-1) is written as a three-digit octal escape, so
 * `An,awkward;value` becomes `"An\054awkward\073value"` and no raw `;` ends the cookie early.
 */
function quoteValue(value: string): string {
  if (LEGAL_VALUE.test(value)) return value;
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (code <= 255 && !UNESCAPED.test(ch)) out += '\\' + code.toString(8).padStart(3, '0');
    else out += ch;
  }
  return out + '"';
}

/** Refuse a cookie name Python's `SimpleCookie` would refuse. */
export function checkCookieName(name: string): void {
  if (!LEGAL_KEY.test(name))
    throw new BadHeaderError(`Illegal cookie name ${JSON.stringify(name)}`);
}

/**
 * One `Set-Cookie` value, attributes in Python's sorted order
 * (`expires`, `HttpOnly`, `Max-Age`, `Path`, `SameSite`, `Secure`, with `Domain` first).
 */
export function formatCookie(name: string, cookie: Cookie): string {
  const parts = [`${name}=${quoteValue(cookie.value)}`];
  if (cookie.domain) parts.push(`Domain=${cookie.domain}`);
  if (cookie.expires) parts.push(`expires=${cookie.expires}`);
  if (cookie.httponly) parts.push('HttpOnly');
  if (cookie.maxAge !== undefined) parts.push(`Max-Age=${cookie.maxAge}`);
  if (cookie.path) parts.push(`Path=${cookie.path}`);
  if (cookie.samesite) parts.push(`SameSite=${cookie.samesite}`);
  if (cookie.secure) parts.push('Secure');
  return parts.join('; ');
}
