/**
 * Django's `django.utils.text.Truncator`: text shortened to a number of characters or words,
 * optionally HTML-aware (tags do not count, and tags left open are closed).
 */
import { isCombining } from './internal/combining.js';
import { PY_SPACE, pySplit, str } from './internal/python.js';

/** What `Truncator.chars` and `Truncator.words` accept besides the length. */
export interface TruncateOptions {
  /**
   * The text that marks a cut: default `'…'`. It may contain `%(truncated_text)s` to place the
   * kept text (Django's placeholder), e.g. `'%(truncated_text)s (more)'`.
   */
  truncate?: string;
  /** Count only text, not tags, and close the tags left open at the cut. */
  html?: boolean;
}

const DEFAULT_TRUNCATE = '%(truncated_text)s…';
const PLACEHOLDER = '%(truncated_text)s';
const HTML4_SINGLETS = new Set([
  'br',
  'col',
  'link',
  'base',
  'img',
  'param',
  'area',
  'hr',
  'input',
]);

const RE_CHARS = /<[^>]+?>|(.)/suy;
const RE_PRT = new RegExp(`<|([^<>${PY_SPACE}]+)`, 'gu');
const RE_NOTAG = new RegExp(`([^<>${PY_SPACE}]+)`, 'gu');
const RE_TAG = new RegExp(`^<(/)?([^${PY_SPACE}]+?)(?:([${PY_SPACE}]*/)|[${PY_SPACE}].*?)?>`, 'su');

interface Unit {
  text: string;
  end: number;
  word: boolean;
}

function searchFrom(re: RegExp, text: string, pos: number): RegExpExecArray | null {
  re.lastIndex = pos;
  return re.exec(text);
}

/** The next character or tag at or after `pos` (Django's `re_chars.search`). */
function nextChar(text: string, pos: number): Unit | undefined {
  // `.` matches anything, so the search succeeds at `pos` itself unless the text is exhausted.
  const m = searchFrom(RE_CHARS, text, pos);
  return m ? { text: m[0], end: RE_CHARS.lastIndex, word: m[1] !== undefined } : undefined;
}

/**
 * The next word or tag at or after `pos` (Django's `WordsRegex.search`, which avoids the
 * quadratic time a plain regular expression takes on runs of `<`).
 */
function nextWord(text: string, pos: number): Unit | undefined {
  const partial = searchFrom(RE_PRT, text, pos);
  if (!partial) return undefined;
  if (partial[1] !== undefined) return { text: partial[0], end: RE_PRT.lastIndex, word: true };
  const close = text.indexOf('>', RE_PRT.lastIndex);
  if (close < 0) {
    const word = searchFrom(RE_NOTAG, text, pos + 1);
    return word ? { text: word[0], end: RE_NOTAG.lastIndex, word: true } : undefined;
  }
  return { text: text.slice(partial.index, close + 1), end: close + 1, word: false };
}

/** Python's `%` with `{'truncated_text': text}`: the placeholder and `%%`, nothing else. */
function interpolate(template: string, text: string): string {
  return template.replace(/%(\(truncated_text\)s|%|.?)/gs, (match, what: string) => {
    if (what === '(truncated_text)s') return text;
    if (what === '%') return '%';
    throw new RangeError(`Unsupported format in truncation text: ${JSON.stringify(match)}`);
  });
}

/** Python's `int()` of a number or numeric string. */
function toInt(num: number | string): number {
  if (typeof num === 'number') {
    if (!Number.isFinite(num)) throw new RangeError(`Cannot convert ${num} to an integer`);
    return Math.trunc(num);
  }
  const text = num.replace(new RegExp(`^[${PY_SPACE}]+|[${PY_SPACE}]+$`, 'g'), '');
  if (!/^[+-]?\d+(?:_\d+)*$/.test(text)) {
    throw new RangeError(`invalid literal for int() with base 10: '${num}'`);
  }
  return Number(text.replaceAll('_', ''));
}

/** The first `count` code points of `text`, as a UTF-16 index. */
function codePointIndex(text: string, count: number): number {
  let index = 0;
  for (let n = 0; n < count && index < text.length; n++) {
    index += text.codePointAt(index)! > 0xffff ? 2 : 1;
  }
  return index;
}

/**
 * Shortens text to a number of characters or words (Django's `Truncator`). Characters are
 * counted after NFC normalisation and combining marks do not count, so `'ü'` is one character
 * however it is encoded; the truncation text counts towards the length of `chars`. With
 * `html`, tags and comments do not count, and tags still open at the cut are closed.
 *
 * @example
 * ```ts
 * const t = new Truncator('The quick brown fox jumped over the lazy dog.');
 * t.chars(21); // 'The quick brown fox …'
 * t.words(4); // 'The quick brown fox…'
 * t.words(4, { truncate: ' (more)' }); // 'The quick brown fox (more)'
 * new Truncator('<p>Joel <b>is a</b> slug</p>').words(2, { html: true }); // '<p>Joel <b>is…</b></p>'
 * ```
 */
export class Truncator {
  /**
   * HTML longer than this (5 million characters, about 4,000 text pages) is cut to this length
   * before truncating, as in Django, so a huge input cannot take unbounded time.
   */
  static MAX_LENGTH_HTML = 5_000_000;

  private readonly text: string;

  constructor(text: unknown) {
    this.text = str(text);
  }

  /**
   * The text cut to at most `num` characters, the truncation text included.
   *
   * @example
   * ```ts
   * new Truncator('asdf').chars(3); // 'as…'
   * new Truncator('asdf').chars(3, '!'); // 'as!'
   * ```
   */
  chars(num: number | string, options: TruncateOptions | string = {}): string {
    const { truncate, html } = typeof options === 'string' ? { truncate: options } : options;
    const length = toInt(num);
    const text = this.text.normalize('NFC');
    let truncateLen = length;
    for (const char of this.addTruncationText('', truncate)) {
      if (!isCombining(char)) {
        truncateLen -= 1;
        if (truncateLen === 0) break;
      }
    }
    if (html) return this.truncateHtml(length, truncate, text, truncateLen, false);
    let seen = 0;
    let endIndex: number | undefined;
    let index = 0;
    for (const char of text) {
      if (!isCombining(char)) {
        seen += 1;
        if (endIndex === undefined && seen > truncateLen) endIndex = index;
        if (seen > length) return this.addTruncationText(text.slice(0, endIndex ?? 0), truncate);
      }
      index += char.length;
    }
    return text;
  }

  /**
   * The text cut to at most `num` words; without `html`, runs of whitespace (newlines
   * included) become single spaces, as in Django.
   *
   * @example
   * ```ts
   * new Truncator('one two three').words(2); // 'one two…'
   * ```
   */
  words(num: number | string, options: TruncateOptions | string = {}): string {
    const { truncate, html } = typeof options === 'string' ? { truncate: options } : options;
    const length = toInt(num);
    if (html) return this.truncateHtml(length, truncate, this.text, length, true);
    const words = pySplit(this.text);
    if (words.length > length) {
      // Python's words[:length]: a negative length counts from the end.
      const kept = words.slice(0, length < 0 ? Math.max(0, words.length + length) : length);
      return this.addTruncationText(kept.join(' '), truncate);
    }
    return words.join(' ');
  }

  private addTruncationText(text: string, truncate = DEFAULT_TRUNCATE): string {
    if (truncate.includes(PLACEHOLDER)) return interpolate(truncate, text);
    return text.endsWith(truncate) ? text : text + truncate;
  }

  private truncateHtml(
    length: number,
    truncate: string | undefined,
    source: string,
    truncateLen: number,
    words: boolean,
  ): string {
    if (words && length <= 0) return '';
    let text = source;
    let sizeLimited = false;
    if (text.length > Truncator.MAX_LENGTH_HTML) {
      const cut = codePointIndex(text, Truncator.MAX_LENGTH_HTML);
      sizeLimited = cut < text.length;
      text = text.slice(0, cut);
    }
    const next = words ? nextWord : nextChar;
    let pos = 0;
    let endTextPos = 0;
    let currentLen = 0;
    // Open elements, innermost last. A closing tag closes only the innermost one, the rule of
    // Django's security releases: searching the list for unmatched tags was quadratic.
    const openTags: string[] = [];
    while (currentLen <= length) {
      const m = next(text, pos);
      if (!m) break;
      pos = m.end;
      if (m.word) {
        currentLen += 1;
        if (currentLen === truncateLen) endTextPos = pos;
        continue;
      }
      const tag = RE_TAG.exec(m.text);
      if (!tag || currentLen >= truncateLen) continue;
      const [, closing, rawName, selfClosing] = tag;
      const name = rawName!.toLowerCase();
      if (selfClosing !== undefined || HTML4_SINGLETS.has(name)) continue;
      if (!closing) openTags.push(name);
      else if (openTags[openTags.length - 1] === name) openTags.pop();
    }
    const truncateText = this.addTruncationText('', truncate);
    if (currentLen <= length) return sizeLimited && truncateText ? text + truncateText : text;
    let out = text.slice(0, endTextPos) + truncateText;
    for (let i = openTags.length - 1; i >= 0; i--) out += `</${openTags[i]}>`;
    return out;
  }
}
