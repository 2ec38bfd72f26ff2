// Instructions per request, counted by valgrind's callgrind: a figure that does not move when
// other processes load the machine (unlike req/s), so it guides optimisation on a shared host.
// The server starts uninstrumented (fast), is warmed up, then instrumentation is switched on
// with `callgrind_control`, a fixed number of requests is sent, and the count is dumped.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import type { Contender } from './http.js';

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
}

async function send(url: string, amount: number, connections: number): Promise<number> {
  const result = (await autocannon({ url, amount, connections, timeout: 60 })) as {
    requests: { total: number };
    non2xx: number;
    errors: number;
  };
  if (result.errors > 0 || result.non2xx > 0) {
    throw new Error(`${url}: ${result.errors} errors, ${result.non2xx} non-2xx`);
  }
  return result.requests.total;
}

function control(pid: number, ...args: string[]): void {
  const out = spawnSync('callgrind_control', [...args, String(pid)], { encoding: 'utf8' });
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

/** Total instructions (callgrind's `summary`) in the dump files of a folder. */
function dumpedInstructions(folder: string): number {
  let total = 0;
  for (const file of readdirSync(folder)) {
    if (!file.startsWith('cg.out')) continue;
    const match = /^summary:\s+(\d+)/m.exec(readFileSync(join(folder, file), 'utf8'));
    if (match) total += Number(match[1]);
  }
  return total;
}

/**
 * Instructions the server process executes per request for `contender`, over
 * `options.requests` requests after `options.warmup` uninstrumented ones.
 */
export async function instructionsPerRequest(
  contender: Contender,
  options: CountOptions,
): Promise<number> {
  const folder = mkdtempSync(join(tmpdir(), 'stack-callgrind-'));
  const child = spawn(
    'valgrind',
    [
      '--tool=callgrind',
      '--instr-atstart=no',
      `--callgrind-out-file=${join(folder, 'cg.out')}`,
      process.execPath,
      '--conditions=@stack/source',
      '--import',
      'tsx',
      ...(options.nodeFlags ?? []),
      join(benchRoot, contender.script),
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
    control(child.pid!, '-i', 'on');
    const sent = await send(url, options.requests, options.connections);
    control(child.pid!, '-d');
    // The dump is written by the server asynchronously; wait until it is complete.
    for (let i = 0; i < 100 && dumpedInstructions(folder) === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return dumpedInstructions(folder) / sent;
  } finally {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
    rmSync(folder, { recursive: true, force: true });
  }
}
