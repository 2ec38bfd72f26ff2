/** The npm `punycode` package's ES module (RFC 3492), which ships no types of its own. */
declare module 'punycode/punycode.es6.js' {
  /** Punycode of a string of code points (no `xn--` prefix, no IDNA mapping). */
  export function encode(input: string): string;
}
