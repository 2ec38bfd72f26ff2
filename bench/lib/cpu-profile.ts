// Where a server's time goes: runs it under `node --cpu-prof`, sends a fixed number of requests,
// and sums the profile's self time per function and per layer (package), so a change can be
// aimed at what costs most. Sampling, so read shares, not absolute times.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import type { Contender } from './http.js';
import { nodeArgs } from './node-args.js';

const here = dirname(fileURLToPath(import.meta.url));
const benchRoot = join(here, '..');

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time shares, per function and per layer, in percent of all samples. */
export interface ProfileSummary {
  functions: { name: string; layer: string; percent: number }[];
  layers: { layer: string; percent: number }[];
}

/** The layer a script URL belongs to: `@stack/<pkg>`, an npm package, node's own, or V8's. */
export function layerOf(url: string, functionName: string): string {
  const stack = /\/packages\/([^/]+)\/(?:src|dist)\//.exec(url);
  if (stack) return `@stack/${stack[1]}`;
  const modules = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)\//.exec(
    url,
  );
  if (modules) return modules[1]!;
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  if (url.includes('/bench/')) return 'bench script';
  if (functionName === '(garbage collector)') return '(gc)';
  if (functionName === '(idle)' || functionName === '(program)') return functionName;
  return url === '' ? '(native/V8)' : url;
}

function summarise(profile: Profile): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const counts = new Map<number, number>();
  for (const sample of profile.samples) counts.set(sample, (counts.get(sample) ?? 0) + 1);
  let total = 0;
  const perFunction = new Map<string, { name: string; layer: string; count: number }>();
  const perLayer = new Map<string, number>();
  for (const [id, count] of counts) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === '(idle)') continue;
    total += count;
    const layer = layerOf(url, functionName);
    const file = url.slice(url.lastIndexOf('/') + 1);
    const name =
      `${functionName || '(anonymous)'} ${file ? `${file}:${lineNumber + 1}` : ''}`.trim();
    const entry = perFunction.get(`${layer} ${name}`) ?? { name, layer, count: 0 };
    entry.count += count;
    perFunction.set(`${layer} ${name}`, entry);
    perLayer.set(layer, (perLayer.get(layer) ?? 0) + count);
  }
  const percent = (count: number) => (count / total) * 100;
  return {
    functions: [...perFunction.values()]
      .sort((a, b) => b.count - a.count)
      .map(({ name, layer, count }) => ({ name, layer, percent: percent(count) })),
    layers: [...perLayer.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([layer, count]) => ({ layer, percent: percent(count) })),
  };
}

/** Profiles `contender` over `requests` requests (after `warmup`), busy time only. */
export async function profileServer(
  contender: Contender,
  options: { warmup: number; requests: number; connections: number; path?: string },
): Promise<ProfileSummary> {
  const folder = mkdtempSync(join(tmpdir(), 'stack-cpuprof-'));
  const child = spawn(
    process.execPath,
    [...nodeArgs(contender.script, { preload: join(here, 'profile-on-signal.ts') })],
    {
      cwd: benchRoot,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        PORT: '0',
        STACK_BENCH_PROFILE_OUT: join(folder, 'server.cpuprofile'),
        ...contender.env,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  child.stdout!.on('data', (data: Buffer) => (out += data.toString()));
  const seen = async (pattern: RegExp): Promise<RegExpExecArray> => {
    for (;;) {
      const match = pattern.exec(out);
      if (match) return match;
      if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode})`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  try {
    const port = Number((await seen(/listening (\d+)/))[1]);
    const url = `http://127.0.0.1:${port}${options.path ?? '/'}`;
    await autocannon({ url, amount: options.warmup, connections: options.connections });
    child.kill('SIGUSR2');
    await seen(/profiling/);
    await autocannon({ url, amount: options.requests, connections: options.connections });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGUSR2');
    await exited;
    const file = join(folder, 'server.cpuprofile');
    return summarise(JSON.parse(readFileSync(file, 'utf8')) as Profile);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(folder, { recursive: true, force: true });
  }
}
