// Idle WebSockets and echo throughput: @stack/asgi (a raw ASGI echo, and a WebsocketConsumer
// with a channel per connection) against a bare `ws` server measured in the same run.
// Run: cd bench && node --import tsx websockets.ts
//
// Bytes per idle connection = (server RSS holding N idle connections - RSS before) / N, after a
// full GC. The load generator runs in its own process, pinned to the other core.
// STACK_BENCH_WS_CONNECTIONS (default 10000) sets N; STACK_BENCH_DURATION the echo seconds.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOAD_CORE, pinned, SERVER_CORE } from './lib/cores.js';
import { isMain } from './lib/main.js';
import { nodeArgs } from './lib/node-args.js';
import { benchDuration } from './lib/settings.js';
import { printTable, type Row } from './lib/table.js';

const here = dirname(fileURLToPath(import.meta.url));

interface Contender {
  name: string;
  script: string;
  env?: Record<string, string>;
}

const contenders: Contender[] = [
  { name: 'ws', script: 'servers/ws-bare.ts' },
  { name: '@stack/asgi raw', script: 'servers/ws-asgi.ts', env: { STACK_BENCH_WS: 'raw' } },
  {
    name: '@stack/asgi consumer',
    script: 'servers/ws-asgi.ts',
    env: { STACK_BENCH_WS: 'consumer' },
  },
];

/** The file-descriptor limit a child gets: the hard limit, raised from the soft one by the shell. */
function fdLimit(): number {
  const hard = spawnSync('sh', ['-c', 'ulimit -Hn'], { encoding: 'utf8' }).stdout.trim();
  return hard === 'unlimited' ? 1_048_576 : Number(hard);
}

/** Runs argv pinned to `core` with the soft fd limit raised to the hard one. */
function launch(core: number, argv: string[], env: Record<string, string> = {}): ChildProcess {
  const [command, args] = pinned(core, argv);
  return spawn('sh', ['-c', 'ulimit -n "$(ulimit -Hn)"; exec "$@"', 'sh', command, ...args], {
    cwd: here,
    env: { ...process.env, NODE_ENV: 'production', ...env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
}

function lineFrom(child: ChildProcess, prefix: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString();
      const line = buffer.split('\n').find((l) => l.startsWith(prefix));
      if (line !== undefined) {
        child.stdout!.off('data', onData);
        resolve(line.slice(prefix.length).trim());
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`process exited (${code}) before printing "${prefix}"`)),
    );
  });
}

async function rssOf(port: number): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}/rss`);
  return ((await response.json()) as { rss: number }).rss;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

async function measure(contender: Contender, connections: number, seconds: number): Promise<Row> {
  const server = launch(
    SERVER_CORE,
    [process.execPath, ...nodeArgs(contender.script, { flags: ['--expose-gc'] })],
    {
      PORT: '0',
      ...contender.env,
    },
  );
  try {
    const port = Number(await lineFrom(server, 'listening '));
    const url = `ws://127.0.0.1:${port}/`;
    const loader = join(here, 'lib/ws-load.ts');
    // Warm the server's code paths with a short echo run before the memory baseline.
    const warm = launch(LOAD_CORE, [
      process.execPath,
      ...nodeArgs(loader),
      'echo',
      url,
      '20',
      '1',
      '4',
    ]);
    await lineFrom(warm, 'messages ');
    const before = await rssOf(port);
    const idle = launch(LOAD_CORE, [
      process.execPath,
      ...nodeArgs(loader),
      'idle',
      url,
      String(connections),
    ]);
    const opened = Number(await lineFrom(idle, 'open '));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const after = await rssOf(port);
    idle.stdin!.end();
    await new Promise((resolve) => idle.once('exit', resolve));
    const echo = launch(LOAD_CORE, [
      process.execPath,
      ...nodeArgs(loader),
      'echo',
      url,
      '100',
      String(seconds),
      '8',
    ]);
    const [count, elapsed] = (await lineFrom(echo, 'messages ')).split(' ').map(Number);
    return {
      name: contender.name,
      values: {
        bytesPerIdle: (after - before) / opened,
        messagesPerSecond: count! / elapsed!,
      },
    };
  } finally {
    await stop(server);
  }
}

export async function run(): Promise<void> {
  const limit = fdLimit();
  const wanted = Number(process.env.STACK_BENCH_WS_CONNECTIONS ?? 10_000);
  // Each process holds one descriptor per connection, plus a margin for everything else.
  const connections = Math.min(wanted, limit - 200);
  if (connections < wanted)
    console.log(`bench: the fd limit (${limit}) allows ${connections} connections, not ${wanted}`);
  const seconds = benchDuration();
  const rows: Row[] = [];
  for (const contender of contenders) rows.push(await measure(contender, connections, seconds));
  printTable(
    `${connections} idle WebSockets on loopback (RSS delta / connections) and echo messages/s (100 clients, 8 in flight each)`,
    rows,
    [
      { key: 'bytesPerIdle', label: 'bytes/idle conn', digits: 0 },
      { key: 'messagesPerSecond', label: 'messages/s', digits: 0 },
    ],
    'ws',
  );
}

if (isMain(import.meta.url)) await run();
