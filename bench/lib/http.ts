import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeArgs } from './node-args.js';
import { canPin, LOAD_CORE, pinned, SERVER_CORE } from './cores.js';
import {
  benchConnections,
  benchDuration,
  benchRounds,
  benchSeed,
  memoryReducer,
  semiSpaceMb,
  warmupDuration,
} from './settings.js';
import { bracketedRatios, bracketedSchedule, median } from './schedule.js';
import { printTable, type Row } from './table.js';
import { runWrk } from './wrk.js';

const here = dirname(fileURLToPath(import.meta.url));
const benchRoot = join(here, '..');

/** A server to measure: a script under bench/servers/ that prints `listening <port>`. */
export interface Contender {
  /** The name in the table; the baseline is usually `node:http`. */
  name: string;
  /** The server script, relative to bench/ (e.g. `servers/node-http.ts`). */
  script: string;
  /** Extra environment for the server process. */
  env?: Record<string, string>;
  /** The cores the server may use (`taskset -c` syntax). Default: the server core alone. */
  cores?: string;
  /** Node flags for the server process (e.g. `--perf-basic-prof` for `cpu-time.ts`). */
  nodeFlags?: readonly string[];
}

/** Which load generator drives the servers: autocannon (node) or wrk (C). */
export type LoadTool = 'autocannon' | 'wrk';

/** What one contender measured. */
export interface HttpResult {
  name: string;
  requestsPerSecond: number;
  p99Ms: number;
  /** The server process's peak resident memory (VmHWM), MB; NaN where /proc is missing. */
  peakRssMb: number;
  /** Its resident memory once listening, before any load (VmRSS), MB. */
  restRssMb: number;
  errors: number;
  non2xx: number;
  /**
   * Server CPU time (user + system) per request, µs. Unlike req/s it hardly moves when other
   * processes compete for the machine, so it is the steadier figure on a shared host.
   */
  cpuMicrosPerRequest: number;
  /** Requests completed in the measured slices. */
  total: number;
  /**
   * Requests per second against the baseline: the median of `roundRatios` (1 for the baseline
   * itself). Not the ratio of the two medians: see `measureAll`.
   */
  ratio: number;
  /**
   * Each round's slice divided by the mean of the baseline's slices just before and just after
   * it, in round order (all 1 for the baseline).
   */
  roundRatios: number[];
}

/** Options of `runHttpBench`. */
export interface HttpBenchOptions {
  title: string;
  contenders: Contender[];
  /** The contender the ratios are relative to. Default `'node:http'`. */
  baseline?: string;
  /** The path every request asks for. Default `'/'`. */
  path?: string;
  /** The load generator. Default `'autocannon'`. */
  tool?: LoadTool;
}

/**
 * Starts a contender pinned to the server core, its young generation no smaller than
 * `semiSpaceMb()` and without V8's memory reducer unless `memoryReducer()` (see both); resolves
 * once it listens.
 */
export function startServer(contender: Contender): Promise<{ child: ChildProcess; port: number }> {
  const semiSpace = semiSpaceMb();
  const floor = semiSpace > 0 ? [`--min-semi-space-size=${semiSpace}`] : [];
  const reducer = memoryReducer() ? [] : ['--no-memory-reducer'];
  const flags = [...floor, ...reducer, ...(contender.nodeFlags ?? [])];
  const argv = [process.execPath, ...nodeArgs(contender.script, { flags })];
  const [command, args] =
    contender.cores === undefined
      ? pinned(SERVER_CORE, argv)
      : canPin()
        ? ['taskset', ['-c', contender.cores, ...argv]]
        : [argv[0]!, argv.slice(1)];
  const child = spawn(command, args, {
    cwd: benchRoot,
    env: { ...process.env, NODE_ENV: 'production', PORT: '0', ...contender.env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (data: Buffer) => {
      out += data.toString();
      const match = /listening (\d+)/.exec(out);
      if (match) resolve({ child, port: Number(match[1]) });
    });
    child.once('exit', (code) => reject(new Error(`${contender.name} exited (${code})`)));
  });
}

type LoadResult = Pick<HttpResult, 'requestsPerSecond' | 'p99Ms' | 'errors' | 'non2xx' | 'total'>;

/** The load generator: one autocannon process pinned to the load core, fed one job at a time. */
class LoadGenerator {
  private readonly child: ChildProcess;
  private buffered = '';
  private waiting: ((line: string) => void) | undefined;

  constructor() {
    const argv = [process.execPath, ...nodeArgs(join(here, 'load.ts'))];
    const [command, args] = pinned(LOAD_CORE, argv);
    this.child = spawn(command, args, { cwd: benchRoot, stdio: ['pipe', 'pipe', 'inherit'] });
    this.child.stdout!.on('data', (data: Buffer) => {
      this.buffered += data.toString();
      const newline = this.buffered.indexOf('\n');
      if (newline !== -1 && this.waiting) {
        const line = this.buffered.slice(0, newline);
        this.buffered = this.buffered.slice(newline + 1);
        const resolve = this.waiting;
        this.waiting = undefined;
        resolve(line);
      }
    });
  }

  /** Drives `url` for `seconds` and returns what autocannon measured. */
  run(url: string, seconds: number): Promise<LoadResult> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`load generator exited (${code})`));
      this.child.once('exit', onExit);
      this.waiting = (line) => {
        this.child.off('exit', onExit);
        resolve(JSON.parse(line) as LoadResult);
      };
      const job = { url, seconds, connections: benchConnections() };
      this.child.stdin!.write(`${JSON.stringify(job)}\n`);
    });
  }

  stop(): Promise<void> {
    this.child.stdin!.end();
    return stop(this.child);
  }
}

/** A memory figure of /proc/<pid>/status (`VmHWM`, `VmRSS`) in MB; NaN without /proc. */
function statusMb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(status);
    return match ? Number(match[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** VmHWM of a process in MB (Linux only). */
export function peakRssMb(pid: number): number {
  return statusMb(pid, 'VmHWM');
}

/** VmRSS of a process in MB (Linux only). */
export function rssMb(pid: number): number {
  return statusMb(pid, 'VmRSS');
}

/** Kills a server started by `startServer` and waits for it to exit. */
export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

let ticksPerSecond: number | undefined;

/**
 * CPU seconds a process has used so far: the nanosecond counters of /proc/<pid>/task/* /schedstat
 * summed over its threads, else the 10 ms ticks of /proc/<pid>/stat; NaN without /proc.
 */
function cpuSeconds(pid: number): number {
  try {
    let nanoseconds = 0;
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const line = readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8');
      nanoseconds += Number(line.slice(0, line.indexOf(' ')));
    }
    if (nanoseconds > 0) return nanoseconds / 1e9;
  } catch {
    // No schedstat (kernel without CONFIG_SCHEDSTATS): fall back to clock ticks.
  }
  ticksPerSecond ??= Number(spawnSync('getconf', ['CLK_TCK']).stdout?.toString().trim()) || 100;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  } catch {
    return Number.NaN;
  }
}

/**
 * Measures every contender in the same run: all servers start, each is warmed up, then each is
 * measured in `rounds` slices, every one of them between two of the baseline's (see
 * `bracketedSchedule`). A contender's ratio to the baseline is the median over its slices of
 * the slice against the baseline's two neighbours. On a host whose speed drifts or dips for a
 * second at a time (round 9's VM in bench/README.md), a ratio of medians divides every contender
 * by the same baseline median, so one lucky baseline moves every figure of a run; here each
 * slice is compared with the baseline measured seconds before and after it, and a dip spoils
 * one ratio of one contender, which the median drops. The cost: the baseline is measured as
 * often as all the others together, so a run takes nearly twice as long as one slice each.
 * Other figures (req/s, p99, CPU µs per request) are medians over each contender's slices.
 */
export async function measureAll(
  contenders: Contender[],
  path = '/',
  tool: LoadTool = 'autocannon',
  baseline = contenders[0]?.name,
): Promise<HttpResult[]> {
  const base = contenders.findIndex((c) => c.name === baseline);
  if (base < 0) throw new Error(`bench: no contender named ${String(baseline)} (the baseline)`);
  const servers: { child: ChildProcess; port: number }[] = [];
  const generator = tool === 'autocannon' ? new LoadGenerator() : undefined;
  const load = (url: string, seconds: number): Promise<LoadResult> =>
    generator ? generator.run(url, seconds) : runWrk(url, seconds, benchConnections());
  const restRss: number[] = [];
  try {
    for (const contender of contenders) {
      const server = await startServer(contender);
      servers.push(server);
      restRss.push(rssMb(server.child.pid!));
    }
    const urls = servers.map(({ port }) => `http://127.0.0.1:${port}${path}`);
    for (const url of urls) await load(url, warmupDuration());
    const rounds = benchRounds();
    const slice = benchDuration() / rounds;
    const schedule = bracketedSchedule(contenders.length, base, rounds, benchSeed());
    const slices = contenders.map(() => [] as LoadResult[]);
    const cpu = contenders.map(() => [] as number[]);
    const rps: number[] = [];
    for (const i of schedule) {
      const pid = servers[i]!.child.pid!;
      const before = cpuSeconds(pid);
      const taken = await load(urls[i]!, slice);
      slices[i]!.push(taken);
      rps.push(taken.requestsPerSecond);
      cpu[i]!.push(((cpuSeconds(pid) - before) / taken.total) * 1e6);
    }
    const ratios = bracketedRatios(schedule, rps, base, contenders.length);
    return contenders.map((contender, i) => {
      const taken = slices[i]!;
      const roundRatios = i === base ? taken.map(() => 1) : ratios[i]!;
      return {
        name: contender.name,
        requestsPerSecond: median(taken.map((t) => t.requestsPerSecond)),
        p99Ms: median(taken.map((t) => t.p99Ms)),
        cpuMicrosPerRequest: median(cpu[i]!),
        peakRssMb: peakRssMb(servers[i]!.child.pid!),
        restRssMb: restRss[i]!,
        errors: taken.reduce((sum, t) => sum + t.errors, 0),
        non2xx: taken.reduce((sum, t) => sum + t.non2xx, 0),
        total: taken.reduce((sum, t) => sum + t.total, 0),
        ratio: median(roundRatios),
        roundRatios,
      };
    });
  } finally {
    await Promise.all([generator?.stop(), ...servers.map(({ child }) => stop(child))]);
  }
}

/** The req/s ratio of the contender named `name` among `results`; an error names a missing one. */
export function ratioOf(results: readonly HttpResult[], name: string): number {
  const result = results.find((r) => r.name === name);
  if (result === undefined) throw new Error(`bench: no result for a contender named ${name}`);
  return result.ratio;
}

/**
 * Measures the contenders in the same run (see `measureAll`) and prints requests per second, p99 latency and peak RSS, each with its ratio to the baseline.
 *
 * @example
 * ```ts
 * await runHttpBench({
 *   title: 'hello JSON',
 *   contenders: [
 *     { name: 'node:http', script: 'servers/node-http.ts' },
 *     { name: '@stack/wsgi', script: 'servers/stack-wsgi.ts' },
 *   ],
 * });
 * ```
 */
export async function runHttpBench(options: HttpBenchOptions): Promise<HttpResult[]> {
  const tool = options.tool ?? 'autocannon';
  const baseline = options.baseline ?? 'node:http';
  const results = await measureAll(options.contenders, options.path, tool, baseline);
  for (const result of results) {
    if (result.errors > 0 || result.non2xx > 0) {
      console.log(`bench: ${result.name} had ${result.errors} errors, ${result.non2xx} non-2xx`);
    }
  }
  const rows: Row[] = results.map((r) => ({
    name: r.name,
    values: {
      rps: r.requestsPerSecond,
      p99: r.p99Ms,
      cpu: r.cpuMicrosPerRequest,
      rss: r.peakRssMb,
      rest: r.restRssMb,
    },
    ratios: { rps: r.ratio },
  }));
  printTable(
    `${options.title} (${tool}, ${benchConnections()} connections, ${warmupDuration()} s warm-up, ${benchDuration()} s measured in ${benchRounds()} slices, each between two of the baseline's, order seed ${benchSeed()})`,
    rows,
    [
      { key: 'rps', label: 'req/s', digits: 0 },
      { key: 'p99', label: 'p99 ms', digits: 1 },
      { key: 'cpu', label: 'CPU µs/req', digits: 1 },
      { key: 'rest', label: 'RSS at rest MB', digits: 1 },
      { key: 'rss', label: 'peak RSS MB', digits: 1 },
    ],
    baseline,
  );
  printRoundSpread(results, baseline);
  return results;
}

/**
 * Each contender's req/s ratios to the baseline slice by slice (each against the baseline's two
 * slices around it), as lowest–highest: how far one run's ratio can be trusted. The table's
 * req/s ratio is their median.
 */
function printRoundSpread(results: HttpResult[], baseline: string): void {
  const spans = results
    .filter((r) => r.name !== baseline && r.roundRatios.length > 1)
    .map((r) => {
      const low = Math.min(...r.roundRatios).toFixed(2);
      return `${r.name} ${low}–${Math.max(...r.roundRatios).toFixed(2)}x`;
    });
  if (spans.length === 0) return;
  console.log(`req/s vs ${baseline}, slice by slice (lowest–highest): ${spans.join(', ')}`);
}
