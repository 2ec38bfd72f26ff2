/**
 * The few pieces of Python's string semantics Django's helpers lean on, so results match Django
 * to the character: what `str.isspace()` and `re`'s `\s` call whitespace, what `\w` calls a word
 * character, and `str.strip()`.
 */

/** Python's whitespace: JavaScript's `\s` without U+FEFF, plus U+001C–U+001F and U+0085. */
export const PY_SPACE =
  '\\t\\n\\v\\f\\r \\x1c-\\x1f\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';

/** Python's `\w` on `str`: letters, digits and numerals of every script, and `_`. */
export const PY_WORD = '\\p{L}\\p{N}_';

const STRIP = new RegExp(`^[${PY_SPACE}]+|[${PY_SPACE}]+$`, 'g');
const SPLIT = new RegExp(`[${PY_SPACE}]+`);

/** Python's `str.strip()` with no argument. */
export function pyStrip(text: string): string {
  return text.replace(STRIP, '');
}

/** Python's `str.split()` with no argument: runs of whitespace separate, none at the ends. */
export function pySplit(text: string): string[] {
  const stripped = pyStrip(text);
  return stripped === '' ? [] : stripped.split(SPLIT);
}

/** Python's `str(value)` for the values a JavaScript caller hands over: `String()`. */
export function str(value: unknown): string {
  return typeof value === 'string' ? value : String(value);
}
