import type { Duplex } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { helloApp, rawExchange, startServer } from '../test/helpers.js';
import type { ServeHandle, ServerHooks } from './index.js';

const handles: ServeHandle[] = [];
afterEach(async () => {
  await Promise.all(handles.splice(0).map((handle) => handle.close()));
});

async function start(hooks: ServerHooks) {
  const started = await startServer(helloApp, { hooks });
  handles.push(started.handle);
  return started;
}

const UPGRADE = 'GET /chat HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\n';

/** A toy protocol: answers 101 and echoes bytes until the server drains it. */
function echoHooks(log: string[]): ServerHooks {
  const sockets = new Set<Duplex>();
  return {
    async startup() {
      log.push('startup');
    },
    upgrade(req, socket, head) {
      if (req.headers.upgrade !== 'echo') return false;
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.write(
        'HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n',
      );
      if (head.length) socket.write(head);
      socket.on('data', (data) => socket.write(data));
      return true;
    },
    async drain(gracePeriod) {
      log.push(`drain ${gracePeriod}`);
      for (const socket of sockets) socket.end('bye');
    },
    async shutdown() {
      log.push('shutdown');
    },
  };
}

describe('serve with hooks', () => {
  it('runs startup before listening, hands upgrades over, drains them and then shuts down', async () => {
    const log: string[] = [];
    const { handle, port } = await start(echoHooks(log));
    expect(log).toEqual(['startup']);
    const exchange = rawExchange(port, [UPGRADE, 'ping'], 5_000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await handle.close();
    const { response, closedByServer } = await exchange;
    expect(response).toMatch(/^HTTP\/1\.1 101 Switching Protocols\r\n/);
    expect(response.endsWith('\r\n\r\npingbye')).toBe(true);
    expect(closedByServer).toBe(true);
    expect(log).toEqual(['startup', 'drain 30000', 'shutdown']);
  });

  it('serves a declined upgrade (h2c) as plain HTTP on a connection that then closes', async () => {
    const { port } = await start(echoHooks([]));
    const { response, closedByServer } = await rawExchange(port, [
      'GET / HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAoAAAAAIAAAAA\r\n\r\n',
    ]);
    expect(response).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(response).toMatch(/\r\nConnection: close\r\n/i);
    expect(response.endsWith('{"message":"Hello, World!"}')).toBe(true);
    expect(closedByServer).toBe(true);
  });

  it.each([
    [
      'a declined upgrade with a body',
      'POST / HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: h2c\r\nContent-Length: 3\r\n\r\nabc',
    ],
    ['an upgrade without Host', 'GET / HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\n'],
    [
      'an HTTP/1.0 upgrade',
      'GET / HTTP/1.0\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\n',
    ],
  ])('refuses %s with 400', async (_name, bytes) => {
    const { port } = await start(echoHooks([]));
    const { response, closedByServer } = await rawExchange(port, [bytes]);
    expect(response).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(closedByServer).toBe(true);
  });

  it('rejects listening when startup fails, and never listens', async () => {
    const { serve } = await import('./index.js');
    const handle = serve(helloApp, {
      host: '127.0.0.1',
      port: 0,
      log: false,
      handleSignals: false,
      hooks: {
        startup: () => Promise.reject(new Error('no database')),
      },
    });
    await expect(handle.listening).rejects.toThrow('no database');
    expect(handle.server?.listening).toBe(false);
    await handle.close();
  });

  it('serves ordinary requests unchanged when hooks are given', async () => {
    const { origin } = await start(echoHooks([]));
    const response = await request(`${origin}/`);
    expect(response.statusCode).toBe(200);
    expect(await response.body.json()).toEqual({ message: 'Hello, World!' });
  });
});
