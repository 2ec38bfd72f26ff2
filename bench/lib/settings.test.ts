import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  benchRounds,
  benchSeed,
  extraHeaders,
  memoryReducer,
  rankingEvent,
  semiSpaceMb,
  simulateCaches,
} from './settings.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('semiSpaceMb', () => {
  it('floors the young generation at 16 MB unless told otherwise', () => {
    vi.stubEnv('STACK_BENCH_SEMI_SPACE', '');
    expect(semiSpaceMb()).toBe(16);
    vi.stubEnv('STACK_BENCH_SEMI_SPACE', '32');
    expect(semiSpaceMb()).toBe(32);
  });

  it('takes 0 for V8 sizing the young generation itself', () => {
    vi.stubEnv('STACK_BENCH_SEMI_SPACE', '0');
    expect(semiSpaceMb()).toBe(0);
  });

  it('refuses what is not a whole number of MB', () => {
    for (const bad of ['-1', '1.5', 'lots']) {
      vi.stubEnv('STACK_BENCH_SEMI_SPACE', bad);
      expect(() => semiSpaceMb()).toThrow(/STACK_BENCH_SEMI_SPACE/);
    }
  });
});

describe('benchRounds', () => {
  it('rounds to a whole number of slices, at least one', () => {
    vi.stubEnv('STACK_BENCH_ROUNDS', '2.6');
    expect(benchRounds()).toBe(3);
    vi.stubEnv('STACK_BENCH_ROUNDS', '0.2');
    expect(benchRounds()).toBe(1);
    vi.stubEnv('STACK_BENCH_ROUNDS', '0');
    expect(() => benchRounds()).toThrow(/positive/);
  });
});

describe('extraHeaders', () => {
  it('sends none unless given a JSON object of strings', () => {
    vi.stubEnv('STACK_BENCH_IR_HEADERS', '');
    expect(extraHeaders()).toBeUndefined();
    vi.stubEnv('STACK_BENCH_IR_HEADERS', '{"accept-language":"en-US,en;q=0.5"}');
    expect(extraHeaders()).toEqual({ 'accept-language': 'en-US,en;q=0.5' });
  });

  it('refuses what is not an object of strings', () => {
    for (const bad of ['{', '[]', 'null', '"x"', '{"accept":1}']) {
      vi.stubEnv('STACK_BENCH_IR_HEADERS', bad);
      expect(() => extraHeaders()).toThrow(/STACK_BENCH_IR_HEADERS/);
    }
  });
});

describe('benchSeed', () => {
  it('replays the seed it is given and keeps the one it drew', () => {
    vi.stubEnv('STACK_BENCH_SEED', '1234');
    expect(benchSeed()).toBe(1234);
    vi.stubEnv('STACK_BENCH_SEED', '');
    const drawn = benchSeed();
    expect(Number.isInteger(drawn) && drawn >= 0 && drawn <= 0xffffffff).toBe(true);
    expect(benchSeed()).toBe(drawn);
  });

  it('refuses what is not a 32-bit whole number', () => {
    for (const bad of ['-1', '1.5', '4294967296', 'x']) {
      vi.stubEnv('STACK_BENCH_SEED', bad);
      expect(() => benchSeed()).toThrow(/STACK_BENCH_SEED/);
    }
  });
});

describe.each([
  { name: 'memoryReducer', read: memoryReducer, variable: 'STACK_BENCH_MEMORY_REDUCER' },
  { name: 'simulateCaches', read: simulateCaches, variable: 'STACK_BENCH_IR_CACHES' },
])('$name', ({ read, variable }) => {
  it('is on only with 1, off with 0, empty or unset', () => {
    vi.stubEnv(variable, undefined);
    expect(read()).toBe(false);
    vi.stubEnv(variable, '');
    expect(read()).toBe(false);
    vi.stubEnv(variable, '0');
    expect(read()).toBe(false);
    vi.stubEnv(variable, '1');
    expect(read()).toBe(true);
  });

  it('names itself when given anything else', () => {
    for (const bad of ['yes', 'off', '2']) {
      vi.stubEnv(variable, bad);
      expect(() => read()).toThrow(new RegExp(variable));
    }
  });
});

describe('rankingEvent', () => {
  it("ranks by instructions unless given another of callgrind's events", () => {
    vi.stubEnv('STACK_BENCH_IR_EVENT', '');
    expect(rankingEvent()).toBe('Ir');
    vi.stubEnv('STACK_BENCH_IR_EVENT', 'D1mr');
    expect(rankingEvent()).toBe('D1mr');
    for (const bad of ['d1mr', 'Ir; rm -rf /', '--show=Ir']) {
      vi.stubEnv('STACK_BENCH_IR_EVENT', bad);
      expect(() => rankingEvent()).toThrow(/STACK_BENCH_IR_EVENT/);
    }
  });
});
