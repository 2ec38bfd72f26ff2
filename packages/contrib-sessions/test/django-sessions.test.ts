/**
 * Replays the session encodings `conformance/harvest/http.py` recorded with real Django 3.2
 * (`SessionBase.encode`/`decode` of the database backends, while Django's `sessions_tests`
 * ran) against Stack's `DatabaseSessionStore`, with the clock Django read: the same secret key
 * gives the same signed string, and Stack reads what Django wrote.
 *
 * A case listed in `django/differences.json` must give the outcome recorded there instead, with
 * its reason (and `follows`, the newer Django whose behaviour Stack keeps on purpose).
 */
import { describe, vi } from 'vitest';
import { readJson, replayById, type Difference } from '../../../conformance/replay.js';
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

const data = readJson<{ cases: Case[] }>(new URL('./django/sessions.json', import.meta.url));
const differences = readJson<Record<string, Difference<{ out: unknown }>>>(
  new URL('./django/differences.json', import.meta.url),
);

const seconds = (now: Case['now']) => (typeof now === 'object' ? now.v : (now as number));

/** What Stack's store gives for the case, at the time Django read. */
function outOf(c: Case): unknown {
  vi.useFakeTimers({ toFake: ['Date'] });
  try {
    vi.setSystemTime(seconds(c.now) * 1000);
    const store = new DatabaseSessionStore(null, { secretKey: c.key! });
    return c.kind === 'session-encode'
      ? store.encode(c.data as Record<string, unknown>)
      : store.decode(c.data as string);
  } finally {
    vi.useRealTimers();
  }
}

describe("session encode/decode, as Django 3.2's sessions_tests recorded them", () => {
  replayById({
    area: 'sessions',
    cases: data.cases,
    differences,
    label: (c) => `${c.kind} ${c.id}`,
    stack: outOf,
    listedAs: (out) => ({ out }),
    readme: {
      url: new URL('../README.md', import.meta.url),
      phrases: (f) => [`of ${f.portable} portable cases, ${f.agreeing} agree`],
    },
  });
});
