/** Seconds per phase (warm-up, then measurement). `STACK_BENCH_DURATION`, default 5. */
export function benchDuration(): number {
  return positive('STACK_BENCH_DURATION', 5);
}

/** Seconds of warm-up per contender before measuring. `STACK_BENCH_WARMUP`, default 2. */
export function warmupDuration(): number {
  return positive('STACK_BENCH_WARMUP', 2);
}

/** Concurrent connections of the load generator. `STACK_BENCH_CONNECTIONS`, default 100. */
export function benchConnections(): number {
  return positive('STACK_BENCH_CONNECTIONS', 100);
}

/** Measured slices per contender, taken in turn. `STACK_BENCH_ROUNDS`, default 5. */
export function benchRounds(): number {
  return Math.max(1, Math.round(positive('STACK_BENCH_ROUNDS', 5)));
}

function positive(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
}
