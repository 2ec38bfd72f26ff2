import { escape } from '@stack/utils';

const escapeHtml = (text: string): string => escape(text).value;
import { UnescapedSlices, htmlUnescape } from '../html-unescape.js';
import { punycode, IdnaError, smartUrlquote } from '../py-urllib.js';

/**
 * Django 3.2's `urlize` (django/utils/html.py), step for step: the same word splitting,
 * punctuation trimming (on the HTML-unescaped word), URL and e-mail recognition, and
 * `smart_urlquote` (Python's `urlsplit`, IDNA 2003 host names, query re-encoding, RFC 3986
 * quoting). Indices are counted in code points, as Python does.
 */

// Python's str.isspace() characters (JavaScript's \s differs: it has U+FEFF, lacks U+001C-1F, U+0085).
const PY_SPACE =
  '\\t\\n\\v\\f\\r \\x1c-\\x1f\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const WORD_SPLIT = new RegExp(`([${PY_SPACE}<>"']+)`, 'u');
const SIMPLE_URL = /^https?:\/\/\[?[\p{L}\p{N}_]/iu;
const SIMPLE_URL_2 =
  /^www\.|^(?!http)[\p{L}\p{N}_][^@\n\r\u2028\u2029]+\.(com|edu|gov|int|mil|net|org)($|\/.*$)/iu;
const TRAILING_PUNCTUATION = '.,:;!';
const WRAPPING: readonly (readonly [string, string])[] = [
  ['(', ')'],
  ['[', ']'],
];

/**
 * Django's `trim_punctuation`. The middle stays `word[start, end)`; bracket counts are kept
 * incrementally, and the trailing-punctuation step (on the unescaped middle) runs only when the
 * end moved (dropping a leading `(`/`[` cannot change the tail) and reads only the tail, so a
 * word of thousands of brackets and entities stays linear where Django 3.2's loop is quadratic.
 */
function trimPunctuation(word: string): [string, string, string] {
  let start = 0;
  let end = word.length;
  let lead = '';
  let trail = '';
  const count: Record<string, number> = { '(': 0, ')': 0, '[': 0, ']': 0 };
  const tally = (from: number, to: number, sign: number): void => {
    for (let i = from; i < to; i++) {
      const c = word.charAt(i);
      if (c in count) count[c] = (count[c] as number) + sign;
    }
  };
  tally(start, end, 1);
  const slices = word.includes('&') ? new UnescapedSlices(word) : undefined;
  let checkedEnd = -1;
  for (let trimmed = true; trimmed;) {
    trimmed = false;
    for (const [open, close] of WRAPPING) {
      if (start < end && word[start] === open) {
        tally(start, start + 1, -1);
        start++;
        lead += open;
        trimmed = true;
      }
      if (start < end && word[end - 1] === close && count[close] === (count[open] as number) + 1) {
        tally(end - 1, end, -1);
        end--;
        trail = close + trail;
        trimmed = true;
      }
    }
    if (end === checkedEnd) continue;
    checkedEnd = end;
    if (!slices) {
      // nothing to unescape: plain rstrip
      let i = end;
      while (i > start && TRAILING_PUNCTUATION.includes(word.charAt(i - 1))) i--;
      if (i === end) continue;
      trail = word.slice(i, end) + trail;
      end = i;
      trimmed = true;
      continue;
    }
    const { length, stripped } = slices.trailing(start, end, TRAILING_PUNCTUATION);
    if (stripped === 0) continue;
    // Django slices the escaped middle with lengths of the unescaped one: reproduced.
    const keep = slices.codePoint(start) + length - stripped;
    trail = word.slice(Math.min(slices.index(keep), end), end) + trail;
    const newEnd = Math.max(slices.index(slices.codePoint(end) - stripped), start);
    tally(newEnd, end, -1);
    end = newEnd;
    trimmed = true;
  }
  return [lead, word.slice(start, end), trail];
}

function isEmailSimple(value: string): boolean {
  if (!value.includes('@') || value.startsWith('@') || value.endsWith('@')) return false;
  const parts = value.split('@');
  if (parts.length !== 2) return false;
  const domain = parts[1] as string;
  return domain.includes('.') && !domain.startsWith('.');
}

/** The options of `urlize`. */
export interface UrlizeOptions {
  readonly trimUrlLimit?: number | undefined;
  readonly nofollow?: boolean;
  readonly autoescape?: boolean;
  /** The text was a safe string (Django's `SafeData`). */
  readonly safeInput?: boolean;
}

/** Django's `django.utils.html.urlize`. */
export function urlize(text: string, options: UrlizeOptions = {}): string {
  const { trimUrlLimit: limit, nofollow = false, autoescape = false, safeInput = false } = options;
  const trim = (x: string): string => {
    if (limit === undefined) return x;
    const chars = [...x];
    return chars.length <= limit ? x : `${chars.slice(0, Math.max(0, limit - 1)).join('')}…`;
  };
  const words = text.split(WORD_SPLIT);
  for (const [i, word] of words.entries()) {
    const plain = safeInput ? word : autoescape ? escapeHtml(word) : word;
    if (i % 2 === 1 || !/[.@:]/.test(word)) {
      words[i] = plain;
      continue;
    }
    let [lead, middle, trail] = trimPunctuation(word);
    let url: string | undefined;
    let rel = nofollow ? ' rel="nofollow"' : '';
    if (SIMPLE_URL.test(middle)) url = smartUrlquote(htmlUnescape(middle));
    else if (SIMPLE_URL_2.test(middle)) url = smartUrlquote(`http://${htmlUnescape(middle)}`);
    else if (!middle.includes(':') && isEmailSimple(middle)) {
      const at = middle.lastIndexOf('@');
      let domain: string;
      try {
        domain = punycode(middle.slice(at + 1));
      } catch (error) {
        if (error instanceof IdnaError) continue; // Django leaves the word as it was
        throw error;
      }
      url = `mailto:${middle.slice(0, at)}@${domain}`;
      rel = '';
    }
    if (url === undefined) {
      words[i] = plain;
      continue;
    }
    let trimmed = trim(middle);
    if (autoescape && !safeInput) {
      lead = escapeHtml(lead);
      trail = escapeHtml(trail);
      trimmed = escapeHtml(trimmed);
    }
    middle = `<a href="${escapeHtml(url)}"${rel}>${trimmed}</a>`;
    words[i] = lead + middle + trail;
  }
  return words.join('');
}
