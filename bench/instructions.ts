// Instructions per request under valgrind's callgrind, for hello JSON and the fortunes page: a
// count, not a time, so it holds still on a loaded machine and shows what each change saves.
// Every contender gets the same warm-up and the same number of requests, one connection (so
// the server handles one request per event-loop turn, the same for all); ratios are against
// raw node:http (hello) and the hand-written better-sqlite3 page (fortunes), from the same run.
// Only the contenders named on the command line run when some are: `instructions.ts core`.
// The optimising compiler's instructions (V8 still tiering up; valgrind slows its background
// threads) and the GC's are counted apart and left out of the per-request figure: whether a
// major collection falls inside a window of a few thousand requests changes the GC's share by
// 30x between runs, so it says little about one request. Allocation shows in profile.ts.
// Knobs: STACK_BENCH_REQUESTS (default 3000), STACK_BENCH_IR_CONNECTIONS (default 1),
// STACK_BENCH_IR_WARMUP (default 15000, then half and a quarter again on new connections: after
// 5000, valgrind's slowed compiler threads had not yet optimised some of the defaults' functions,
// and the JIT column was not zero), STACK_BENCH_IR_KEEP
// (a folder: each contender's dumps are kept in <folder>/<key>/ for `functions.ts`),
// STACK_BENCH_IR_CACHES=1 (callgrind also simulates the caches and the branch predictor: two
// more columns, first-level cache misses and mispredicted branches per request, where a count
// of instructions at parity can still hide a slower server; about half again as long).
// Slow (valgrind), so `pnpm bench` does not run it (no run() export); run it by hand:
//   cd bench && node --import tsx instructions.ts [keys...]
import { resolve } from 'node:path';
import { fortunesFixture } from './fortunes.js';
import { canCountInstructions, instructionsPerRequest } from './lib/callgrind.js';
import { FORTUNES, HELLO, type Keyed } from './lib/contenders.js';
import { isMain } from './lib/main.js';
import { printTable, type Row } from './lib/table.js';

async function group(
  title: string,
  contenders: Keyed[],
  baseline: Keyed,
  path: string,
  env: Record<string, string>,
): Promise<void> {
  const asked = process.argv.slice(2);
  const requests = Number(process.env.STACK_BENCH_REQUESTS ?? 3000);
  const connections = Number(process.env.STACK_BENCH_IR_CONNECTIONS ?? 1);
  const warmup = Number(process.env.STACK_BENCH_IR_WARMUP ?? 15000);
  const keep = process.env.STACK_BENCH_IR_KEEP;
  const chosen = contenders.filter(
    (c) => c === baseline || asked.length === 0 || asked.includes(c.key),
  );
  if (chosen.length === 1 && asked.length > 0) return;
  const rows: Row[] = [];
  for (const contender of chosen) {
    const withEnv = { ...contender, env: { ...env, ...contender.env } };
    const count = await instructionsPerRequest(withEnv, {
      warmup,
      requests,
      connections,
      path,
      ...(keep && { keep: resolve(keep, contender.key) }),
    });
    rows.push({
      name: contender.name,
      values: {
        steady: (count.total - count.compiler - count.gc) / 1000,
        gc: count.gc / 1000,
        compiler: count.compiler / 1000,
        ...(count.misses && {
          l1: count.misses.l1 / 1000,
          branches: count.misses.branches / 1000,
        }),
      },
    });
  }
  const simulated = rows.every((row) => row.values.l1 !== undefined);
  printTable(
    `${title}: thousands of instructions per request (callgrind, ${requests} requests after ${warmup}, ${connections} connection(s))`,
    rows,
    [
      { key: 'steady', label: 'k instr/req (no GC, no JIT)', digits: 1 },
      { key: 'gc', label: 'GC (noisy)', digits: 1 },
      { key: 'compiler', label: 'JIT compiler', digits: 1 },
      ...(simulated
        ? [
            { key: 'l1', label: 'k L1 misses/req', digits: 2 },
            { key: 'branches', label: 'k mispredicted/req', digits: 2 },
          ]
        : []),
    ],
    baseline.name,
  );
}

async function main(): Promise<void> {
  if (!canCountInstructions()) {
    console.log('bench/instructions: valgrind (callgrind) is not installed; skipped');
    return;
  }
  await group('hello JSON', HELLO, HELLO[0]!, '/', {});
  const fixture = fortunesFixture();
  try {
    await group('fortunes', FORTUNES, FORTUNES[0]!, '/fortunes/', fixture.env);
  } finally {
    fixture.remove();
  }
}

if (isMain(import.meta.url)) await main();
