import type { ChildProcess } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  killProcessGroups,
  projectFolder,
  run,
  stackBin as stack,
  stackEnv as env,
  startNode,
  testsDir,
} from './support/project.js';

// A project exactly as `stack startproject` writes it, with one consumer added to the
// websocketUrlpatterns of its asgi.ts: `stack runserver` and the production entry both serve it.
let root: string;
let project: string;
const children: ChildProcess[] = [];

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

beforeAll(async () => {
  root = projectFolder('.tmp-asgi-project-', {}, testsDir);
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
  await killProcessGroups(children);
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
      const { port } = await startNode(argv, {
        cwd: project,
        env: { STACK_SETTINGS_MODULE: 'chatsite/settings.ts' },
        children,
      });
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
