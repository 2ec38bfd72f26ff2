/** Python's `urllib.parse.quote`, `quote_plus` and `unquote_plus`, as Django uses them. */
import { urlquote, urlquotePlus } from '@stack/utils';
import { decodeText, encodeText } from './charset.js';

/**
 * Percent-encode `text` (encoded in `charset`) leaving `safe` and the unreserved set alone;
 * `plus` writes spaces as `+` (Python's `quote_plus`).
 */
export function quote(text: string, safe = '/', charset = 'utf-8', plus = false): string {
  const bytes = encodeText(text, charset);
  return plus ? urlquotePlus(bytes, safe) : urlquote(bytes, safe);
}

const ESCAPES = /(?:%[0-9A-Fa-f]{2})+/g;

/** Decode `%XX` runs in `charset` (bad sequences become U+FFFD); `+` becomes a space. */
export function unquotePlus(text: string, charset = 'utf-8'): string {
  const spaced = text.includes('+') ? text.replace(/\+/g, ' ') : text;
  if (!spaced.includes('%')) return spaced;
  return spaced.replace(ESCAPES, (run) => {
    const bytes = new Uint8Array(run.length / 3);
    for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(run.slice(i * 3 + 1, i * 3 + 3), 16);
    return decodeText(bytes, charset);
  });
}

/**
 * The scheme of a URL as Python's `urlsplit` finds it (leading C0 controls and spaces
 * stripped, tabs and newlines removed), lower-cased, or '' when there is none.
 */
export function urlScheme(url: string): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = url.replace(/^[\x00-\x20]+/, '').replace(/[\t\r\n]/g, '');
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(cleaned);
  return match ? match[1]!.toLowerCase() : '';
}
