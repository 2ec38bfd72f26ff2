// Where a server's CPU time goes, per request and per layer, as the kernel's sampler sees it:
// `perf record -e cpu-clock` samples every thread of the pinned server while wrk drives it, and
// node runs with `--perf-basic-prof`, so JIT-compiled functions have names and files. Unlike
// `node --cpu-prof` (profile.ts), this also sees the kernel, node's C++ (the HTTP parser, libuv),
// V8's builtins, its runtime and GC, and native addons: on this kind of machine they hold most
// of the time of a small request, and instruction counts (instructions.ts) do not weigh them by
// how long they take.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { layerOf } from './cpu-profile.js';
import { startServer, stop, type Contender } from './http.js';
import { v8LogIn } from './node-args.js';
import { runWrk } from './wrk.js';

/** Samples per second of CPU time (a prime, so the sampler does not beat with a timer). */
const FREQUENCY = 1999;

let available: boolean | undefined;

/** True when `perf` can sample a process here (installed, and allowed by perf_event_paranoid). */
export function hasPerf(): boolean {
  available ??=
    spawnSync('perf', ['record', '-q', '-e', 'cpu-clock', '-o', '/dev/null', '--', 'true'], {
      stdio: 'ignore',
    }).status === 0;
  return available;
}

/** One contender's CPU time per request: in total, per layer and per function. */
export interface TimeProfile {
  name: string;
  requests: number;
  /** CPU µs per request, all threads of the server. */
  total: number;
  /** CPU µs per request per layer (see `layerOfSample`). */
  layers: Map<string, number>;
  /** CPU µs per request per function, keyed `layer  function`. */
  functions: Map<string, number>;
}

/**
 * The layer a sample's function belongs to, from perf's shared object (`dso`) and symbol: the
 * kernel, a native addon, the C libraries, JavaScript by package (`@stack/<pkg>`, an npm
 * package, `node:<module>`, the bench's own server), V8's regexp code, builtins, runtime, GC and
 * compiler, and node's own C++.
 */
export function layerOfSample(dso: string, symbol: string): string {
  if (dso.startsWith('[kernel')) return 'kernel';
  if (dso.endsWith('.node')) return `addon ${dso.replace(/\.node$/, '')}`;
  if (/^(?:lib|ld-|\[vdso\])/.test(dso)) return 'C libraries';
  if (dso.startsWith('[JIT]') || dso.startsWith('perf-')) {
    const js = /^JS:[*~^+]?(.*?)(?: ((?:file|node):\S+?)(?::\d+){0,2})?$/.exec(symbol);
    // No file: code made with `new Function` (the hydrators, hook paths, readers, runners).
    if (js) return js[2] === undefined ? 'generated (new Function)' : layerOf(js[2], js[1] ?? '');
    if (symbol.startsWith('RegExp:')) return 'V8 regexp code';
    return 'V8 stubs';
  }
  if (
    /Scaveng|Evacuat|MarkCompact|Marking|Sweep|MinorGC|\bHeap::|GCTracer|RememberedSet/.test(symbol)
  )
    return 'V8 GC';
  if (/compiler::|Maglev|Turbofan|Compile|Bytecode|Parser::Parse|AstNode/.test(symbol)) {
    if (!/node::/.test(symbol)) return 'V8 compiler';
  }
  if (symbol.startsWith('Builtins_')) return 'V8 builtins';
  if (/^(?:v8::|V8_)/.test(symbol)) return 'V8 runtime';
  return 'node C++ (HTTP parser, libuv, bindings)';
}

/** A perf report line: `  1.43%   220  node   [.] Builtins_KeyedLoadIC_Megamorphic`. */
const REPORT_LINE = /^\s*[\d.]+%\s+(\d+)\s+(.+?)\s+\[[.k]\]\s+(.*)$/;

/** The samples per (dso, symbol) of a perf data file. */
function readReport(file: string): { dso: string; symbol: string; samples: number }[] {
  const report = spawnSync(
    'perf',
    [
      'report',
      '-i',
      file,
      '--no-children',
      '--sort',
      'dso,sym',
      '--stdio',
      '-q',
      '-n',
      '-g',
      'none',
    ],
    { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
  );
  if (report.status !== 0) throw new Error(`perf report failed: ${report.stderr}`);
  const rows = [];
  for (const line of report.stdout.split('\n')) {
    const match = REPORT_LINE.exec(line);
    if (!match) continue;
    const dso = match[2]!.replace(/ tid \d+$/, '');
    rows.push({ dso, symbol: match[3]!.trim(), samples: Number(match[1]) });
  }
  return rows;
}

/** A function's name without its folder and build hash, so two builds compare. */
function shortName(symbol: string): string {
  return symbol
    .replace(/^JS:[*~^+]?/, '')
    .replace(/file:\/\/\S*?\/(packages|bench)\//, '$1/')
    .replace(/chunk-[\w-]+\.js/, 'chunk.js')
    .slice(0, 110);
}

/** Waits until `perf record` has attached to the server (it prints nothing when it has). */
function attached(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 500));
}

/**
 * Profiles `contender` while wrk drives `path` with `connections` for `seconds`, after
 * `warmupSeconds` of unmeasured load. The perf window covers the whole measured run; samples
 * fall only where the server runs, so idle time before and after adds nothing.
 */
export async function timeProfile(
  contender: Contender,
  options: { path: string; seconds: number; warmupSeconds: number; connections: number },
): Promise<TimeProfile> {
  const folder = mkdtempSync(join(tmpdir(), 'stack-perf-'));
  const { child, port } = await startServer({
    ...contender,
    // The map perf reads (/tmp/perf-<pid>.map, removed below); V8's log, which the flag turns
    // on, goes in this run's folder rather than the working directory.
    nodeFlags: [...(contender.nodeFlags ?? []), '--perf-basic-prof', ...v8LogIn(folder)],
  });
  const url = `http://127.0.0.1:${port}${options.path}`;
  const data = join(folder, 'perf.data');
  try {
    await runWrk(url, options.warmupSeconds, options.connections);
    const recorder = spawn(
      'perf',
      ['record', '-q', '-e', 'cpu-clock', '-F', String(FREQUENCY), '-p', String(child.pid)].concat([
        '-o',
        data,
        '--',
        'sleep',
        String(options.seconds + 1),
      ]),
      { stdio: 'ignore' },
    );
    const recorded = new Promise<void>((resolve, reject) => {
      recorder.once('error', reject);
      recorder.once('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`perf record exited (${code})`)),
      );
    });
    await attached();
    const load = await runWrk(url, options.seconds, options.connections);
    await recorded;
    const microsPerSample = 1e6 / FREQUENCY;
    const profile: TimeProfile = {
      name: contender.name,
      requests: load.total,
      total: 0,
      layers: new Map(),
      functions: new Map(),
    };
    for (const { dso, symbol, samples } of readReport(data)) {
      const micros = (samples * microsPerSample) / load.total;
      const layer = layerOfSample(dso, symbol);
      const name = `${layer.padEnd(24)} ${shortName(symbol)}`;
      profile.total += micros;
      profile.layers.set(layer, (profile.layers.get(layer) ?? 0) + micros);
      profile.functions.set(name, (profile.functions.get(name) ?? 0) + micros);
    }
    return profile;
  } finally {
    await stop(child);
    rmSync(`/tmp/perf-${child.pid}.map`, { force: true });
    rmSync(folder, { recursive: true, force: true });
  }
}
