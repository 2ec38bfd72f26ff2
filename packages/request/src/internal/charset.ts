import { isUtf8 } from 'node:buffer';
import type Iconv from 'iconv-lite';
import { loadDependency } from './optional.js';

/**
 * Encoding and decoding between strings and bytes in a named charset. UTF-8, latin-1, ASCII and
 * UTF-16LE use Node's own codecs; every other charset Python knows (iso-8859-15/16, cp1252,
 * koi8-r, shift_jis, …) goes through iconv-lite, whose labels are Python's (WHATWG's
 * `TextDecoder` would read `iso-8859-1` as windows-1252 and cannot encode at all).
 */

let iconvModule: typeof Iconv | undefined;

/** iconv-lite (4 files, and the tables of a charset at its first use), read at first need. */
function iconv(): typeof Iconv {
  return (iconvModule ??= loadDependency<typeof Iconv>('iconv-lite', 'non-UTF-8 charsets'));
}

const UTF8 = new Set(['utf-8', 'utf8']);
const LATIN1 = new Set(['iso-8859-1', 'latin-1', 'latin1', 'l1', 'iso8859-1', 'iso_8859-1']);
const ASCII = new Set(['ascii', 'us-ascii']);
const UTF16LE = new Set(['utf-16le', 'utf16le']);

/** Normalise a charset label, or throw a `RangeError` for one this runtime cannot encode. */
export function encodeText(text: string, charset: string): Buffer {
  if (charset === 'utf-8') return Buffer.from(text, 'utf8');
  const label = charset.trim().toLowerCase();
  if (UTF8.has(label)) return Buffer.from(text, 'utf8');
  if (LATIN1.has(label)) return Buffer.from(text, 'latin1');
  if (ASCII.has(label)) return Buffer.from(text, 'ascii');
  if (UTF16LE.has(label)) return Buffer.from(text, 'utf16le');
  if (!iconv().encodingExists(label)) throw new RangeError(`Unknown charset '${charset}'`);
  const bytes = iconv().encode(text, label);
  // iconv-lite writes '?' for what the charset lacks; Python's strict codecs refuse it.
  if (iconv().decode(bytes, label) !== text) {
    throw new RangeError(`The text has characters the charset '${charset}' cannot encode`);
  }
  return bytes;
}

/** Decode bytes in `charset`, replacing undecodable sequences with U+FFFD. */
export function decodeText(bytes: Uint8Array, charset: string): string {
  const label = charset.trim().toLowerCase();
  const buffer = Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (UTF8.has(label)) return buffer.toString('utf8');
  if (LATIN1.has(label)) return buffer.toString('latin1');
  if (!iconv().encodingExists(label)) throw new RangeError(`Unknown charset '${charset}'`);
  return iconv().decode(buffer, label, { stripBOM: false });
}

/** Whether `charset` names an encoding this runtime knows (Django's `codecs.lookup`). */
export function isKnownCharset(charset: string): boolean {
  const label = charset.trim().toLowerCase();
  // Node's own codecs (iconv-lite knows them too): no need to read iconv-lite for them.
  if (UTF8.has(label) || LATIN1.has(label) || ASCII.has(label) || UTF16LE.has(label)) return true;
  return iconv().encodingExists(label);
}

/**
 * Turn a WSGI "bytes as latin-1" string into text decoded as UTF-8, as Django's
 * `get_str_from_wsgi` does. A string that already holds characters above U+00FF was decoded
 * by the gateway, and is returned as it is.
 */
export function fromWsgiString(value: string): string {
  // ASCII, the usual case, is tested here and the rest done apart: a function this small is
  // inlined wherever it is called (the handler calls it on every request), where the whole
  // one was not and ran as a call, at times in baseline code.
  return hasNonAscii(value) ? fromWsgiBytes(value) : value;
}

function fromWsgiBytes(value: string): string {
  if (WIDE.test(value)) return value;
  return Buffer.from(value, 'latin1').toString('utf8');
}

/**
 * `PATH_INFO` as Django's `get_path_info` reads it (`repercent_broken_unicode`): the bytes
 * decoded as UTF-8, each byte of an invalid sequence kept as an upper-case `%XX` escape, so
 * `/caf\xe9/` (a latin-1 `é`) becomes `/caf%E9/` rather than a U+FFFD that no URL matches.
 */
export function pathFromWsgiString(value: string): string {
  // As in `fromWsgiString`: the ASCII test inlined where it is called, the decoding apart (the
  // whole function was not inlined into the handler's resolve step: 60–180 instructions per
  // request for a call that returns its argument).
  return hasNonAscii(value) ? pathFromWsgiBytes(value) : value;
}

function pathFromWsgiBytes(value: string): string {
  if (WIDE.test(value)) return value;
  const bytes = Buffer.from(value, 'latin1');
  if (isUtf8(bytes)) return bytes.toString('utf8');
  let out = '';
  let start = 0;
  let i = 0;
  while (i < bytes.length) {
    const length = validSequenceLength(bytes, i);
    if (length > 0) {
      i += length;
      continue;
    }
    out += `${bytes.toString('utf8', start, i)}%${bytes[i]!.toString(16).toUpperCase().padStart(2, '0')}`;
    i += 1;
    start = i;
  }
  return out + bytes.toString('utf8', start);
}

/** The length of the well-formed UTF-8 sequence at `i` (RFC 3629), or 0. */
function validSequenceLength(bytes: Buffer, i: number): number {
  const b0 = bytes[i]!;
  if (b0 < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf): boolean =>
    i + k < bytes.length && bytes[i + k]! >= lo && bytes[i + k]! <= hi;
  if (b0 >= 0xc2 && b0 <= 0xdf) return cont(1) ? 2 : 0;
  if (b0 >= 0xe0 && b0 <= 0xef) {
    const lo = b0 === 0xe0 ? 0xa0 : 0x80;
    const hi = b0 === 0xed ? 0x9f : 0xbf;
    return cont(1, lo, hi) && cont(2) ? 3 : 0;
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    const lo = b0 === 0xf0 ? 0x90 : 0x80;
    const hi = b0 === 0xf4 ? 0x8f : 0xbf;
    return cont(1, lo, hi) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

const NON_ASCII = /[\u0080-\uffff]/;
const WIDE = /[\u0100-\uffff]/;

/**
 * Whether `value` holds a character above U+007F. A short value is scanned by a loop: a regex
 * test costs about 180 instructions before it looks at a character (callgrind), a loop about 4
 * per character, so up to 32 characters the loop is cheaper. The handler asks this of
 * `SCRIPT_NAME` and `PATH_INFO` on every request (`''` and `/` for hello JSON: 0.35k).
 */
function hasNonAscii(value: string): boolean {
  if (value.length > 32) return NON_ASCII.test(value);
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) > 0x7f) return true;
  return false;
}

/**
 * The query string as Django's `WSGIRequest.GET` reads it: the raw bytes (one latin-1
 * character each) decoded in the request's charset, falling back to latin-1, as `QueryDict`
 * does with bytes. A string holding characters above U+00FF was decoded by the gateway already.
 */
export function queryFromWsgiString(value: string, charset: string): string {
  if (!hasNonAscii(value) || WIDE.test(value)) return value;
  return decodeFormBody(Buffer.from(value, 'latin1'), charset);
}

/**
 * A `META` string for Django's `get_full_path`, which IRI-encodes `QUERY_STRING` as it finds it:
 * gateway bytes (one latin-1 character each) that are UTF-8 are decoded first, so `é` sent as
 * UTF-8 is `%C3%A9` once (Django would encode each byte again); anything else is text already,
 * as Django takes it (a test's `META['QUERY_STRING'] = 'drink=café'`, a latin-1 client's byte).
 */
export function iriFromWsgiString(value: string): string {
  if (!hasNonAscii(value) || WIDE.test(value)) return value;
  const bytes = Buffer.from(value, 'latin1');
  return isUtf8(bytes) ? bytes.toString('utf8') : value;
}

/** Django decodes a form body in its charset, falling back to latin-1 when that fails. */
export function decodeFormBody(body: Buffer, charset: string): string {
  const label = charset.trim().toLowerCase();
  if (UTF8.has(label)) return isUtf8(body) ? body.toString('utf8') : body.toString('latin1');
  return decodeText(body, charset);
}
