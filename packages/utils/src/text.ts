/**
 * Django's `django.utils.text`: slugs, capitalisation, wrapping and newline helpers.
 * `Truncator` lives in `truncator.ts`.
 */
import { PY_SPACE, PY_WORD, pyStrip, str } from './internal/python.js';

const NOT_SLUG_CHAR = new RegExp(`[^${PY_WORD}${PY_SPACE}-]`, 'gu');
const SLUG_SEPARATORS = new RegExp(`[-${PY_SPACE}]+`, 'g');
// eslint-disable-next-line no-control-regex
const NON_ASCII = /[^\x00-\x7f]/g;

/**
 * Turns text into a URL slug (Django's `slugify`): lower case, spaces and runs of dashes become
 * one dash, anything but letters, digits, `_` and `-` is dropped, and dashes and underscores are
 * trimmed from the ends. Without `allowUnicode`, accents are stripped and other non-ASCII
 * characters dropped; with it, letters of every script stay (after NFKC normalisation).
 *
 * @example
 * ```ts
 * slugify('Hello, World!'); // 'hello-world'
 * slugify('Crème brûlée'); // 'creme-brulee'
 * slugify('你好 世界', { allowUnicode: true }); // '你好-世界'
 * ```
 */
export function slugify(value: unknown, options: { allowUnicode?: boolean } = {}): string {
  let text = str(value);
  text = options.allowUnicode
    ? text.normalize('NFKC')
    : text.normalize('NFKD').replace(NON_ASCII, '');
  return text
    .toLowerCase()
    .replace(NOT_SLUG_CHAR, '')
    .replace(SLUG_SEPARATORS, '-')
    .replace(/^[-_]+|[-_]+$/g, '');
}

/**
 * Upper-cases the first character (Django's `capfirst`).
 *
 * @example
 * ```ts
 * capfirst('hello world'); // 'Hello world'
 * ```
 */
export function capfirst(text: string): string {
  if (!text) return text;
  const first = String.fromCodePoint(text.codePointAt(0)!);
  return first.toUpperCase() + text.slice(first.length);
}

/**
 * Replaces `\r\n` and `\r` with `\n` (Django's `normalize_newlines`).
 *
 * @example
 * ```ts
 * normalizeNewlines('a\r\nb\rc'); // 'a\nb\nc'
 * ```
 */
export function normalizeNewlines(text: unknown): string {
  return str(text).replace(/\r\n?/g, '\n');
}

const PHONE_DIGITS: Record<string, string> = {};
for (const [digit, letters] of Object.entries({
  2: 'abc',
  3: 'def',
  4: 'ghi',
  5: 'jkl',
  6: 'mno',
  7: 'pqrs',
  8: 'tuv',
  9: 'wxyz',
})) {
  for (const letter of letters) PHONE_DIGITS[letter] = digit;
}

/**
 * Converts the letters of a phone number to their keypad digits (Django's `phone2numeric`);
 * like Django, the rest of the text comes back lower-cased.
 *
 * @example
 * ```ts
 * phone2numeric('0800 FLOWERS'); // '0800 3569377'
 * ```
 */
export function phone2numeric(phone: string): string {
  return phone.toLowerCase().replace(/[a-z]/g, (c) => PHONE_DIGITS[c]!);
}

// Python's str.splitlines(keepends=True) boundaries.
const LINES =
  // eslint-disable-next-line no-control-regex
  /[^\n\r\v\f\x1c-\x1e\x85\u2028\u2029]*(?:\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029])?/gu;

/**
 * Word-wraps text to `width` characters (Django's `wrap`, the `wordwrap` filter): breaks at
 * spaces and never inside a word, so a line may still be longer than `width`. Each line of the
 * input is wrapped on its own with Python's `textwrap` rules, as in Django since the fix for
 * CVE-2025-26699 (linear time): tabs expand to 8 columns, whitespace runs at a break are
 * dropped, and lines holding only whitespace disappear.
 *
 * @example
 * ```ts
 * wrap('The quick brown fox', 10); // 'The quick\nbrown fox'
 * ```
 */
export function wrap(text: string, width: number): string {
  const out: string[] = [];
  for (const line of text.match(LINES) ?? []) {
    if (line !== '') out.push(...wrapLine(line, width));
  }
  return out.join('\n');
}

/** Python's `str.expandtabs(8)`: a tab moves to the next multiple of 8; `\n`, `\r` reset. */
function expandTabs(text: string): string {
  if (!text.includes('\t')) return text;
  let out = '';
  let column = 0;
  for (const char of text) {
    if (char === '\t') {
      const spaces = 8 - (column % 8);
      out += ' '.repeat(spaces);
      column += spaces;
    } else {
      out += char;
      column = char === '\n' || char === '\r' ? 0 : column + 1;
    }
  }
  return out;
}

const codePoints = (text: string): number => {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff) n++;
  }
  return n;
};

/**
 * One line through Python's `textwrap.TextWrapper(width, break_long_words=False,
 * break_on_hyphens=False).wrap()`: ASCII whitespace becomes spaces, the text splits into
 * words and runs of spaces, and lines fill greedily.
 */
function wrapLine(line: string, width: number): string[] {
  if (!(width > 0)) throw new RangeError(`invalid width ${width} (must be > 0)`);
  const munged = expandTabs(line).replace(/[\t\n\v\f\r]/g, ' ');
  const chunks = munged.split(/( +)/).filter((c) => c !== '');
  chunks.reverse();
  const lines: string[] = [];
  const blank = (chunk: string) => pyStrip(chunk) === '';
  while (chunks.length) {
    const current: string[] = [];
    let length = 0;
    if (blank(chunks[chunks.length - 1]!) && lines.length) chunks.pop();
    while (chunks.length) {
      const size = codePoints(chunks[chunks.length - 1]!);
      if (length + size > width) break;
      current.push(chunks.pop()!);
      length += size;
    }
    if (chunks.length && codePoints(chunks[chunks.length - 1]!) > width && current.length === 0) {
      current.push(chunks.pop()!);
    }
    if (current.length && blank(current[current.length - 1]!)) current.pop();
    if (current.length) lines.push(current.join(''));
  }
  return lines;
}
