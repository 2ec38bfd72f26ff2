import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { closeOf, nextMessage, openClient } from '../test/helpers.js';

const fixture = fileURLToPath(new URL('../test/fixtures/cluster-server.ts', import.meta.url));
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.pid) process.kill(-child.pid, 'SIGKILL');
  }
});

// Child processes compile TypeScript at start-up: give them room on a busy machine.
describe('serve with workers, in its own process', { timeout: 60_000 }, () => {
  it('runs the lifespan in each worker and closes every WebSocket with 1001 on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      ['--conditions=@stack/source', '--import', 'tsx', fixture],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
        detached: true,
      },
    );
    children.push(child);
    let out = '';
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout!.on('data', (data: Buffer) => {
        out += data.toString();
        const match = /listening (\d+)/.exec(out);
        if (match) resolve(Number(match[1]));
      });
      child.once('exit', (code) => reject(new Error(`server exited early (${code})`)));
    });
    expect(out.match(/^startup \d+$/gm)).toHaveLength(2);

    const clients = await Promise.all(
      Array.from({ length: 6 }, () => openClient(`ws://127.0.0.1:${port}/`)),
    );
    const replies = await Promise.all(
      clients.map((client, i) => {
        const reply = nextMessage(client);
        client.send(`m${i}`);
        return reply;
      }),
    );
    replies.forEach((reply, i) => expect(reply).toMatch(new RegExp(`^\\d+:m${i}$`)));

    const closes = clients.map(closeOf);
    process.kill(child.pid!, 'SIGTERM');
    expect((await Promise.all(closes)).map((c) => c.code)).toEqual([
      1001, 1001, 1001, 1001, 1001, 1001,
    ]);
    expect(await exited).toBe(0);
    expect(out.match(/^shutdown \d+$/gm)).toHaveLength(2);
  });
});
