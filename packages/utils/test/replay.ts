/**
 * Replays the cases `conformance/harvest/utils.py` harvested with real Django 3.2 (see its
 * docstring for the JSON shape) against @stack/utils. Each area's test maps Django's function
 * names to calls; a case listed in `django/differences.json` must instead give the outcome
 * recorded there, with the reason the README's table of differences repeats.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { decode, encode } from './codec.js';

export { FakeResponse } from './codec.js';

export interface Case {
  id: string;
  fn: string;
  args: unknown[];
  kwargs?: Record<string, unknown>;
  env?: Record<string, unknown>;
  out?: unknown;
  error?: string;
  message?: string;
  source: string;
}

export interface Difference {
  reason: string;
  /** What Stack gives instead: `{ out }` or `{ error }` (a JavaScript error class name). */
  stack: { out?: unknown; error?: string };
}

export interface AreaData {
  django: string;
  source: string[];
  cases: Case[];
}

export function loadArea(area: string): AreaData {
  return JSON.parse(readFileSync(new URL(`./django/${area}.json`, import.meta.url), 'utf8'));
}

export const differences: Record<string, Difference> = JSON.parse(
  readFileSync(new URL('./django/differences.json', import.meta.url), 'utf8'),
);

const ERROR_CLASSES: Record<string, string> = {
  ValueError: 'RangeError',
  IndexError: 'RangeError',
  KeyError: 'RangeError',
  AttributeError: 'RangeError',
  TypeError: 'TypeError',
  InvalidAlgorithm: 'InvalidAlgorithm',
  SuspiciousFileOperation: 'RangeError',
};

function expandRle(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(expandRle);
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if ('$rle' in v) return decode(v);
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, expandRle(x)]));
  }
  return value;
}

export type Call = (c: Case, args: unknown[], kwargs: Record<string, unknown>) => unknown;

/** One `it` per case; `calls` maps Django's function names to Stack calls. */
export function replay(
  area: string,
  calls: Record<string, Call>,
  normalise?: (c: Case, out: unknown) => unknown,
): void {
  const data = loadArea(area);
  for (const c of data.cases) {
    const difference = differences[c.id];
    const title = `${c.fn} ${c.id} (${c.source})${difference ? ' [differs on purpose]' : ''}`;
    it(title, () => {
      const call = calls[c.fn];
      if (!call) throw new Error(`No Stack call for Django's ${c.fn}`);
      const expected = difference
        ? difference.stack
        : c.error
          ? { error: ERROR_CLASSES[c.error] ?? `(Django raised ${c.error})` }
          : { out: expandRle(c.out) };
      let outcome: { out?: unknown; error?: string };
      try {
        const out = encode(
          call(
            c,
            (c.args ?? []).map(decode),
            Object.fromEntries(Object.entries(c.kwargs ?? {}).map(([k, v]) => [k, decode(v)])),
          ),
        );
        outcome = { out: normalise ? normalise(c, out) : out };
      } catch (error) {
        if (!expected.error) throw error;
        outcome = { error: (error as Error).name };
      }
      const want = expected.error
        ? expected
        : { out: normalise ? normalise(c, expected.out) : expected.out };
      expect(outcome).toEqual(want);
    });
  }
}
