// The order in which the HTTP benchmarks measure their contenders, and the ratios read from it
// (lib/http.ts's measureAll). Pure functions, so bench/lib/schedule.test.ts can check them.

/** The median of a non-empty list. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * The order of one run's measured slices: the baseline's slice between every other contender's
 * (B X B Y B Z, B Y B X B Z, ...), and one more of the baseline's at the very end, so every
 * other slice has a baseline slice on each side. Each round takes the others in an order of its
 * own, drawn from `seed`, so no contender keeps one phase against something periodic on the
 * host (a fixed order put each contender's slices exactly one round apart); and a round never
 * starts with the contender that ended the last, so no baseline slice sits between two slices
 * of one contender: a baseline slice that the host slowed then touches one ratio of each of two
 * contenders, and each contender's median drops it. Entries are indexes into the contenders.
 */
export function bracketedSchedule(
  count: number,
  baseline: number,
  rounds: number,
  seed = 1,
): number[] {
  const others = [...Array(count).keys()].filter((i) => i !== baseline);
  if (others.length === 0) return Array<number>(rounds).fill(baseline);
  const random = mulberry32(seed);
  const order: number[] = [];
  let last = -1;
  for (let round = 0; round < rounds; round++) {
    const turn = [...others];
    // Fisher-Yates, then the one that ended the last round moved off the front.
    for (let i = turn.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [turn[i], turn[j]] = [turn[j]!, turn[i]!];
    }
    if (turn.length > 1 && turn[0] === last) [turn[0], turn[1]] = [turn[1]!, turn[0]!];
    for (const other of turn) order.push(baseline, other);
    last = turn[turn.length - 1]!;
  }
  order.push(baseline);
  return order;
}

/** A small seeded generator of numbers in [0, 1) (mulberry32), so a run's order can be replayed. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
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
