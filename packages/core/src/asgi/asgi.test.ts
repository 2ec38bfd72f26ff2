import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  getChannelLayer,
  InMemoryChannelLayer,
  ProtocolTypeRouter,
  serve,
  WebsocketConsumer,
  type AsgiApplication,
} from '@stack/asgi';
import { getUserModel, type AuthUser } from '@stack/contrib-auth';
import { connections } from '@stack/orm';
import { HttpResponse } from '@stack/request';
import { path as route } from '@stack/urls';
import type { ServeHandle } from '@stack/wsgi';
import { request } from 'undici';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, configure, execute, getHandler, getSettings } from '../index.js';
import { loadAsgiApplication } from './application.js';
import {
  AllowedHostsOriginValidator,
  AuthMiddlewareStack,
  getAsgiApplication,
  URLRouter,
} from '../index.js';
import type { UrlRoute } from './routing.js';

const dir = mkdtempSync(path.join(tmpdir(), 'stack-core-asgi-'));

class WhoAmI extends WebsocketConsumer {
  override async connect() {
    const user = (await (this.scope.user as PromiseLike<AuthUser>)) as AuthUser & {
      username?: string;
    };
    if (!user.isAuthenticated) return this.close();
    await this.accept();
    const { kwargs } = this.scope.url_route as UrlRoute;
    await this.send(`${user.username} in ${String(kwargs.room)}`);
  }
}

let server: ServeHandle;
let ws: string;
let origin: string;

beforeAll(async () => {
  configure({
    debug: false,
    baseDir: dir,
    secretKey: 'core-asgi-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz',
    allowedHosts: ['127.0.0.1', 'testserver'],
    installedApps: ['@stack/contrib-auth', '@stack/contrib-sessions'],
    databases: { default: { engine: 'sqlite', name: path.join(dir, 'db.sqlite3') } },
    middleware: [
      '@stack/contrib-sessions:SessionMiddleware',
      '@stack/middleware:CommonMiddleware',
      '@stack/contrib-auth:AuthenticationMiddleware',
    ],
    rootUrlconf: [route('hello/', () => new HttpResponse('hello over asgi'))],
    sessionEngine: 'db',
    channelLayers: { default: { backend: 'inmemory', config: { capacity: 10 } } },
  });
  const sink = { write: () => {} };
  expect(await execute(['migrate'], { stdout: sink, stderr: sink, cwd: dir })).toBe(0);
  await getUserModel().objects.createUser('ann', 'ann@example.com', 'a-long-pass-phrase');
  const application: AsgiApplication = ProtocolTypeRouter({
    http: await getAsgiApplication(),
    websocket: AllowedHostsOriginValidator(
      AuthMiddlewareStack(URLRouter([route('ws/<slug:room>/', WhoAmI.asAsgi())])),
    ),
  });
  server = serve(application, { host: '127.0.0.1', port: 0, log: false, handleSignals: false });
  const { port } = await server.listening;
  ws = `ws://127.0.0.1:${port}`;
  origin = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await server?.close();
  await connections.closeAll();
  rmSync(dir, { recursive: true, force: true });
});

/** Opens a socket and resolves with its first message, or rejects with the refused status. */
function firstMessage(url: string, headers: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const client = new WebSocket(url, { headers });
    client.once('message', (data) => {
      resolve(data.toString());
      client.close();
    });
    client.once('unexpected-response', (_req, res) =>
      reject(new Error(`refused: ${res.statusCode}`)),
    );
    client.once('error', reject);
  });
}

async function sessionCookie(): Promise<string> {
  const client = new Client();
  expect(await client.login({ username: 'ann', password: 'a-long-pass-phrase' })).toBe(true);
  return `sessionid=${client.cookies.get('sessionid')!.value}`;
}

describe('getAsgiApplication and the WebSocket stack', () => {
  it('serves HTTP through the same handler and middleware', async () => {
    const response = await request(`${origin}/hello/`);
    expect(response.statusCode).toBe(200);
    expect(await response.body.text()).toBe('hello over asgi');
    const missing = await request(`${origin}/nope/`);
    expect(missing.statusCode).toBe(404);
    await missing.body.text();
  });

  it('registers the channelLayers setting', () => {
    expect(getChannelLayer()).toBeInstanceOf(InMemoryChannelLayer);
  });

  it('routes by path, with the session user in scope', async () => {
    const cookie = await sessionCookie();
    expect(await firstMessage(`${ws}/ws/lobby/`, { origin, cookie })).toBe('ann in lobby');
  });

  it('refuses a logged-out socket (403)', async () => {
    await expect(firstMessage(`${ws}/ws/lobby/`, { origin })).rejects.toThrow('refused: 403');
    await expect(
      firstMessage(`${ws}/ws/lobby/`, { origin, cookie: 'sessionid=forged' }),
    ).rejects.toThrow('refused: 403');
  });

  it.each([
    ['another site', 'https://evil.example'],
    ['a look-alike host', 'http://127.0.0.1.evil.example'],
    ['a null origin', 'null'],
    ['garbage', '::::'],
  ])('refuses an origin from %s (403), logged in or not', async (_name, hostile) => {
    const cookie = await sessionCookie();
    await expect(firstMessage(`${ws}/ws/lobby/`, { origin: hostile, cookie })).rejects.toThrow(
      'refused: 403',
    );
  });

  it('accepts the allowed host on another port (ports are not compared, as in Channels)', async () => {
    const cookie = await sessionCookie();
    expect(await firstMessage(`${ws}/ws/lobby/`, { origin: 'http://127.0.0.1:1', cookie })).toBe(
      'ann in lobby',
    );
  });

  it('serves the handler alone when no asgiApplication is set, refusing WebSockets (403)', async () => {
    const handler = await getHandler();
    const app = await loadAsgiApplication(getSettings(), handler);
    const plain = serve(app, { host: '127.0.0.1', port: 0, log: false, handleSignals: false });
    try {
      const { port } = await plain.listening;
      expect(await (await request(`http://127.0.0.1:${port}/hello/`)).body.text()).toBe(
        'hello over asgi',
      );
      await expect(firstMessage(`ws://127.0.0.1:${port}/ws/lobby/`, { origin })).rejects.toThrow(
        'refused: 403',
      );
    } finally {
      await plain.close();
    }
  });

  it('refuses a handshake without an Origin, and a path with no route', async () => {
    const cookie = await sessionCookie();
    await expect(firstMessage(`${ws}/ws/lobby/`, { cookie })).rejects.toThrow('refused: 403');
    await expect(firstMessage(`${ws}/elsewhere/`, { origin, cookie })).rejects.toThrow(
      'refused: 403',
    );
  });
});
