/**
 * Replays the session encodings `conformance/harvest/http.py` recorded with real Django 3.2
 * (`SessionBase.encode`/`decode` of the database backends, while Django's `sessions_tests`
 * ran) against Stack's `DatabaseSessionStore`, with the clock Django read: the same secret key
 * gives the same signed string, and Stack reads what Django wrote.
 *
 * A case listed in `django/differences.json` must give the outcome recorded there instead, with
 * its reason (and `follows`, the newer Django whose behaviour Stack keeps on purpose).
 */
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { DatabaseSessionStore } from '../src/index.js';

interface Case {
  id: string;
  kind: string;
  source: string;
  data?: unknown;
  key?: string;
  hashing?: string;
  now?: number | { $: 'float'; v: number };
  out?: unknown;
  notPortable?: string;
}

interface Difference {
  reason: string;
  follows?: string;
  stack: { out: unknown };
}

const data: { cases: Case[] } = JSON.parse(
  readFileSync(new URL('./django/sessions.json', import.meta.url), 'utf8'),
);
const differences: Record<string, Difference> = JSON.parse(
  readFileSync(new URL('./django/differences.json', import.meta.url), 'utf8'),
);

const seconds = (now: Case['now']) => (typeof now === 'object' ? now.v : (now as number));
const figures = { harvested: 0, agreeing: 0, differing: 0, newer: 0, notPortable: 0 };

describe("session encode/decode, as Django 3.2's sessions_tests recorded them", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  for (const c of data.cases) {
    figures.harvested++;
    const difference = differences[c.id];
    it(`${c.kind} ${c.id} (${c.source})${difference ? ' [differs on purpose]' : ''}`, () => {
      if (c.notPortable !== undefined) {
        figures.notPortable++;
        return;
      }
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(seconds(c.now) * 1000);
      const store = new DatabaseSessionStore(null, { secretKey: c.key! });
      const out =
        c.kind === 'session-encode'
          ? store.encode(c.data as Record<string, unknown>)
          : store.decode(c.data as string);
      let agrees = true;
      try {
        expect(out).toEqual(c.out);
      } catch {
        agrees = false;
      }
      if (agrees) {
        figures.agreeing++;
        expect(difference, 'listed as a difference, but Stack now agrees').toBeUndefined();
        return;
      }
      figures.differing++;
      if (difference?.follows) figures.newer++;
      expect(difference, `an unlisted difference: ${JSON.stringify(out)}`).toBeDefined();
      expect({ out }).toEqual(difference!.stack);
    });
  }

  it('the README states these figures', () => {
    const portable = figures.harvested - figures.notPortable;
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8').replace(
      /\s+/g,
      ' ',
    );
    expect(readme).toContain(`of ${portable} portable cases, ${figures.agreeing} agree`);
  });

  afterAll(() => {
    const portable = figures.harvested - figures.notPortable;
    console.log(
      `django sessions: ${figures.harvested} cases harvested, ${portable} portable, ` +
        `${figures.agreeing} agree, ${figures.differing} documented differences ` +
        `(${figures.newer} follow a newer Django), ${figures.notPortable} not portable`,
    );
  });
});
