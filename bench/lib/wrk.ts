// The second load generator: Debian's `wrk` (C, one thread), pinned to the load core. It costs
// the machine less per request than autocannon (node), so the server saturates sooner and the
// ratios show the server's own cost more sharply: the issue asks for both.
import { spawn, spawnSync } from 'node:child_process';
import { LOAD_CORE, pinned } from './cores.js';

/** What one wrk run measured, in the shape of the autocannon results. */
export interface WrkResult {
  requestsPerSecond: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
  total: number;
}

let available: boolean | undefined;

/** True when `wrk` is on the PATH. */
export function hasWrk(): boolean {
  available ??= spawnSync('wrk', ['--version'], { stdio: 'ignore' }).error === undefined;
  return available;
}

const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000 };

function milliseconds(text: string): number {
  const match = /^([\d.]+)(us|ms|s|m)$/.exec(text);
  return match ? Number(match[1]) * UNIT_MS[match[2]!]! : Number.NaN;
}

/** Parses wrk's report (with `--latency`). */
export function parseWrk(output: string, seconds: number): WrkResult {
  const total = Number(/(\d+) requests in/.exec(output)?.[1] ?? Number.NaN);
  const p99 = /^\s*99%\s+(\S+)/m.exec(output)?.[1];
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(
    output,
  );
  const errors = socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0;
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(output)?.[1] ?? 0);
  return {
    requestsPerSecond: total / seconds,
    p99Ms: p99 ? milliseconds(p99) : Number.NaN,
    errors,
    non2xx,
    total,
  };
}

/** Drives `url` with `wrk -t1 -c<connections>` for `seconds`, pinned to the load core. */
export function runWrk(url: string, seconds: number, connections: number): Promise<WrkResult> {
  const duration = Math.max(1, Math.round(seconds));
  const [command, args] = pinned(LOAD_CORE, [
    'wrk',
    '-t1',
    `-c${connections}`,
    `-d${duration}s`,
    '--latency',
    url,
  ]);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (data: Buffer) => (out += data.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`wrk exited (${code}): ${out}`));
      else resolve(parseWrk(out, duration));
    });
  });
}
