// Start-up time: from spawning the server process to its first answered request, for raw
// node:http (the baseline) and the @stack/core handler (default middleware) with 10 and with
// 1,000 routes; each measured several times, interleaved, and the median kept.
// Run: cd bench && node --import tsx startup.ts
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pinned, SERVER_CORE } from './lib/cores.js';
import { fromSource, nodeArgs } from './lib/node-args.js';
import type { Contender } from './lib/http.js';
import { isMain } from './lib/main.js';
import { median } from './lib/schedule.js';
import { printTable, type Row } from './lib/table.js';

const here = dirname(fileURLToPath(import.meta.url));

const CONTENDERS: Contender[] = [
  { name: 'node:http', script: 'servers/node-http.ts' },
  {
    name: '@stack/core, 10 routes',
    script: 'servers/stack-core.ts',
    env: { STACK_BENCH_ROUTES: '10' },
  },
  {
    name: '@stack/core, 1,000 routes',
    script: 'servers/stack-core.ts',
    env: { STACK_BENCH_ROUTES: '1000' },
  },
];

function get(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/' }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode ?? 0));
    });
    req.once('error', reject);
    req.end();
  });
}

/** Milliseconds from spawn to the first 200 answered. */
async function startOnce(contender: Contender): Promise<number> {
  const started = performance.now();
  const [command, args] = pinned(SERVER_CORE, [process.execPath, ...nodeArgs(contender.script)]);
  const child = spawn(command, args, {
    cwd: here,
    env: { ...process.env, NODE_ENV: 'production', PORT: '0', ...contender.env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (data: Buffer) => {
        out += data.toString();
        const match = /listening (\d+)/.exec(out);
        if (match) resolve(Number(match[1]));
      });
      child.once('exit', (code) => reject(new Error(`${contender.name} exited (${code})`)));
    });
    const status = await get(port);
    if (status !== 200) throw new Error(`${contender.name} answered ${status}`);
    return performance.now() - started;
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
}

export async function run(): Promise<void> {
  const rounds = Number(process.env.STACK_BENCH_STARTS ?? 5);
  const times = CONTENDERS.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < CONTENDERS.length; k++) {
      const i = (k + round) % CONTENDERS.length;
      times[i]!.push(await startOnce(CONTENDERS[i]!));
    }
  }
  const rows: Row[] = CONTENDERS.map((c, i) => ({
    name: c.name,
    values: { ms: median(times[i]!) },
  }));
  printTable(
    `start-up: spawn to first answered request (median of ${rounds}, interleaved; ${fromSource() ? 'node + tsx loading sources' : 'compiled servers, built packages'})`,
    rows,
    [{ key: 'ms', label: 'ms', digits: 0 }],
    'node:http',
  );
  const ms = (name: string) => rows.find((r) => r.name === name)!.values.ms!;
  const ten = ms('@stack/core, 10 routes');
  const thousand = ms('@stack/core, 1,000 routes');
  const delta = thousand - ten;
  console.log(`1,000 routes vs 10 routes: ${delta >= 0 ? '+' : ''}${delta.toFixed(0)} ms to start`);
}

if (isMain(import.meta.url)) await run();
