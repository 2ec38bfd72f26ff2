import { createRequire } from 'node:module';
import { isIPv4, isIPv6 } from 'node:net';

// The npm `punycode` package (RFC 3492), required with the trailing slash that its README gives:
// a bare 'punycode' is Node's deprecated built-in.
const { encode: punycodeEncode } = createRequire(import.meta.url)('punycode/') as {
  encode(input: string): string;
};

/**
 * What Django's `smart_urlquote` uses of Python 3.11's `urllib.parse` and `'idna'` codec:
 * `quote`, `quote_plus`, `unquote`, `urlsplit`, `urlunsplit`, `parse_qsl`, IDNA 2003 host names.
 */

const ALWAYS_SAFE = /[A-Za-z0-9_.\-~]/;
const URL_SAFE = "!$&'()*+,;=:/?#[]@~";

/** Python's `urllib.parse.quote(text, safe)`: UTF-8, upper-case escapes. */
function pyQuote(text: string, safe: string): string {
  let out = '';
  for (const ch of text) {
    if (ALWAYS_SAFE.test(ch) || (ch.length === 1 && ch.charCodeAt(0) < 128 && safe.includes(ch)))
      out += ch;
    else
      for (const byte of new TextEncoder().encode(ch))
        out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Python's `quote_plus(text, safe='')`. */
function pyQuotePlus(text: string): string {
  return text.includes(' ') ? pyQuote(text, ' ').replace(/ /g, '+') : pyQuote(text, '');
}

const decoder = new TextDecoder('utf-8');

/** Python's `urllib.parse.unquote` (UTF-8, invalid bytes replaced). */
function pyUnquote(text: string): string {
  if (!text.includes('%')) return text;
  return text.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => {
    const bytes = new Uint8Array(run.length / 3);
    for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(run.slice(i * 3 + 1, i * 3 + 3), 16);
    return decoder.decode(bytes);
  });
}

class UrlValueError extends Error {}

const SCHEME_CHARS = /^[A-Za-z0-9+\-.]+$/;
const USES_NETLOC = new Set(
  '|ftp|http|gopher|nntp|telnet|imap|wais|file|mms|https|shttp|snews|prospero|rtsp|rtspu|rsync|svn|svn+ssh|sftp|nfs|git|git+ssh|ws|wss'.split(
    '|',
  ),
);

function checkBracketedNetloc(netloc: string): void {
  const hostAndPort = netloc.slice(netloc.lastIndexOf('@') + 1);
  const open = hostAndPort.indexOf('[');
  let host: string;
  if (open !== -1) {
    if (open > 0) throw new UrlValueError('Invalid IPv6 URL');
    const bracketed = hostAndPort.slice(open + 1);
    const close = bracketed.indexOf(']');
    host = close === -1 ? bracketed : bracketed.slice(0, close);
    const port = close === -1 ? '' : bracketed.slice(close + 1);
    if (port && !port.startsWith(':')) throw new UrlValueError('Invalid IPv6 URL');
  } else {
    const colon = hostAndPort.indexOf(':');
    host = colon === -1 ? hostAndPort : hostAndPort.slice(0, colon);
  }
  if (host.startsWith('v')) {
    if (!/^v[a-fA-F0-9]+\..+$/su.test(host))
      throw new UrlValueError('IPvFuture address is invalid');
  } else if (!isIPv6(host)) {
    throw new UrlValueError(isIPv4(host) ? 'An IPv4 address cannot be in brackets' : 'not an IP');
  }
}

function checkNetloc(netloc: string): void {
  // eslint-disable-next-line no-control-regex
  if (!netloc || /^[\x00-\x7f]*$/.test(netloc)) return;
  const n = netloc.replace(/[@:#?]/g, '');
  const normalized = n.normalize('NFKC');
  if (n === normalized) return;
  if (/[/?#@:]/.test(normalized)) throw new UrlValueError('invalid characters under NFKC');
}

type Split = [scheme: string, netloc: string, path: string, query: string, fragment: string];

/** Python 3.11's `urllib.parse.urlsplit` (for the words urlize hands it). */
function urlsplit(input: string): Split {
  // eslint-disable-next-line no-control-regex
  let url = input.replace(/^[\x00-\x20]+/, '').replace(/[\t\r\n]/g, '');
  let scheme = '';
  let netloc = '';
  let query = '';
  let fragment = '';
  const i = url.indexOf(':');
  if (i > 0 && /^[A-Za-z]/.test(url) && SCHEME_CHARS.test(url.slice(0, i))) {
    scheme = url.slice(0, i).toLowerCase();
    url = url.slice(i + 1);
  }
  if (url.startsWith('//')) {
    let delim = url.length;
    for (const c of '/?#') {
      const at = url.indexOf(c, 2);
      if (at >= 0) delim = Math.min(delim, at);
    }
    netloc = url.slice(2, delim);
    url = url.slice(delim);
    const open = netloc.includes('[');
    const close = netloc.includes(']');
    if (open !== close) throw new UrlValueError('Invalid IPv6 URL');
    if (open && close) checkBracketedNetloc(netloc);
  }
  const hash = url.indexOf('#');
  if (hash !== -1) [url, fragment] = [url.slice(0, hash), url.slice(hash + 1)];
  const mark = url.indexOf('?');
  if (mark !== -1) [url, query] = [url.slice(0, mark), url.slice(mark + 1)];
  checkNetloc(netloc);
  return [scheme, netloc, url, query, fragment];
}

function urlunsplit([scheme, netloc, path, query, fragment]: Split): string {
  let url = path;
  if (netloc || (scheme && USES_NETLOC.has(scheme) && !url.startsWith('//'))) {
    if (url && !url.startsWith('/')) url = '/' + url;
    url = '//' + netloc + url;
  }
  if (scheme) url = scheme + ':' + url;
  if (query) url += '?' + query;
  if (fragment) url += '#' + fragment;
  return url;
}

/** Python's `parse_qsl(query, keep_blank_values=True)`. */
function parseQsl(query: string): [string, string][] {
  const pairs: [string, string][] = [];
  for (const field of query.split('&')) {
    if (!field) continue;
    const eq = field.indexOf('=');
    const name = eq === -1 ? field : field.slice(0, eq);
    const value = eq === -1 ? '' : field.slice(eq + 1);
    pairs.push([pyUnquote(name.replace(/\+/g, ' ')), pyUnquote(value.replace(/\+/g, ' '))]);
  }
  return pairs;
}

/** Python's `UnicodeError` from the `'idna'` codec. */
export class IdnaError extends Error {}

// stringprep B.1 (mapped to nothing) and the prohibited tables C.1.2-C.9 used by nameprep.
const B1 = new Set([
  0xad, 0x34f, 0x1806, 0x180b, 0x180c, 0x180d, 0x200b, 0x200c, 0x200d, 0x2060, 0xfeff,
]);
const mappedToNothing = (c: string): boolean => {
  const n = c.codePointAt(0) as number;
  return B1.has(n) || (n >= 0xfe00 && n <= 0xfe0f);
};
const PROHIBITED =
  // eslint-disable-next-line no-misleading-character-class
  /[\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000\u0080-\u009f\u06dd\u070f\u180e\u200c\u200d\u2028\u2029\u2060-\u2063\u206a-\u206f\ufeff\ufff9-\ufffd\ue000-\uf8ff\u{f0000}-\u{ffffd}\u{100000}-\u{10fffd}\u{1d173}-\u{1d17a}\u2ff0-\u2ffb\u0340\u0341\u200e\u200f\u202a-\u202e\u{e0001}\u{e0020}-\u{e007f}\ud800-\udfff]|[\ufdd0-\ufdef]|[\ufffe\uffff]/u;
const RAND_AL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\u{10800}-\u{10fff}\u{1e800}-\u{1efff}]/u;

/** Python's `nameprep` (RFC 3491), closely: maps, folds case, NFKC, refuses prohibited code points. */
function nameprep(label: string): string {
  const mapped = [...label]
    .filter((c) => !mappedToNothing(c))
    .join('')
    .replace(/ß/g, 'ss')
    .replace(/ς/g, 'σ')
    .toLowerCase()
    .normalize('NFKC');
  if (PROHIBITED.test(mapped)) throw new IdnaError('Invalid character');
  if (RAND_AL.test(mapped)) {
    const chars = [...mapped];
    const isL = (c: string): boolean => /\p{L}/u.test(c) && !RAND_AL.test(c);
    if (chars.some(isL)) throw new IdnaError('Violation of BIDI requirement 2');
    if (!RAND_AL.test(chars[0] as string) || !RAND_AL.test(chars[chars.length - 1] as string))
      throw new IdnaError('Violation of BIDI requirement 3');
  }
  return mapped;
}

// eslint-disable-next-line no-control-regex
const ASCII = /^[\x00-\x7f]*$/;

function labelToAscii(label: string): string {
  const check = (ascii: string): string => {
    if (ascii.length > 0 && ascii.length < 64) return ascii;
    throw new IdnaError('label empty or too long');
  };
  if (ASCII.test(label)) return check(label);
  const prepared = nameprep(label);
  if (ASCII.test(prepared)) return check(prepared);
  if (prepared.toLowerCase().startsWith('xn--'))
    throw new IdnaError('Label starts with ACE prefix');
  const ace = 'xn--' + punycodeEncode(prepared);
  return check(ace);
}

/** Python's `'idna'` codec (IDNA 2003): Django's `punycode()`. */
export function punycode(domain: string): string {
  if (!domain) return '';
  if (ASCII.test(domain)) {
    const labels = domain.split('.');
    for (const label of labels.slice(0, -1))
      if (label.length === 0 || label.length >= 64) throw new IdnaError('label empty or too long');
    if ((labels[labels.length - 1] as string).length >= 64) throw new IdnaError('label too long');
    return domain;
  }
  const labels = domain.split(/[.\u3002\uff0e\uff61]/);
  let trailingDot = '';
  if (labels.length > 0 && !labels[labels.length - 1]) {
    trailingDot = '.';
    labels.pop();
  }
  return labels.map(labelToAscii).join('.') + trailingDot;
}

function unquoteQuote(segment: string): string {
  return pyQuote(pyUnquote(segment), URL_SAFE);
}

/** Django's `smart_urlquote`: quote a URL if it isn't already quoted. */
export function smartUrlquote(url: string): string {
  let parts: Split;
  try {
    parts = urlsplit(url);
  } catch (error) {
    if (error instanceof UrlValueError) return unquoteQuote(url);
    throw error;
  }
  const scheme = parts[0];
  let [, netloc, path, query, fragment] = parts;
  try {
    netloc = punycode(netloc);
  } catch (error) {
    if (error instanceof IdnaError) return unquoteQuote(url);
    throw error;
  }
  if (query) {
    query = parseQsl(query)
      .map(([k, v]) => `${pyQuotePlus(pyUnquote(k))}=${pyQuotePlus(pyUnquote(v))}`)
      .join('&');
  }
  path = unquoteQuote(path);
  fragment = unquoteQuote(fragment);
  return urlunsplit([scheme, netloc, path, query, fragment]);
}
