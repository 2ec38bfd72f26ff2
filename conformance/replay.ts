/**
 * The replay harness the packages' `test/django-<area>.test.ts` files share: reading the
 * harvested cases, registering one vitest case per harvested case, judging Stack's answer against
 * Django's and against the listed differences, checking the figures the README states, and
 * printing (and, with `STACK_CONFORMANCE_REPORT`, writing) what differs. A test-only module:
 * it imports vitest and node, never a `@stack/*` package, so every layer's tests may import it.
 *
 * Two kinds of `differences.json` exist:
 * - by case id (`replayById`: request, middleware, sessions): each differing case with the
 *   outcome Stack gives instead, which must stay exactly that;
 * - by case key (`replayByKey`: urls, auth): reasons, each listing the keys (`caseKey`, a digest
 *   of the case's inputs) of the cases it covers.
 * Either way a difference that is not listed fails, and so does a listed case that now agrees.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';

/** A case whose inputs Stack's API cannot take as they are, by design (with the reason). */
export class NotPortable extends Error {
  override name = 'NotPortable';
}

/** Reads a JSON file (harvested cases, differences), as `new URL('./django/x.json', import.meta.url)`. */
export function readJson<T>(url: URL): T {
  return JSON.parse(readFileSync(url, 'utf8')) as T;
}

/** Whether two values are equal as vitest's `toEqual` judges them. */
export function sameAs(actual: unknown, expected: unknown): boolean {
  try {
    expect(actual).toEqual(expected);
    return true;
  } catch {
    return false;
  }
}

/** What the closing line and the README speak of. */
export interface Figures {
  harvested: number;
  agreeing: number;
  /** Cases that differ, each one listed. */
  differing: number;
  /** The differing cases where Stack follows a newer Django on purpose. */
  newer: number;
  notPortable: number;
}

const portableOf = (f: Figures) => f.harvested - f.notPortable;
const percent = (n: number, of: number) => `${((100 * n) / Math.max(1, of)).toFixed(1)}%`;

function writeReport(area: string, report: unknown[]): void {
  const path = process.env['STACK_CONFORMANCE_REPORT'];
  if (path) writeFileSync(`${path}.${area}.json`, JSON.stringify(report, null, 1));
}

/** A difference listed by case id: why, and what Stack gives instead. */
export interface Difference<S = unknown> {
  reason: string;
  /** The newer Django whose behaviour Stack follows on purpose, when that is the reason. */
  follows?: string;
  /** What Stack gives instead. */
  stack: S;
}

/** A harvested case of the by-id kind. */
export interface IdCase {
  id: string;
  source: string;
  notPortable?: string;
}

export interface ReplayByIdOptions<C extends IdCase, S> {
  /** The area's name: the closing line says `django <area>:`, the report goes to `<path>.<area>.json`. */
  area: string;
  cases: readonly C[];
  differences: Readonly<Record<string, Difference>>;
  /** The test's name before ` (source)`: `${c.kind} ${c.id}`. */
  label: (c: C) => string;
  /** Stack's outcome; may throw `NotPortable`, which counts the case apart. */
  stack: (c: C) => S | Promise<S>;
  /** Django's outcome, in the shape of Stack's (default: the case's `out`). */
  django?: (c: C) => unknown;
  /** Whether Stack's outcome agrees with Django's (default: they are equal, as `toEqual` says). */
  agrees?: (c: C, stack: S) => boolean;
  /** What a listed difference's `stack` holds for this outcome (default: the outcome itself). */
  listedAs?: (stack: S) => unknown;
  /** Checks a differing case must pass all the same (e.g. the same CSRF verdict). */
  whenDiffering?: (c: C, stack: S) => void;
  /** The entry written to the report for a differing case (default: none is written). */
  reportEntry?: (c: C, stack: S) => unknown;
  /** The README, and the phrases it must contain, built from the figures. */
  readme: { url: URL; phrases: (figures: Figures & { portable: number }) => string[] };
}

/**
 * Registers one test per harvested case, agreeing with Django or differing exactly as listed
 * by case id, then `the README states these figures`; call it inside the area's `describe`.
 */
export function replayById<C extends IdCase, S>(options: ReplayByIdOptions<C, S>): Figures {
  const { cases, differences } = options;
  const django = options.django ?? ((c: C) => (c as { out?: unknown }).out);
  const agrees = options.agrees ?? ((c: C, stack: S) => sameAs(stack, django(c)));
  const figures: Figures = { harvested: 0, agreeing: 0, differing: 0, newer: 0, notPortable: 0 };
  const report: unknown[] = [];
  const replayNotPortable = new Map<string, number>();

  /**
   * Every case's verdict, computed once before any test of the describe runs, in case order: the
   * per-case tests and the figures test only read them, so neither depends on which runs first
   * (`vitest --sequence.shuffle`), and the figures always speak of every case.
   */
  type Verdict =
    | { kind: 'notPortable' }
    | { kind: 'agrees' }
    | { kind: 'differs'; stack: S }
    | { kind: 'throws'; error: unknown };
  const verdicts = new Map<C, Verdict>();
  async function judge(c: C): Promise<Verdict> {
    if (c.notPortable !== undefined) return { kind: 'notPortable' };
    let stack: S;
    try {
      stack = await options.stack(c);
    } catch (error) {
      if (!(error instanceof NotPortable)) return { kind: 'throws', error };
      replayNotPortable.set(error.message, (replayNotPortable.get(error.message) ?? 0) + 1);
      return { kind: 'notPortable' };
    }
    return agrees(c, stack) ? { kind: 'agrees' } : { kind: 'differs', stack };
  }
  beforeAll(async () => {
    for (const c of cases) {
      const verdict = await judge(c);
      verdicts.set(c, verdict);
      if (verdict.kind === 'notPortable') figures.notPortable++;
      else if (verdict.kind === 'agrees') figures.agreeing++;
      else if (verdict.kind === 'differs') {
        figures.differing++;
        if (differences[c.id]?.follows) figures.newer++;
        if (options.reportEntry) report.push(options.reportEntry(c, verdict.stack));
      }
    }
  }, 300_000);

  for (const c of cases) {
    figures.harvested++;
    const difference = differences[c.id];
    const suffix = difference ? ' [differs on purpose]' : '';
    it(`${options.label(c)} (${c.source})${suffix}`, () => {
      const verdict = verdicts.get(c);
      if (verdict === undefined) throw new Error('no verdict: the replay did not run');
      if (verdict.kind === 'throws') throw verdict.error;
      if (verdict.kind === 'notPortable') return;
      if (verdict.kind === 'agrees') {
        expect(difference, 'listed as a difference, but Stack now agrees').toBeUndefined();
        return;
      }
      const stack = verdict.stack;
      options.whenDiffering?.(c, stack);
      expect(difference, `an unlisted difference: ${JSON.stringify(stack)}`).toBeDefined();
      expect(options.listedAs ? options.listedAs(stack) : stack).toEqual(difference!.stack);
    });
  }

  it('the README states these figures', () => {
    const readme = readFileSync(options.readme.url, 'utf8').replace(/\s+/g, ' ');
    for (const phrase of options.readme.phrases({ ...figures, portable: portableOf(figures) }))
      expect(readme).toContain(phrase);
  });

  afterAll(() => {
    const portable = portableOf(figures);
    const faithful = portable - figures.newer;
    console.log(
      `django ${options.area}: ${figures.harvested} cases harvested, ${portable} portable, ` +
        `${figures.agreeing} agree (${percent(figures.agreeing, portable)}; ` +
        `${percent(figures.agreeing, faithful)} of the ${faithful} ` +
        `where Stack does not follow a newer Django on purpose), ` +
        `${figures.differing} documented differences (${figures.newer} follow a newer Django), ` +
        `${figures.notPortable} not portable`,
    );
    for (const [reason, count] of replayNotPortable)
      console.log(`  not portable in the replay: ${count} × ${reason}`);
    if (options.reportEntry) writeReport(options.area, report);
  });
  return figures;
}

/** The `differences.json` of the by-key kind: reasons, each with the keys of its cases. */
export interface DifferencesByReason {
  about: string;
  reasons: Record<string, string[]>;
}

/** Each listed case key with its reason. */
export function listedDifferences(differences: DifferencesByReason): Map<string, string> {
  const listed = new Map<string, string>();
  for (const [reason, keys] of Object.entries(differences.reasons))
    for (const key of keys) listed.set(key, reason);
  return listed;
}

/**
 * A stable name for a case, `<kind>:<12 hex digits>`: a digest of its kind and of the JSON of
 * what it depends on (inputs, configuration), so it survives a harvest that reorders the cases.
 * An `undefined` value counts as the text `undefined`.
 */
export function caseKey(kind: string, ...values: unknown[]): string {
  const text = [kind, ...values.map((value) => String(JSON.stringify(value)))].join('\n');
  return `${kind}:${createHash('sha256').update(text).digest('hex').slice(0, 12)}`;
}

/** A harvested case of the by-key kind. */
export interface KeyCase {
  kind: string;
  inputs?: unknown;
  notPortable?: string;
}

export interface ReplayByKeyOptions<C extends KeyCase> {
  /** The area's name: the closing line says `<area> conformance:`, the report `<path>.<area>.json`. */
  area: string;
  cases: readonly C[];
  listed: ReadonlyMap<string, string>;
  keyOf: (c: C) => string;
  /** Django's answer and Stack's, in one shape: they agree when their JSON is the same. */
  answers: (
    c: C,
  ) => { django: unknown; stack: unknown } | Promise<{ django: unknown; stack: unknown }>;
  /** The reason a differing case may differ (default: the one it is listed under). */
  reasonOf?: (c: C, key: string) => string | undefined;
  /** How much of the inputs' JSON the test's name shows. */
  labelLength: number;
  timeout?: number;
}

/**
 * Registers one test per harvested case (skipped, with the reason, when not portable), agreeing
 * with Django or listed by key, then `lists no difference that is not a harvested case`; call
 * it inside the area's `describe`.
 */
export function replayByKey<C extends KeyCase>(options: ReplayByKeyOptions<C>): void {
  const { cases, listed } = options;
  const figures = { harvested: cases.length, agreeing: 0, documented: 0, notPortable: 0 };
  const report: unknown[] = [];

  for (const [index, c] of cases.entries()) {
    const key = options.keyOf(c);
    const label = `${key} #${index} ${JSON.stringify(c.inputs === undefined ? {} : c.inputs).slice(0, options.labelLength)}`;
    if (c.notPortable) {
      figures.notPortable++;
      it.skip(`${label} (not portable: ${c.notPortable})`, () => {});
      continue;
    }
    it(label, { timeout: options.timeout }, async () => {
      const { django, stack } = await options.answers(c);
      const reason = options.reasonOf ? options.reasonOf(c, key) : listed.get(key);
      if (JSON.stringify(stack) === JSON.stringify(django)) {
        expect(listed.get(key), `listed as a difference but agrees: ${key}`).toBeUndefined();
        figures.agreeing++;
      } else {
        report.push({ key, kind: c.kind, inputs: c.inputs, django, stack });
        expect(reason, `unlisted difference ${key}: Stack ${JSON.stringify(stack)}`).toBeDefined();
        figures.documented++;
      }
    });
  }

  it('lists no difference that is not a harvested case', () => {
    const keys = new Set(cases.map(options.keyOf));
    expect([...listed.keys()].filter((k) => !keys.has(k))).toEqual([]);
  });

  afterAll(() => {
    const portable = figures.harvested - figures.notPortable;
    console.log(
      `${options.area} conformance: ${figures.harvested} cases, ${figures.agreeing} agree of ` +
        `${portable} portable (${percent(figures.agreeing, portable)}), ` +
        `${figures.documented} documented differences, ${figures.notPortable} not portable`,
    );
    writeReport(options.area, report);
  });
}
