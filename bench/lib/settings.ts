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

/**
 * The least size, MB, of each V8 semi-space (the young generation) in every server an HTTP
 * benchmark starts: `STACK_BENCH_SEMI_SPACE`, default 16, the most V8 grows it to by itself on
 * this heap; `0` leaves V8's own sizing. V8 shrinks the young generation at the first garbage
 * collection after some six seconds without allocation, and grows it back only over the next
 * several hundred collections (several seconds of load), scavenging every 3-4 ms instead of every
 * 15-30 until then. Every measured slice follows such a pause (the others' slices), so without a
 * floor each slice measured that regrowth, not the steady state, and it cost a server more the
 * more it allocates (bench/README.md, round 10).
 */
export function semiSpaceMb(): number {
  return wholeNumber('STACK_BENCH_SEMI_SPACE', Number.MAX_SAFE_INTEGER) ?? 16;
}

/**
 * Whether the servers an HTTP benchmark starts keep V8's memory reducer
 * (`STACK_BENCH_MEMORY_REDUCER=1`); by default each runs with `--no-memory-reducer`. After some
 * seconds without allocation the reducer runs a memory-reducing full collection, which keeps no
 * map alive that only optimised code still points to; while a server sits idle its requests'
 * objects are all dead, so their maps go, and with them all its optimised code ("weak objects"
 * under `--trace-deopt`). Each slice follows such an idle stretch (the others' slices): in one
 * process, at a random slice, the handler then recompiled everything and ran at 20-34 µs a
 * request where it had run at 16 for the 90 s before. A server under steady load never idles
 * long enough for it (bench/README.md, round 12).
 */
export function memoryReducer(): boolean {
  return switchedOn('STACK_BENCH_MEMORY_REDUCER', "keep V8's", 'turn it off');
}

/**
 * Extra request headers for `instructions.ts` (`STACK_BENCH_IR_HEADERS`, a JSON object of header
 * names to values; none by default), e.g. a browser's, to count what each header a client sends
 * costs a server.
 */
export function extraHeaders(): Record<string, string> | undefined {
  const raw = process.env.STACK_BENCH_IR_HEADERS;
  if (raw === undefined || raw === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = undefined;
  }
  const valid =
    typeof parsed === 'object' &&
    parsed !== null &&
    !Array.isArray(parsed) &&
    Object.values(parsed).every((value) => typeof value === 'string');
  if (!valid) {
    throw new Error('STACK_BENCH_IR_HEADERS must be a JSON object of header names to strings');
  }
  return parsed as Record<string, string>;
}

/**
 * Whether `instructions.ts` also has callgrind simulate the caches and the branch predictor
 * (`STACK_BENCH_IR_CACHES=1`; off by default, since it runs about half again as long): then it
 * counts, per request, first-level cache misses (instruction and data) and mispredicted branches
 * beside the instructions. Two servers with the same count of instructions can differ in time
 * by those (bench/README.md, round 11).
 */
export function simulateCaches(): boolean {
  return switchedOn('STACK_BENCH_IR_CACHES', 'simulate', 'do not');
}

/**
 * The callgrind event `functions.ts` ranks functions by (`STACK_BENCH_IR_EVENT`): `Ir`
 * (instructions, the default), or with `STACK_BENCH_IR_CACHES=1` dumps, a miss count such as
 * `D1mr` (first-level data cache read misses) or `Bcm` (mispredicted conditional branches).
 */
export function rankingEvent(): string {
  const raw = process.env.STACK_BENCH_IR_EVENT;
  if (raw === undefined || raw === '') return 'Ir';
  if (!CALLGRIND_EVENTS.includes(raw)) {
    throw new Error(`STACK_BENCH_IR_EVENT must be one of ${CALLGRIND_EVENTS.join(', ')}`);
  }
  return raw;
}

/** The events callgrind counts with the cache and branch simulation on. */
export const CALLGRIND_EVENTS = [
  'Ir',
  'Dr',
  'Dw',
  'I1mr',
  'D1mr',
  'D1mw',
  'ILmr',
  'DLmr',
  'DLmw',
  'Bc',
  'Bcm',
  'Bi',
  'Bim',
];

let drawnSeed: number | undefined;

/**
 * The seed of the order the HTTP benchmarks measure in (`lib/schedule.ts`): `STACK_BENCH_SEED`
 * to replay a run's, otherwise one drawn once per process (and printed with each table).
 */
export function benchSeed(): number {
  const given = wholeNumber('STACK_BENCH_SEED', 0xffffffff);
  if (given !== undefined) return given;
  drawnSeed ??= Math.floor(Math.random() * 0x100000000);
  return drawnSeed;
}

/** The switch in the variable `name`: `1` on; `0`, empty or unset off; anything else an error. */
function switchedOn(name: string, on: string, off: string): boolean {
  const raw = process.env[name];
  if (raw === undefined || raw === '' || raw === '0') return false;
  if (raw === '1') return true;
  throw new Error(`${name} must be 1 (${on}) or 0 (${off})`);
}

/** The whole number from 0 to `max` in the variable `name`; `undefined` when it is unset. */
function wholeNumber(name: string, max: number): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new Error(`${name} must be a whole number from 0 to ${max}`);
  }
  return value;
}

function positive(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
}
