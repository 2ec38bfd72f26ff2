import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { Agent, request } from 'undici';

const fixture = fileURLToPath(new URL('../test/fixtures/server.ts', import.meta.url));
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) {
    if (child.exitCode !== null) continue;
    // A detached child leads its own process group: kill its workers with it.
    if (child.spawnargs && child.pid) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    } else child.kill('SIGKILL');
  }
});

/** Runs the fixture server in a child process; resolves with its port once it listens. */
function spawnServer(
  env: Record<string, string> = {},
  detached = false,
): Promise<{ child: ChildProcess; port: number; started: () => number }> {
  const child = spawn(
    process.execPath,
    ['--conditions=@stack/source', '--import', 'tsx', fixture],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'], detached },
  );
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (data: Buffer) => {
      out += data.toString();
      const match = /listening (\d+)/.exec(out);
      const started = () => out.split('started\n').length - 1;
      if (match) resolve({ child, port: Number(match[1]), started });
    });
    child.once('exit', (code) => reject(new Error(`server exited early (${code})`)));
  });
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Child processes compile TypeScript at start-up: give them room on a busy machine.
describe('serve in its own process', { timeout: 60_000 }, () => {
  it('loses no in-flight request when SIGTERM arrives under load, then exits 0', async () => {
    const { child, port, started } = await spawnServer();
    const agent = new Agent({ connections: 30 });
    const inFlight = Array.from({ length: 30 }, (_, i) =>
      request(`http://127.0.0.1:${port}/slow?${500 + i * 10}`, { dispatcher: agent }).then(
        async (r) => [r.statusCode, await r.body.text()] as const,
      ),
    );
    await expect.poll(started, { timeout: 10_000 }).toBe(30);
    child.kill('SIGTERM');
    const results = await Promise.all(inFlight);
    expect(results.every(([status]) => status === 200)).toBe(true);
    expect(await exited(child)).toBe(0);
    await expect(request(`http://127.0.0.1:${port}/`)).rejects.toThrow();
    await agent.close();
  });

  it('exits at once on a second signal', async () => {
    const { child, port, started } = await spawnServer({ STACK_TEST_GRACE: '20000' });
    const pending = request(`http://127.0.0.1:${port}/slow?10000`).catch((error: Error) => error);
    await expect.poll(started, { timeout: 10_000 }).toBe(1);
    child.kill('SIGTERM');
    await sleep(100);
    const before = Date.now();
    child.kill('SIGINT');
    expect(await exited(child)).toBe(1);
    expect(Date.now() - before).toBeLessThan(3_000);
    expect(await pending).toBeInstanceOf(Error);
  });

  it('replaces a worker that dies, under workers: 2', async () => {
    const { child, port } = await spawnServer({ STACK_TEST_WORKERS: '2' });
    // A connection the primary hands to the worker that is dying can be lost with it (Node's
    // cluster): without a timeout of its own, undici would wait 300 s for its headers.
    const pid = async (path = '/') => {
      const response = await request(`http://127.0.0.1:${port}${path}`, {
        reset: true,
        headersTimeout: 5_000,
        bodyTimeout: 5_000,
      });
      return response.body.text();
    };
    const seen = new Set<string>();
    for (let i = 0; i < 20 && seen.size < 2; i++) seen.add(await pid());
    expect(seen.size).toBe(2);
    const crashed = await pid('/crash');
    let replacement: string | undefined;
    for (let i = 0; i < 600 && replacement === undefined; i++) {
      const answer = await pid().catch(() => undefined);
      if (answer !== undefined && !seen.has(answer)) replacement = answer;
      else await sleep(50);
    }
    expect(replacement).toBeDefined();
    expect(replacement).not.toBe(crashed);
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
  });

  it('finishes in-flight requests in every worker on Ctrl-C (SIGINT to the whole group)', async () => {
    const { child, port, started } = await spawnServer({ STACK_TEST_WORKERS: '2' }, true);
    const agent = new Agent({ connections: 20 });
    const inFlight = Array.from({ length: 20 }, () =>
      request(`http://127.0.0.1:${port}/slow?1000`, { dispatcher: agent }).then(
        async (r) => [r.statusCode, await r.body.text()] as const,
      ),
    );
    await expect.poll(started, { timeout: 10_000 }).toBe(20);
    // A terminal's Ctrl-C reaches the primary and the workers at once.
    process.kill(-child.pid!, 'SIGINT');
    const results = await Promise.all(inFlight);
    expect(results.map(([status]) => status)).toEqual(Array(20).fill(200));
    expect(new Set(results.map(([, pid]) => pid)).size).toBe(2);
    expect(await exited(child)).toBe(0);
    await agent.close();
  });
});
