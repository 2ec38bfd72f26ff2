import { describe, expect, it } from 'vitest';
import { checkingInterval } from './http-server.js';
import { resolveServeOptions } from './options.js';

describe('checkingInterval', () => {
  it('checks a quarter of the shorter timeout, from 25 ms to 2 s', () => {
    const interval = (options: Parameters<typeof resolveServeOptions>[0]) =>
      checkingInterval(resolveServeOptions(options));
    expect(interval({ headersTimeout: 300, requestTimeout: 1_000 })).toBe(75);
    expect(interval({ headersTimeout: 60, requestTimeout: 80 })).toBe(25);
    expect(interval({ headersTimeout: 6_000 })).toBe(1_500);
    expect(interval({ headersTimeout: 0, requestTimeout: 0 })).toBe(2_000);
  });

  it('never checks every 1000 ms by default, the period of node’s Date header timer', () => {
    // A 1000 ms interval shares that timer's list and phase, and V8 then deoptimises node's
    // timer functions long after the warm-up (see checkingInterval).
    expect(checkingInterval(resolveServeOptions({}))).toBe(2_000);
  });
});
