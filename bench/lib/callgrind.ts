// Instructions per request, counted by valgrind's callgrind: a figure that does not move when
// other processes load the machine (unlike req/s), so it guides optimisation on a shared host.
// The server starts uninstrumented (fast), is warmed up, then instrumentation is switched on
// with `callgrind_control`, a fixed number of requests is sent, and the count is dumped.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import type { Contender } from './http.js';
import { nodeArgs, v8LogIn } from './node-args.js';
import { extraHeaders, simulateCaches } from './settings.js';

const here = dirname(fileURLToPath(import.meta.url));
const benchRoot = join(here, '..');

/** True when valgrind and callgrind_control are on the PATH. */
export function canCountInstructions(): boolean {
  const probe = (command: string) =>
    spawnSync(command, ['--version'], { stdio: 'ignore' }).status === 0;
  return probe('valgrind') && probe('callgrind_control');
}

/** How many requests to send, and over how many connections. */
export interface CountOptions {
  warmup: number;
  requests: number;
  connections: number;
  path?: string;
  /** Extra node flags (e.g. `--cpu-prof`). */
  nodeFlags?: string[];
  /**
   * A folder to keep the dumps in, for `functions.ts` (instructions per function): the server
   * then runs with `--perf-basic-prof`, whose map names the JIT's code, and the folder gets the
   * dumps, that map (`perf.map`) and the number of requests counted (`requests`).
   */
  keep?: string;
}

async function send(url: string, amount: number, connections: number): Promise<number> {
  const headers = extraHeaders();
  const result = (await autocannon({ url, amount, connections, timeout: 60, headers })) as {
    requests: { total: number };
    non2xx: number;
    errors: number;
  };
  // A rare socket error under valgrind's slowness is tolerated (only answered requests count);
  // a wrong status or many errors mean the measure is wrong.
  if (result.non2xx > 0 || result.errors > amount / 100) {
    throw new Error(`${url}: ${result.errors} errors, ${result.non2xx} non-2xx`);
  }
  return result.requests.total;
}

/**
 * Valgrind's gdbserver FIFOs (through which callgrind_control talks to the server) go in the
 * run's own folder, not the system temp folder, where a killed server would leave them.
 */
function vgdbPrefix(folder: string): string {
  return `--vgdb-prefix=${join(folder, 'vgdb')}`;
}

function control(folder: string, pid: number, ...args: string[]): void {
  const out = spawnSync('callgrind_control', [vgdbPrefix(folder), ...args, String(pid)], {
    encoding: 'utf8',
  });
  if (out.status !== 0) throw new Error(`callgrind_control ${args.join(' ')}: ${out.stderr}`);
}

function waitListening(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (data: Buffer) => {
      out += data.toString();
      const match = /listening (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${out}`)));
  });
}

/** The dump files of a folder (one per dump; the first, `cg.out`, is empty until exit). */
function dumps(folder: string): string[] {
  return readdirSync(folder)
    .filter((file) => file.startsWith('cg.out.'))
    .map((file) => join(folder, file));
}

/** Copies the dumps, node's map of the JIT's code and the request count into `keep`. */
function keepDumps(folder: string, keep: string, pid: number, requests: number): void {
  rmSync(keep, { recursive: true, force: true });
  mkdirSync(keep, { recursive: true });
  for (const file of dumps(folder)) copyFileSync(file, join(keep, file.slice(folder.length + 1)));
  // V8 writes the map to /tmp whatever TMPDIR says (its --perf-basic-prof-path default).
  const map = `/tmp/perf-${pid}.map`;
  if (existsSync(map)) {
    copyFileSync(map, join(keep, 'perf.map'));
    rmSync(map, { force: true });
  }
  writeFileSync(join(keep, 'requests'), `${requests}\n`);
}

/** Total instructions (callgrind's `summary`) in the dump files of a folder. */
function dumpedInstructions(folder: string): number {
  return dumpedEvents(folder).get('Ir') ?? 0;
}

/**
 * Every event's total in the dump files of a folder: the `summary:` line's counts, named by the
 * `events:` line (`Ir` alone, or with the cache and branch simulation `Ir Dr Dw I1mr …`).
 */
export function dumpedEvents(folder: string): Map<string, number> {
  const totals = new Map<string, number>();
  for (const file of dumps(folder)) {
    const text = readFileSync(file, 'utf8');
    const names = /^events:\s+(.+)$/m.exec(text)?.[1]?.trim().split(/\s+/) ?? [];
    const counts = /^summary:\s+(.+)$/m.exec(text)?.[1]?.trim().split(/\s+/) ?? [];
    names.forEach((name, i) => totals.set(name, (totals.get(name) ?? 0) + Number(counts[i] ?? 0)));
  }
  return totals;
}

/** Where the instructions went, by kind of code. */
export interface InstructionCount {
  /** All instructions of the process per request (every thread). */
  total: number;
  /** V8's optimising compiler (TurboFan), per request: warm-up still going, not steady state. */
  compiler: number;
  /** The garbage collector, per request. */
  gc: number;
  /**
   * With `STACK_BENCH_IR_CACHES=1`, per request: first-level cache misses (instruction fetches,
   * data reads and writes: `I1mr + D1mr + D1mw`) and mispredicted branches (conditional and
   * indirect: `Bcm + Bim`), as callgrind's model of this machine's caches counts them, for every
   * function (JIT compiler and GC included).
   */
  misses?: { l1: number; branches: number };
}

export const COMPILER = /compiler::|Turbofan|turboshaft|Maglev|maglev|Pipeline/;
export const GC =
  /Marking|Sweeper|Evacuat|Scaveng|Heap::|heap::|RememberedSet|MemoryChunk|IteratePointers|Migrate|SlotSet|Compactor|Collector|ObjectCache/;

/** Splits a dump's instructions per function into compiler, GC and the rest. */
function split(file: string): { compiler: number; gc: number } {
  const out = spawnSync('callgrind_annotate', ['--threshold=100', '--show=Ir', file], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  }).stdout;
  let compiler = 0;
  let gc = 0;
  for (const line of out.split('\n')) {
    const match = /^\s*([\d,]+) \(\s*[\d.]+%\)\s+(.*)$/.exec(line);
    if (!match || match[2]!.includes('PROGRAM TOTALS')) continue;
    const count = Number(match[1]!.replaceAll(',', ''));
    if (COMPILER.test(match[2]!)) compiler += count;
    else if (GC.test(match[2]!)) gc += count;
  }
  return { compiler, gc };
}

/**
 * Instructions the server process executes per request for `contender`, over
 * `options.requests` requests after `options.warmup` uninstrumented ones.
 */
export async function instructionsPerRequest(
  contender: Contender,
  options: CountOptions,
): Promise<InstructionCount> {
  const folder = mkdtempSync(join(tmpdir(), 'stack-callgrind-'));
  const child = spawn(
    'valgrind',
    [
      '--tool=callgrind',
      '--instr-atstart=no',
      ...(simulateCaches() ? ['--cache-sim=yes', '--branch-sim=yes'] : []),
      vgdbPrefix(folder),
      `--callgrind-out-file=${join(folder, 'cg.out')}`,
      process.execPath,
      ...nodeArgs(contender.script, {
        flags: [
          ...(options.nodeFlags ?? []),
          ...(options.keep ? ['--perf-basic-prof', ...v8LogIn(folder)] : []),
        ],
      }),
    ],
    {
      cwd: benchRoot,
      env: { ...process.env, NODE_ENV: 'production', PORT: '0', ...contender.env },
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  try {
    const port = await waitListening(child);
    const url = `http://127.0.0.1:${port}${options.path ?? '/'}`;
    await send(url, options.warmup, options.connections);
    // The measured requests come on new connections. A server's first new connection after the
    // warm-up throws away optimised code of node's streams and of per-connection code (new
    // shapes), which valgrind's slowed compiler threads do not re-optimise within the window:
    // about 45k of node:http's 104k instructions were that. A second warm-up on fresh
    // connections lets V8 settle first, so every contender is counted in its steady state.
    await send(url, Math.max(1, Math.round(options.warmup / 2)), options.connections);
    // And a third: the measured window's own new connections threw away node's optimised
    // `parserOnIncoming` again ("not a Smi" on the connection's new `incoming` list, where the
    // second warm-up's had thrown it away for "wrong map"), and under valgrind V8 compiled it
    // again only about 2,500 requests into a 3,000-request window: until then it and
    // `onParserExecuteCommon` ran as baseline code with about 4.3k instructions of IC calls a
    // request, in every contender alike (round 9). After a third round of new connections it
    // stays optimised, and the JIT column reads 0.
    await send(url, Math.max(1, Math.round(options.warmup / 4)), options.connections);
    control(folder, child.pid!, '-i', 'on');
    const sent = await send(url, options.requests, options.connections);
    control(folder, child.pid!, '-d');
    // The dump is written by the server asynchronously; wait until it is complete.
    for (let i = 0; i < 100 && dumpedInstructions(folder) === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (options.keep) keepDumps(folder, options.keep, child.pid!, sent);
    let compiler = 0;
    let gc = 0;
    for (const file of dumps(folder)) {
      const parts = split(file);
      compiler += parts.compiler;
      gc += parts.gc;
    }
    const events = dumpedEvents(folder);
    const count: InstructionCount = {
      total: (events.get('Ir') ?? 0) / sent,
      compiler: compiler / sent,
      gc: gc / sent,
    };
    if (events.has('D1mr') && events.has('Bcm')) {
      const sum = (...names: string[]) => names.reduce((n, name) => n + (events.get(name) ?? 0), 0);
      count.misses = {
        l1: sum('I1mr', 'D1mr', 'D1mw') / sent,
        branches: sum('Bcm', 'Bim') / sent,
      };
    }
    return count;
  } finally {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
    rmSync(folder, { recursive: true, force: true });
  }
}
