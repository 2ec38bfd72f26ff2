// Where each server's CPU time goes, per request and per layer, measured by time rather than by
// instructions: `perf record -e cpu-clock` samples the pinned server (all its threads) while
// wrk drives it (lib/perf-profile.ts). The kernel, node's C++, V8's builtins, runtime and GC,
// native addons and the JavaScript of each package each get their µs per request, beside the
// baseline's, and the functions that differ most are listed. Instruction counts
// (instructions.ts) say what a change saves; this says where the wall clock goes, which differs
// when the extra work is JavaScript and allocation (slower per instruction than node's C++) or
// when the kernel charges the server for waking its client.
// Knobs: STACK_BENCH_DURATION (seconds profiled, default 5), STACK_BENCH_WARMUP (default 2),
// STACK_BENCH_CONNECTIONS (default 100). Needs Debian's `linux-perf` and `wrk`; not run by
// `pnpm bench` (no run() export). By hand, after `pnpm build`:
//   cd bench && node --import tsx cpu-time.ts [keys...]   (keys as in instructions.ts)
import { fortunesFixture } from './fortunes.js';
import { FORTUNES, HELLO, type Keyed } from './lib/contenders.js';
import { isMain } from './lib/main.js';
import { hasPerf, timeProfile, type TimeProfile } from './lib/perf-profile.js';
import { benchConnections, benchDuration, warmupDuration } from './lib/settings.js';
import { hasWrk } from './lib/wrk.js';

/** Rows of the function comparison printed per contender. */
const FUNCTIONS = 20;

function printLayers(title: string, profiles: TimeProfile[]): void {
  const [base] = profiles as [TimeProfile, ...TimeProfile[]];
  const layers = [...new Set(profiles.flatMap((p) => [...p.layers.keys()]))].sort(
    (a, b) =>
      Math.max(...profiles.map((p) => p.layers.get(b) ?? 0)) -
      Math.max(...profiles.map((p) => p.layers.get(a) ?? 0)),
  );
  const header = ['layer', ...profiles.map((p) => p.name)];
  const cell = (profile: TimeProfile, value: number, reference: number, ratio = false): string => {
    const text = value.toFixed(2);
    if (profile === base) return text;
    if (ratio) return `${text} (${(value / reference).toFixed(2)}x)`;
    const change = value - reference;
    return `${text} (${change >= 0 ? '+' : ''}${change.toFixed(2)})`;
  };
  const rows = layers
    .filter((layer) => profiles.some((p) => (p.layers.get(layer) ?? 0) >= 0.01))
    .map((layer) => [
      layer,
      ...profiles.map((p) => cell(p, p.layers.get(layer) ?? 0, base.layers.get(layer) ?? 0)),
    ]);
  rows.push(['total', ...profiles.map((p) => cell(p, p.total, base.total, true))]);
  rows.push(['requests profiled', ...profiles.map((p) => String(p.requests))]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`\n${title}`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}

function printFunctions(base: TimeProfile, profile: TimeProfile): void {
  const names = new Set([...base.functions.keys(), ...profile.functions.keys()]);
  const changes = [...names]
    .map((name) => {
      const before = base.functions.get(name) ?? 0;
      const after = profile.functions.get(name) ?? 0;
      return { name, before, after, change: after - before };
    })
    .sort((a, b) => b.change - a.change);
  console.log(
    `\n${profile.name} over ${base.name}: the functions that cost most more (µs/request)`,
  );
  for (const { name, before, after, change } of changes.slice(0, FUNCTIONS)) {
    console.log(
      `  ${change.toFixed(2).padStart(6)}  ${before.toFixed(2).padStart(5)} -> ${after.toFixed(2).padStart(5)}  ${name}`,
    );
  }
}

async function group(
  title: string,
  contenders: Keyed[],
  path: string,
  env: Record<string, string>,
): Promise<void> {
  const asked = process.argv.slice(2);
  const [baseline] = contenders as [Keyed, ...Keyed[]];
  const chosen = contenders.filter(
    (c) => c === baseline || asked.length === 0 || asked.includes(c.key),
  );
  if (chosen.length === 1 && asked.length > 0) return;
  const seconds = benchDuration();
  const connections = benchConnections();
  const profiles: TimeProfile[] = [];
  for (const contender of chosen) {
    const withEnv = { ...contender, env: { ...env, ...contender.env } };
    profiles.push(
      await timeProfile(withEnv, { path, seconds, warmupSeconds: warmupDuration(), connections }),
    );
  }
  printLayers(
    `${title}: CPU µs per request by layer (perf cpu-clock, wrk ${connections} connections, ${seconds} s)`,
    profiles,
  );
  for (const profile of profiles.slice(1)) printFunctions(profiles[0]!, profile);
}

async function main(): Promise<void> {
  if (!hasPerf() || !hasWrk()) {
    console.log('bench/cpu-time: needs `perf` (Debian: linux-perf) and `wrk`; skipped');
    return;
  }
  await group('hello JSON', HELLO, '/', {});
  const fixture = fortunesFixture();
  try {
    await group('fortunes', FORTUNES, '/fortunes/', fixture.env);
  } finally {
    fixture.remove();
  }
}

if (isMain(import.meta.url)) await main();
