import { describe, expect, it } from 'vitest';
import { isThenable } from './index.js';

describe('isThenable', () => {
  it('is true for promises and any object or function with a then method', () => {
    expect(isThenable(Promise.resolve(1))).toBe(true);
    expect(isThenable({ then: () => undefined })).toBe(true);
    const fn = Object.assign(() => undefined, { then: () => undefined });
    expect(isThenable(fn)).toBe(true);
    class Deferred extends Promise<number> {}
    expect(isThenable(new Deferred(() => undefined))).toBe(true);
  });

  it('is false for plain values, null, and a then that is not a method', () => {
    for (const value of [null, undefined, 0, 'then', {}, { then: 1 }, []]) {
      expect(isThenable(value)).toBe(false);
    }
  });
});
