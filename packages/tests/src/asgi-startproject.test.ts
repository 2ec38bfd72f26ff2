import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// A project exactly as `stack startproject` writes it, with one consumer added to the
// websocketUrlpatterns of its asgi.ts: `stack runserver` and the production entry both serve it.
const here = fileURLToPath(new URL('..', import.meta.url));
const stack = fileURLToPath(new URL('../../framework/bin/stack.js', import.meta.url));
const run = promisify(execFile);
const env = { ...process.env, NO_COLOR: '1' };

let root: string;
let project: string;
const children: ChildProcess[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** The first message of a socket, or the status that refused its handshake. */
function firstMessage(url: string, headers: Record<string, string>): Promise<string> {
  return new Promise((resolve) => {
    const client = new WebSocket(url, { headers });
    client.once('open', () => client.send('ping'));
    client.once('message', (data) => {
      resolve(data.toString());
      client.close();
    });
    client.once('unexpected-response', (_req, res) => resolve(`refused ${res.statusCode}`));
    client.once('error', (error) => resolve(`error ${error.message}`));
  });
}

async function serving(port: number, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 600 && child.exitCode === null; i++) {
    const up = await fetch(`http://127.0.0.1:${port}/`).then(
      () => true,
      () => false,
    );
    if (up) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the server did not start');
}

beforeAll(async () => {
  root = mkdtempSync(path.join(here, '.tmp-asgi-project-'));
  project = path.join(root, 'chatsite');
  await run(process.execPath, [stack, 'startproject', 'chatsite'], { cwd: root, env });
  writeFileSync(
    path.join(project, 'chatsite/consumers.ts'),
    `import { WebsocketConsumer } from '@stack/framework/asgi';

export class EchoConsumer extends WebsocketConsumer {
  override async receive(textData?: string) {
    const user = await (this.scope.user as PromiseLike<{ isAuthenticated: boolean }>);
    await this.send(\`\${textData} (\${user.isAuthenticated ? 'user' : 'anonymous'})\`);
  }
}
`,
  );
  const asgi = path.join(project, 'chatsite/asgi.ts');
  const source = readFileSync(asgi, 'utf8');
  expect(source).toContain('export const websocketUrlpatterns: UrlEntry<AsgiApplication>[] = [];');
  writeFileSync(
    asgi,
    source
      .replace(
        "import type { UrlEntry } from '@stack/framework/urls';",
        "import { path, type UrlEntry } from '@stack/framework/urls';\nimport { EchoConsumer } from './consumers.ts';",
      )
      .replace(
        'export const websocketUrlpatterns: UrlEntry<AsgiApplication>[] = [];',
        "export const websocketUrlpatterns: UrlEntry<AsgiApplication>[] = [path('ws/echo/', EchoConsumer.asAsgi())];",
      ),
  );
}, 60_000);

afterAll(async () => {
  for (const child of children) {
    if (child.pid && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(-child.pid, 'SIGKILL');
      await exited;
    }
  }
  rmSync(root, { recursive: true, force: true });
});

describe('the asgi.ts of a new project', () => {
  it.each([
    [
      'stack runserver',
      (port: number) => [stack, 'runserver', `127.0.0.1:${port}`, '--noreload', '--skip-checks'],
    ],
    [
      'the production entry',
      () => ['--conditions=@stack/source', '--import', 'tsx', 'chatsite/asgi.ts'],
    ],
  ])(
    'is served by %s: routed, with the user in scope, and origin-checked',
    async (_name, argv) => {
      const port = await freePort();
      const child = spawn(process.execPath, argv(port), {
        cwd: project,
        env: { ...env, PORT: String(port), STACK_SETTINGS_MODULE: 'chatsite/settings.ts' },
        detached: true,
        stdio: 'ignore',
      });
      children.push(child);
      await serving(port, child);
      const ws = `ws://127.0.0.1:${port}`;
      const origin = `http://127.0.0.1:${port}`;
      expect(await firstMessage(`${ws}/ws/echo/`, { origin })).toBe('ping (anonymous)');
      expect(await firstMessage(`${ws}/ws/echo/`, { origin: 'https://elsewhere.example' })).toBe(
        'refused 403',
      );
      expect(await firstMessage(`${ws}/ws/echo/`, {})).toBe('refused 403');
      expect(await firstMessage(`${ws}/ws/nowhere/`, { origin })).toBe('refused 403');
    },
    60_000,
  );
});
