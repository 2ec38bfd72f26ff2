import { describe, expect, it } from 'vitest';
import { bracketedRatios, bracketedSchedule, median } from './schedule.js';

describe('bracketedSchedule', () => {
  const rounds = (schedule: number[], baseline: number, others: number) => {
    const taken = schedule.filter((i) => i !== baseline);
    return [...Array(taken.length / others).keys()].map((r) =>
      taken.slice(r * others, (r + 1) * others),
    );
  };

  it('puts the baseline before, between and after every other slice', () => {
    for (const seed of [1, 2, 3]) {
      const schedule = bracketedSchedule(4, 0, 3, seed);
      expect(schedule).toHaveLength(2 * 3 * 3 + 1);
      schedule.forEach((i, k) => expect(i === 0).toBe(k % 2 === 0));
    }
  });

  it('takes each other contender once a round, whichever index the baseline has', () => {
    const schedule = bracketedSchedule(5, 2, 4, 7);
    for (const round of rounds(schedule, 2, 4)) expect([...round].sort()).toEqual([0, 1, 3, 4]);
  });

  it('never puts one contender on both sides of a baseline slice', () => {
    for (const count of [3, 4, 7]) {
      for (let seed = 1; seed <= 50; seed++) {
        const schedule = bracketedSchedule(count, 0, 6, seed);
        for (let k = 2; k < schedule.length - 2; k += 2) {
          expect(schedule[k - 1]).not.toBe(schedule[k + 1]);
        }
      }
    }
  });

  it('draws each round its own order, the same again from the same seed', () => {
    const schedule = bracketedSchedule(7, 0, 10, 42);
    expect(bracketedSchedule(7, 0, 10, 42)).toEqual(schedule);
    expect(bracketedSchedule(7, 0, 10, 43)).not.toEqual(schedule);
    const orders = new Set(rounds(schedule, 0, 6).map((round) => round.join(' ')));
    expect(orders.size).toBeGreaterThan(5);
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
    // B 1 B 2 B 1 B 2 B 1 B 2 B; the host slows down during the third baseline slice (50 req/s
    // instead of 100), between contender 2's first slice and contender 1's second; the others
    // serve 95.
    const schedule = [0, 1, 0, 2, 0, 1, 0, 2, 0, 1, 0, 2, 0];
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
