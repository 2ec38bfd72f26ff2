import { describe, expect, it } from 'vitest';
import {
  InvalidAlgorithm,
  RANDOM_STRING_CHARS,
  constantTimeCompare,
  getRandomString,
  saltedHmac,
} from './index.js';

describe('getRandomString', () => {
  it('draws only from the given characters, at the given length', () => {
    expect(getRandomString(0)).toBe('');
    const s = getRandomString(500);
    expect(s).toHaveLength(500);
    expect([...s].every((c) => RANDOM_STRING_CHARS.includes(c))).toBe(true);
    expect(getRandomString(64, 'ab')).toMatch(/^[ab]{64}$/);
    expect(getRandomString(3, '😀')).toBe('😀😀😀');
  });

  it('has no modulo bias: with 255 characters, the first is not drawn twice as often', () => {
    // A byte taken modulo 255 would pick the first character for 0 and 255: twice the share.
    const alphabet = Array.from({ length: 255 }, (_, i) => String.fromCharCode(0x100 + i)).join('');
    const sample = getRandomString(255 * 4000, alphabet);
    let first = 0;
    for (const c of sample) if (c === alphabet[0]) first++;
    // Expected 4,000 (standard deviation about 63); a biased draw gives about 7,970.
    expect(first).toBeLessThan(5000);
    expect(first).toBeGreaterThan(3000);
  });

  it('refuses a negative or fractional length and an empty alphabet', () => {
    expect(() => getRandomString(-1)).toThrow(RangeError);
    expect(() => getRandomString(1.5)).toThrow(RangeError);
    expect(() => getRandomString(4, '')).toThrow(RangeError);
  });
});

describe('constantTimeCompare', () => {
  it('compares strings and bytes, including different lengths', () => {
    expect(constantTimeCompare('spam', 'spam')).toBe(true);
    expect(constantTimeCompare('spam', 'eggs')).toBe(false);
    expect(constantTimeCompare('spam', 'spa')).toBe(false);
    expect(constantTimeCompare(Buffer.from('é'), 'é')).toBe(true);
  });
});

describe('saltedHmac', () => {
  it('refuses an unknown algorithm with InvalidAlgorithm (a RangeError)', () => {
    expect(() => saltedHmac('salt', 'value', 'secret', 'whatever')).toThrow(InvalidAlgorithm);
    expect(() => saltedHmac('salt', 'value', 'secret', 'whatever')).toThrow(
      "'whatever' is not an algorithm accepted by the hashlib module.",
    );
  });
});
