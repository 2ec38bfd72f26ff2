/**
 * Django's `django.utils.encoding` URL helpers: IRIs (URLs with any Unicode) to URIs (ASCII)
 * and back, per RFC 3987.
 */
import { quote } from './internal/quote.js';

/**
 * Percent-encodes what an IRI may hold but a URI may not (Django's `iri_to_uri`), leaving
 * reserved characters and `%` alone, so an already encoded URL comes back unchanged.
 *
 * @example
 * ```ts
 * iriToUri('/blog/for/Jürgen Münster/'); // '/blog/for/J%C3%BCrgen%20M%C3%BCnster/'
 * ```
 */
export function iriToUri(iri: string): string {
  return quote(iri, "/#%[]=:;$&()+,!?*@'~");
}

/** The `%XX` sequences `uriToIri` decodes: unreserved ASCII, and every byte of 128 or more. */
function decodable(byte: number): boolean {
  return (
    byte >= 128 ||
    (byte >= 0x41 && byte <= 0x5a) ||
    (byte >= 0x61 && byte <= 0x7a) ||
    byte === 0x2d ||
    byte === 0x2e ||
    byte === 0x5f ||
    byte === 0x7e
  );
}

/**
 * Decodes what a URI percent-encodes but an IRI may show (Django's `uri_to_iri`): UTF-8
 * characters and unreserved ASCII. Reserved characters stay encoded, and so do bytes that are
 * not valid UTF-8, so the result converts back with `iriToUri` unchanged.
 *
 * @example
 * ```ts
 * uriToIri('/%E2%99%A5%E2%99%A5/?utf8=%E2%9C%93'); // '/♥♥/?utf8=✓'
 * uriToIri('/%25%20%41/'); // '/%25%20A/'
 * ```
 */
export function uriToIri(uri: string): string {
  if (!uri.includes('%')) return uri;
  const source = Buffer.from(uri, 'utf8');
  const bytes: number[] = [];
  for (let i = 0; i < source.length; i++) {
    const byte = source[i]!;
    if (byte === 0x25 && i + 2 < source.length) {
      const hex = source.subarray(i + 1, i + 3).toString('latin1');
      if (/^[0-9A-Fa-f]{2}$/.test(hex) && decodable(parseInt(hex, 16))) {
        bytes.push(parseInt(hex, 16));
        i += 2;
        continue;
      }
    }
    bytes.push(byte);
  }
  return repercentBrokenUnicode(Buffer.from(bytes)).toString('utf8');
}

/** How many bytes of a valid UTF-8 sequence start at `at`, or 0 if none does. */
function utf8SequenceLength(bytes: Uint8Array, at: number): number {
  const b0 = bytes[at]!;
  if (b0 < 0x80) return 1;
  let length: number;
  let min: number;
  if (b0 >= 0xc2 && b0 <= 0xdf) [length, min] = [2, 0x80];
  else if (b0 >= 0xe0 && b0 <= 0xef) [length, min] = [3, 0x800];
  else if (b0 >= 0xf0 && b0 <= 0xf4) [length, min] = [4, 0x10000];
  else return 0;
  if (at + length > bytes.length) return 0;
  let code = b0 & (0xff >> (length + 1));
  for (let k = 1; k < length; k++) {
    const b = bytes[at + k]!;
    if ((b & 0xc0) !== 0x80) return 0;
    code = (code << 6) | (b & 0x3f);
  }
  if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return 0;
  return length;
}

/**
 * Percent-encodes the bytes of `path` that are not part of valid UTF-8 (Django's
 * `repercent_broken_unicode`, step three of RFC 3987's URI-to-IRI conversion).
 *
 * @example
 * ```ts
 * repercentBrokenUnicode(Buffer.from('test\xfc', 'latin1')).toString(); // 'test%FC'
 * ```
 */
export function repercentBrokenUnicode(path: Uint8Array): Buffer {
  const out: number[] = [];
  for (let i = 0; i < path.length;) {
    const length = utf8SequenceLength(path, i);
    if (length === 0) {
      for (const ch of quote(path.subarray(i, i + 1), "/#%[]=:;$&()+,!?*@'~"))
        out.push(ch.charCodeAt(0));
      i += 1;
      continue;
    }
    for (let k = 0; k < length; k++) out.push(path[i + k]!);
    i += length;
  }
  return Buffer.from(out);
}

/**
 * Percent-encodes the unsafe characters of a URL path (Django's `escape_uri_path`): `/` and the
 * characters RFC 2396 allows in a path stay, `;`, `=`, `?` and `#` are encoded.
 *
 * @example
 * ```ts
 * escapeUriPath('/caf\u00e9/a b?c'); // '/caf%C3%A9/a%20b%3Fc'
 * ```
 */
export function escapeUriPath(path: string): string {
  return quote(path, "/:@&+$,-_.!~*'()");
}

/**
 * Converts a file system path to the path part of a URL (Django's `filepath_to_uri`):
 * backslashes become slashes, and the rest is percent-encoded except `/~!*()'`.
 *
 * @example
 * ```ts
 * filepathToUri('upload\\чубака.mp4'); // 'upload/%D1%87%D1%83%D0%B1%D0%B0%D0%BA%D0%B0.mp4'
 * ```
 */
export function filepathToUri(path: string): string {
  return quote(path.replaceAll('\\', '/'), "/~!*()'");
}
