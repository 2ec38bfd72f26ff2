import { optionalRequire } from '@stack/utils';
import type * as EntitiesDecode from 'entities/decode';

const load = optionalRequire(import.meta.url);
let entities: typeof EntitiesDecode | undefined;

/**
 * entities' decoder, read when a named reference is first unescaped rather than at import (11 of
 * its files at start-up, 6 for `entities/decode` alone). entities ships separate ES and CommonJS
 * builds, but this package only calls its plain function `decodeHTML`: no object of it crosses
 * the API, so its CommonJS twin is never compared with anything.
 */
function decodeHTML(text: string): string {
  entities ??= load<typeof EntitiesDecode>('entities/decode', "urlize's unescaping");
  return entities.decodeHTML(text);
}

/**
 * Python's `html.unescape`, and what Django's `urlize` needs of it on long words: the trailing
 * punctuation of the unescaped text found without unescaping the whole text again.
 */

// Python's html.unescape: numeric references with its replacement tables, named ones as the
// HTML standard decodes them (longest legacy name without `;`).
const CHARREF_SOURCE = '&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\\t\\n\\f <&#;]{1,32};?)';
const CHARREF = new RegExp(CHARREF_SOURCE, 'gu');
const CHARREF_AT = new RegExp(CHARREF_SOURCE, 'yu');
const CP1252: Record<number, string> = {
  0x00: '\ufffd',
  0x0d: '\r',
  0x80: '\u20ac',
  0x81: '\x81',
  0x82: '\u201a',
  0x83: '\u0192',
  0x84: '\u201e',
  0x85: '\u2026',
  0x86: '\u2020',
  0x87: '\u2021',
  0x88: '\u02c6',
  0x89: '\u2030',
  0x8a: '\u0160',
  0x8b: '\u2039',
  0x8c: '\u0152',
  0x8d: '\x8d',
  0x8e: '\u017d',
  0x8f: '\x8f',
  0x90: '\x90',
  0x91: '\u2018',
  0x92: '\u2019',
  0x93: '\u201c',
  0x94: '\u201d',
  0x95: '\u2022',
  0x96: '\u2013',
  0x97: '\u2014',
  0x98: '\u02dc',
  0x99: '\u2122',
  0x9a: '\u0161',
  0x9b: '\u203a',
  0x9c: '\u0153',
  0x9d: '\x9d',
  0x9e: '\u017e',
  0x9f: '\u0178',
};

function isInvalidCodePoint(n: number): boolean {
  return (
    (n >= 0x1 && n <= 0x8) ||
    n === 0xb ||
    (n >= 0xe && n <= 0x1f) ||
    (n >= 0x7f && n <= 0x9f) ||
    (n >= 0xfdd0 && n <= 0xfdef) ||
    (n & 0xfffe) === 0xfffe
  );
}

function numericReference(body: string): string {
  const digits = body.replace(/;$/, '');
  const hex = digits[1] === 'x' || digits[1] === 'X';
  // Long digit runs are far past U+10FFFF whatever their value.
  const run = digits.slice(hex ? 2 : 1).replace(/^0+/, '');
  const n = run.length > 8 ? Infinity : run === '' ? 0 : parseInt(run, hex ? 16 : 10);
  const mapped = CP1252[n];
  if (mapped !== undefined) return mapped;
  if ((n >= 0xd800 && n <= 0xdfff) || n > 0x10ffff) return '\ufffd';
  if (isInvalidCodePoint(n)) return '';
  return String.fromCodePoint(n);
}

/** Python's `html.unescape`. */
export function htmlUnescape(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(CHARREF, (match, body: string) => replacement(match, body));
}

function replacement(match: string, body: string): string {
  return body.startsWith('#') ? numericReference(body) : decodeHTML(match);
}

function codePoints(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const pair = c >= 0xd800 && c <= 0xdbff && /[\udc00-\udfff]/.test(text.charAt(i + 1));
    if (pair) i++;
    n++;
  }
  return n;
}

/** A character reference found in the text: where it starts and ends, and what it decodes to. */
interface Reference {
  readonly at: number;
  readonly end: number;
  readonly text: string;
  /** Code points saved by decoding it. */
  readonly delta: number;
}

function reference(text: string, at: number, limit: number): Reference | undefined {
  const source = limit < text.length ? text.slice(0, limit) : text;
  CHARREF_AT.lastIndex = at;
  const match = CHARREF_AT.exec(source);
  if (!match) return undefined;
  const decoded = replacement(match[0], match[1] as string);
  const end = at + match[0].length;
  return { at, end, text: decoded, delta: codePoints(match[0]) - codePoints(decoded) };
}

/**
 * The unescaped text of any `text[start, end)` of one text, asked for its trailing characters
 * and its length without unescaping it again. References never contain `&`, so each one depends
 * only on the text from its `&` to the next, and only the last one before `end` can be cut.
 */
export class UnescapedSlices {
  readonly #text: string;
  readonly #refs: Reference[] = [];
  readonly #deltaBefore: number[] = [0];
  /** Code points before each UTF-16 index (a surrogate pair counts at its second unit). */
  readonly #cp: Int32Array;

  constructor(text: string) {
    this.#text = text;
    for (let at = text.indexOf('&'); at !== -1; at = text.indexOf('&', at + 1)) {
      const ref = reference(text, at, text.length);
      if (!ref) continue;
      this.#refs.push(ref);
      this.#deltaBefore.push(
        (this.#deltaBefore[this.#deltaBefore.length - 1] as number) + ref.delta,
      );
    }
    this.#cp = new Int32Array(text.length + 1);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      const high = c >= 0xd800 && c <= 0xdbff && /[\udc00-\udfff]/.test(text.charAt(i + 1));
      this.#cp[i + 1] = (this.#cp[i] as number) + (high ? 0 : 1);
    }
  }

  /** The code-point index of a UTF-16 index. */
  codePoint(index: number): number {
    return this.#cp[index] as number;
  }

  /** The UTF-16 index of a code-point index (the start of its character). */
  index(codePoint: number): number {
    let lo = 0;
    let hi = this.#text.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.#cp[mid] as number) < codePoint) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * For `html.unescape(text[start, end))`: its length in code points and how many trailing code
   * points are in `chars` (ASCII), i.e. what Python's `rstrip(chars)` would remove. References
   * must not begin before `start`.
   */
  trailing(start: number, end: number, chars: string): { length: number; stripped: number } {
    const text = this.#text;
    // the last reference starting before `end`, cut at `end` if it reached past it
    let lo = 0;
    let hi = this.#refs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.#refs[mid] as Reference).at < end) lo = mid + 1;
      else hi = mid;
    }
    let idx = lo - 1;
    let last = idx >= 0 ? (this.#refs[idx] as Reference) : undefined;
    if (last && last.end > end) {
      last = reference(text, last.at, end);
      if (!last) {
        idx--;
        last = idx >= 0 ? (this.#refs[idx] as Reference) : undefined;
      }
    }
    const saved = idx >= 0 ? (this.#deltaBefore[idx] as number) + (last as Reference).delta : 0;
    const length = this.codePoint(end) - this.codePoint(start) - saved;
    let stripped = 0;
    let segmentEnd = end;
    let ref = last;
    for (;;) {
      const literalStart = ref ? ref.end : start;
      let i = segmentEnd;
      while (i > literalStart && chars.includes(text.charAt(i - 1))) i--;
      stripped += segmentEnd - i;
      if (i > literalStart || !ref) break;
      let j = ref.text.length;
      while (j > 0 && chars.includes(ref.text.charAt(j - 1))) j--;
      stripped += ref.text.length - j;
      if (j > 0) break;
      segmentEnd = ref.at;
      idx--;
      ref = idx >= 0 ? (this.#refs[idx] as Reference) : undefined;
    }
    return { length, stripped };
  }
}
