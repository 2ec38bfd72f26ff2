/**
 * Python's `unicodedata.combining(ch) != 0`: whether a character has a non-zero canonical
 * combining class. JavaScript has no direct query, but canonical ordering reveals it: NFD moves
 * a mark of class c before a preceding mark of a higher class, so a character of class > 1
 * swaps with U+0334 (class 1) put after it, and one of class 1..229 swaps with U+0301 (class
 * 230) put before it. A class 0 character (a starter) never moves.
 */
const cache = new Map<string, boolean>();

function reorders(sequence: string, char: string, expectedIndex: number): boolean {
  return Array.from(sequence.normalize('NFD')).indexOf(char) !== expectedIndex;
}

function classify(char: string): boolean {
  const decomposed = char.normalize('NFD');
  // A character that decomposes takes the class of its own first code point's decomposition.
  const probe = decomposed === char ? char : String.fromCodePoint(decomposed.codePointAt(0)!);
  if (probe.normalize('NFD') !== probe) return false;
  return reorders(`a${probe}\u0334`, probe, 1) || reorders(`a\u0301${probe}`, probe, 2);
}

/** Whether `char` (one code point) is a combining character, as Python counts them. */
export function isCombining(char: string): boolean {
  const code = char.codePointAt(0)!;
  if (code < 0x300) return false;
  let known = cache.get(char);
  if (known === undefined) {
    known = classify(char);
    if (cache.size < 4096) cache.set(char, known);
  }
  return known;
}
