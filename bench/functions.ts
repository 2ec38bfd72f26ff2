// Instructions per request, function by function, from the dumps `instructions.ts` keeps with
// STACK_BENCH_IR_KEEP: where a contender's instructions go, or (given two folders) what changed
// between two counts, largest change first. JIT code is named through node's
// `--perf-basic-prof` map (kept beside the dumps); V8's tier marks and source positions are left
// out of the names, so the same function matches across two builds. The JIT compiler's and the
// GC's functions are summed apart and not listed (`instructions.ts` leaves them out of its
// figure too: they move between runs). By hand, not run by `pnpm bench`:
//   STACK_BENCH_IR_KEEP=/tmp/before node --import tsx instructions.ts core
//   (change something, `pnpm build`)
//   STACK_BENCH_IR_KEEP=/tmp/after node --import tsx instructions.ts core
//   node --import tsx functions.ts /tmp/before/core /tmp/after/core [lines]
// With dumps made under STACK_BENCH_IR_CACHES=1, STACK_BENCH_IR_EVENT ranks by another of
// callgrind's events instead of instructions, e.g. `D1mr` (first-level data cache read misses)
// or `Bcm` (mispredicted conditional branches): where a count at parity loses its time.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMPILER, GC, dumpedEvents } from './lib/callgrind.js';
import { isMain } from './lib/main.js';
import { rankingEvent } from './lib/settings.js';

interface MapEntry {
  start: number;
  end: number;
  name: string;
}

/** node's map of JIT code (`start size name` in hex), sorted by address. */
function readMap(folder: string): MapEntry[] {
  const file = join(folder, 'perf.map');
  if (!existsSync(file)) return [];
  const entries: MapEntry[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^([0-9a-f]+) ([0-9a-f]+) (.*)$/.exec(line);
    if (!match) continue;
    const start = parseInt(match[1]!, 16);
    entries.push({ start, end: start + parseInt(match[2]!, 16), name: match[3]! });
  }
  return entries.sort((a, b) => a.start - b.start);
}

/** The map entry holding `address` (a binary search), or undefined. */
function lookup(map: readonly MapEntry[], address: number): string | undefined {
  let low = 0;
  let high = map.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const entry = map[middle]!;
    if (address < entry.start) high = middle - 1;
    else if (address >= entry.end) low = middle + 1;
    else return entry.name;
  }
  return undefined;
}

/**
 * A function's name as two builds share it: `JS:*fusedHooks file:///…/packages/x/dist/index.js:1:2`
 * becomes `JS:fusedHooks middleware/dist/index.js`; a native symbol loses its `[object]` suffix.
 */
export function normalise(name: string): string {
  return name
    .replace(/^(\w+):[*~^+]+/, '$1:')
    .replace(/file:\/\/\S*\/packages\//, '')
    .replace(/file:\/\/\S*\/node_modules\//, 'node_modules/')
    .replace(/file:\/\/\S*\/bench\/\.compiled\//, 'bench/')
    .replace(/:\d+(:\d+)?$/, '')
    .replace(/\s*\[[^\]]*\]$/, '');
}

/**
 * Instructions (or another of callgrind's events: `event`) per request per function in a kept
 * folder.
 */
export function perFunction(folder: string, event = 'Ir'): Map<string, number> {
  const requests = Number(readFileSync(join(folder, 'requests'), 'utf8'));
  if (!dumpedEvents(folder).has(event)) {
    throw new Error(
      `${folder}: its dumps count no ${event} (kept without STACK_BENCH_IR_CACHES=1?)`,
    );
  }
  const map = readMap(folder);
  const counts = new Map<string, number>();
  for (const file of readdirSync(folder).filter((f) => f.startsWith('cg.out.'))) {
    const args = ['--threshold=100', `--show=${event}`, `--sort=${event}`, join(folder, file)];
    const out = spawnSync('callgrind_annotate', args, {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    }).stdout;
    for (const line of out.split('\n')) {
      const match = /^\s*([\d,]+) \(\s*[\d.]+%\)\s+(.*)$/.exec(line);
      if (!match || match[2]!.includes('PROGRAM TOTALS')) continue;
      let name = match[2]!;
      const address = /^(?:\?\?\?:)?0x([0-9a-f]+)/.exec(name);
      if (address) name = lookup(map, parseInt(address[1]!, 16)) ?? 'JIT code not in the map';
      name = normalise(name);
      const count = Number(match[1]!.replaceAll(',', '')) / requests;
      counts.set(name, (counts.get(name) ?? 0) + count);
    }
  }
  return counts;
}

const excluded = (name: string) => COMPILER.test(name) || GC.test(name);

/** The total without the compiler and the GC, and theirs. */
function totals(counts: Map<string, number>): { steady: number; apart: number } {
  let steady = 0;
  let apart = 0;
  for (const [name, count] of counts) {
    if (excluded(name)) apart += count;
    else steady += count;
  }
  return { steady, apart };
}

function main(): void {
  const folders = process.argv.slice(2).filter((a) => !/^\d+$/.test(a));
  const lines = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 60);
  if (folders.length < 1 || folders.length > 2) {
    console.log('usage: functions.ts <kept folder> [<second kept folder>] [lines]');
    process.exitCode = 2;
    return;
  }
  const event = rankingEvent();
  // Instructions in thousands; a miss count as it is (some tens or hundreds a request).
  const unit = event === 'Ir' ? 'k instructions' : `${event} events`;
  const k = (n: number) => (event === 'Ir' ? n / 1000 : n).toFixed(2).padStart(8);
  const [a, b] = folders.map((folder) => perFunction(folder, event)) as [
    Map<string, number>,
    Map<string, number>?,
  ];
  const ta = totals(a);
  if (!b) {
    console.log(
      `${unit} per request: ${k(ta.steady).trim()} (JIT compiler and GC apart: ${k(ta.apart).trim()})`,
    );
    const rows = [...a].filter(([name]) => !excluded(name)).sort((x, y) => y[1] - x[1]);
    for (const [name, count] of rows.slice(0, lines)) console.log(`${k(count)}  ${name}`);
    return;
  }
  const tb = totals(b);
  console.log(
    `${unit} per request: ${k(ta.steady).trim()} -> ${k(tb.steady).trim()} ` +
      `(JIT compiler and GC apart: ${k(ta.apart).trim()} -> ${k(tb.apart).trim()})`,
  );
  console.log(`${'before'.padStart(8)} ${'after'.padStart(8)} ${'change'.padStart(8)}`);
  const names = [...new Set([...a.keys(), ...b.keys()])].filter((name) => !excluded(name));
  const change = (name: string) => (b.get(name) ?? 0) - (a.get(name) ?? 0);
  names.sort((x, y) => Math.abs(change(y)) - Math.abs(change(x)));
  for (const name of names.slice(0, lines)) {
    const delta = change(name);
    const sign = delta >= 0 ? '+' : '-';
    console.log(
      `${k(a.get(name) ?? 0)} ${k(b.get(name) ?? 0)} ${sign}${k(Math.abs(delta)).trim().padStart(7)}  ${name}`,
    );
  }
}

if (isMain(import.meta.url)) main();
