import { describe, expect, it } from 'vitest';
import {
  CSRF_ALLOWED_CHARS,
  doesTokenMatch,
  maskCipherSecret,
  newCsrfSecret,
  tokenFormatProblem,
  unmaskCipherToken,
} from './csrf-token.js';

describe('CSRF secrets and tokens', () => {
  it('makes 32-character secrets over letters and digits, different each time', () => {
    const a = newCsrfSecret();
    expect(a).toMatch(/^[a-zA-Z0-9]{32}$/);
    expect(newCsrfSecret()).not.toBe(a);
  });

  it('masks a secret into a 64-character token that changes every time and unmasks to the secret', () => {
    const secret = newCsrfSecret();
    const t1 = maskCipherSecret(secret);
    const t2 = maskCipherSecret(secret);
    expect(t1).toMatch(/^[a-zA-Z0-9]{64}$/);
    expect(t1).not.toBe(t2);
    expect(unmaskCipherToken(t1)).toBe(secret);
    expect(unmaskCipherToken(t2)).toBe(secret);
  });

  it('unmasks a token Django computed (mask + cipher, shifted per character)', () => {
    // mask "b..." shifts each secret character by one position in the alphabet.
    const secret = 'a'.repeat(31) + '9';
    const token = 'b'.repeat(32) + 'b'.repeat(31) + 'a';
    expect(unmaskCipherToken(token)).toBe(secret);
    expect(CSRF_ALLOWED_CHARS.at(-1)).toBe('9');
  });

  it('matches masked and unmasked tokens against the secret, and nothing else', () => {
    const secret = newCsrfSecret();
    expect(doesTokenMatch(maskCipherSecret(secret), secret)).toBe(true);
    expect(doesTokenMatch(secret, secret)).toBe(true);
    expect(doesTokenMatch(maskCipherSecret(newCsrfSecret()), secret)).toBe(false);
    expect(doesTokenMatch(newCsrfSecret(), secret)).toBe(false);
    expect(doesTokenMatch('short', secret)).toBe(false);
  });

  it('reports Django’s reasons for malformed tokens', () => {
    expect(tokenFormatProblem('x'.repeat(32))).toBeUndefined();
    expect(tokenFormatProblem('x'.repeat(64))).toBeUndefined();
    expect(tokenFormatProblem('x'.repeat(31))).toBe('has incorrect length');
    expect(tokenFormatProblem('x'.repeat(65))).toBe('has incorrect length');
    expect(tokenFormatProblem('x'.repeat(10_000))).toBe('has incorrect length');
    expect(tokenFormatProblem('é'.repeat(32))).toBe('has invalid characters');
    expect(tokenFormatProblem('-'.repeat(64))).toBe('has invalid characters');
  });

  it('accepts exactly letters and digits, refusing every other character in any position', () => {
    expect(tokenFormatProblem(CSRF_ALLOWED_CHARS.slice(0, 32))).toBeUndefined();
    expect(tokenFormatProblem(CSRF_ALLOWED_CHARS.slice(30))).toBeUndefined();
    for (let code = 0; code < 0x180; code++) {
      const char = String.fromCharCode(code);
      if (CSRF_ALLOWED_CHARS.includes(char)) continue;
      for (const position of [0, 17, 31]) {
        const token = 'a'.repeat(position) + char + 'a'.repeat(31 - position);
        expect(tokenFormatProblem(token), `U+${code.toString(16)}`).toBe('has invalid characters');
      }
    }
  });
});
