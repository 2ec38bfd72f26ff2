/**
 * Template renderings harvested from Django 3.2's own tests (template_tests/filter_tests and
 * syntax_tests, the filter functions they call, and urlize vectors), replayed against Stack.
 * Every case agrees with real Django, or is listed in test/django/differences.json with the
 * reason (mirrored in the README's table of differences), or is counted as not portable.
 */
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { caseIds, expected, loadHarvest, replay } from './django/replay.js';
import differencesData from './django/differences.json' with { type: 'json' };

const AREAS = ['filter-tests', 'syntax-tests', 'filter-functions', 'urlize'] as const;
const differences = differencesData as {
  reasons: Record<string, string>;
  cases: Record<string, string>;
};

interface Tally {
  harvested: number;
  agreeing: number;
  documented: number;
  notPortable: number;
  reasons: Map<string, number>;
}

const report: Record<string, unknown>[] = [];

describe.each(AREAS)('Django conformance: %s', (area) => {
  const file = loadHarvest(area);
  const ids = caseIds(file.cases);
  const tally: Tally = {
    harvested: file.cases.length,
    agreeing: 0,
    documented: 0,
    notPortable: 0,
    reasons: new Map(),
  };

  it('agrees with real Django on every case not listed as a difference', async () => {
    const unexpected: string[] = [];
    const fixed: string[] = [];
    for (const [i, c] of file.cases.entries()) {
      const id = `${area}:${ids[i]}`;
      const outcome = await replay(file, c);
      const listed = differences.cases[id];
      if (outcome.kind === 'notPortable') {
        tally.notPortable++;
        tally.reasons.set(outcome.reason, (tally.reasons.get(outcome.reason) ?? 0) + 1);
      } else if (outcome.kind === 'agrees') {
        tally.agreeing++;
        if (listed) fixed.push(id);
      } else {
        if (listed) tally.documented++;
        else unexpected.push(`${id}: Django ${expected(c)}, Stack ${outcome.got}`);
        report.push({ id, reason: listed, case: c, expected: expected(c), got: outcome.got });
      }
    }
    if (process.env['STACK_CONFORMANCE_REPORT']) {
      writeFileSync(`${process.env['STACK_CONFORMANCE_REPORT']}.${area}.json`, JSON.stringify(report, null, 1));
    }
    console.log(
      `${area}: ${tally.harvested} harvested, ${tally.agreeing} agree, ${tally.documented} documented differences, ${tally.notPortable} not portable`,
    );
    expect(unexpected).toEqual([]);
    expect(fixed, 'listed as differences but now agreeing: remove them').toEqual([]);
  }, 120_000);

  it('lists only known reasons', () => {
    for (const [id, reason] of Object.entries(differences.cases)) {
      if (id.startsWith(`${area}:`)) expect(differences.reasons[reason], id).toBeTypeOf('string');
    }
  });
});
