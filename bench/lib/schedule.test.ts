import { describe, expect, it } from 'vitest';
import { bracketedRatios, bracketedSchedule, median } from './schedule.js';

describe('bracketedSchedule', () => {
  it('puts the baseline between every other slice, round after round', () => {
    // Contenders 0 (baseline), 1, 2, 3; three rounds.
    expect(bracketedSchedule(4, 0, 3)).toEqual([
      0, 1, 0, 2, 0, 3, 0, 1, 0, 2, 0, 3, 0, 1, 0, 2, 0, 3, 0,
    ]);
  });

  it('never puts one contender on both sides of a baseline slice', () => {
    for (const count of [3, 4, 7]) {
      const schedule = bracketedSchedule(count, 0, 5);
      schedule.forEach((i, k) => {
        if (i === 0 && k > 0 && k < schedule.length - 1) {
          expect(schedule[k - 1]).not.toBe(schedule[k + 1]);
        }
      });
    }
  });

  it('takes each other contender once a round, whichever index the baseline has', () => {
    const schedule = bracketedSchedule(5, 2, 4);
    for (const i of [0, 1, 3, 4]) expect(schedule.filter((j) => j === i)).toHaveLength(4);
    schedule.forEach((i, k) => {
      if (i !== 2) expect([schedule[k - 1], schedule[k + 1]]).toEqual([2, 2]);
    });
  });

  it('measures a lone baseline once a round', () => {
    expect(bracketedSchedule(1, 0, 3)).toEqual([0, 0, 0]);
  });
});

describe('bracketedRatios', () => {
  it('divides each slice by the mean of the baseline slices on either side', () => {
    const schedule = [0, 1, 0, 2, 0];
    const ratios = bracketedRatios(schedule, [100, 90, 80, 60, 120], 0, 3);
    expect(ratios[0]).toEqual([]);
    expect(ratios[1]).toEqual([90 / 90]);
    expect(ratios[2]).toEqual([60 / 100]);
  });

  it('lets a slow baseline slice spoil one ratio of each of its two neighbours, no more', () => {
    // The host slows down during one of the baseline's slices (50 req/s instead of 100); the
    // others serve 95.
    const schedule = bracketedSchedule(3, 0, 3);
    const rps = schedule.map((i, k) => (k === 4 ? 50 : i === 0 ? 100 : 95));
    const ratios = bracketedRatios(schedule, rps, 0, 3);
    expect(ratios[1]!.map((r) => r.toFixed(3))).toEqual(['0.950', '1.267', '0.950']);
    expect(ratios[2]!.map((r) => r.toFixed(3))).toEqual(['1.267', '0.950', '0.950']);
    expect(median(ratios[1]!)).toBeCloseTo(0.95);
    expect(median(ratios[2]!)).toBeCloseTo(0.95);
  });
});

describe('median', () => {
  it('takes the middle of an odd list and the mean of the middle two of an even one', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
