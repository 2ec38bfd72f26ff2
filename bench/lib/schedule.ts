// The order in which the HTTP benchmarks measure their contenders, and the ratios read from it
// (lib/http.ts's measureAll). Pure functions, so bench/lib/schedule.test.ts can check them.

/** The median of a non-empty list. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * The order of one run's measured slices: the baseline's slice between every other contender's,
 * round after round (B X B Y B Z, B X B Y B Z, ...), and one more of the baseline's at the very
 * end, so every other slice has a baseline slice on each side. The order within a round stays
 * the same so that no baseline slice sits between two slices of one contender (rotating it would
 * put Z on both sides of a round's boundary): a baseline slice that the host slowed then touches
 * one ratio of each of two contenders, and each contender's median drops it. Entries are indexes
 * into the contenders.
 */
export function bracketedSchedule(count: number, baseline: number, rounds: number): number[] {
  const others = [...Array(count).keys()].filter((i) => i !== baseline);
  if (others.length === 0) return Array<number>(rounds).fill(baseline);
  const order: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const other of others) order.push(baseline, other);
  }
  order.push(baseline);
  return order;
}

/**
 * Each non-baseline slice of `schedule` divided by the mean of the baseline's two slices beside
 * it; per contender, in the order taken. `rps[k]` is the req/s of `schedule[k]`'s slice.
 */
export function bracketedRatios(
  schedule: number[],
  rps: number[],
  baseline: number,
  count: number,
): number[][] {
  const ratios = [...Array(count)].map(() => [] as number[]);
  for (let k = 0; k < schedule.length; k++) {
    const i = schedule[k]!;
    if (i === baseline) continue;
    const around = (rps[k - 1]! + rps[k + 1]!) / 2;
    ratios[i]!.push(rps[k]! / around);
  }
  return ratios;
}
