import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serve } from '@stack/asgi';
import { configure, getAsgiApplication } from '@stack/core';
import { StreamingHttpResponse, type HttpRequest } from '@stack/request';
import { path as route } from '@stack/urls';
import type { ServeHandle } from '@stack/wsgi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Server-sent events with StreamingHttpResponse, as the @stack/asgi README shows them: events
// read over a real socket (and through nginx), and a client that leaves is noticed.

let closedStreams = 0;
let keepAliveMs = 50;

/** The README's example view (with a tiny keep-alive interval for the test). */
function events(_request: HttpRequest) {
  async function* stream() {
    try {
      yield 'retry: 5000\n\n';
      for (let n = 1; ; n++) {
        await new Promise((resolve) => setTimeout(resolve, keepAliveMs));
        // A real view waits on its source here (a channel layer, a queue) with a timeout.
        yield n <= 3 ? `id: ${n}\ndata: ${JSON.stringify({ n })}\n\n` : ': keep-alive\n\n';
      }
    } finally {
      // Runs when the client disconnects (at the next write): unsubscribe here.
      closedStreams++;
    }
  }
  const response = new StreamingHttpResponse(stream(), { contentType: 'text/event-stream' });
  response.set('Cache-Control', 'no-cache');
  response.set('X-Accel-Buffering', 'no'); // nginx: pass each event on at once
  return response;
}

const dir = mkdtempSync(path.join(tmpdir(), 'stack-sse-'));
let server: ServeHandle;
let port: number;

beforeAll(async () => {
  configure({
    debug: false,
    baseDir: dir,
    secretKey: 'sse-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-0123456',
    allowedHosts: ['127.0.0.1', 'localhost'],
    middleware: ['@stack/middleware:SecurityMiddleware', '@stack/middleware:CommonMiddleware'],
    rootUrlconf: [route('events/', events)],
  });
  server = serve(await getAsgiApplication(), {
    host: '127.0.0.1',
    port: 0,
    log: false,
    handleSignals: false,
    gracePeriod: 500,
  });
  port = (await server.listening).port!;
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Opens the stream over a raw socket and resolves once `count` events (with ids) arrived. */
function readEvents(
  target: number,
  host: string,
  count: number,
): Promise<{ head: string; ids: string[]; close: () => void }> {
  return new Promise((resolve, reject) => {
    const socket = connect(target, '127.0.0.1');
    let received = '';
    socket.setEncoding('utf8');
    socket.on('error', reject);
    socket.on('data', (data: string) => {
      received += data;
      const ids = [...received.matchAll(/^id: (\d+)$/gm)].map((m) => m[1]!);
      if (ids.length >= count) {
        socket.removeAllListeners('data');
        resolve({
          head: received.slice(0, received.indexOf('\r\n\r\n')),
          ids,
          close: () => socket.destroy(),
        });
      }
    });
    socket.write(`GET /events/ HTTP/1.1\r\nHost: ${host}\r\nAccept: text/event-stream\r\n\r\n`);
  });
}

async function eventually(check: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
  expect(check()).toBe(true);
}

describe('server-sent events with StreamingHttpResponse', () => {
  it('streams events as they are produced and notices a client that leaves', async () => {
    const before = closedStreams;
    const { head, ids, close } = await readEvents(port, '127.0.0.1', 3);
    expect(head).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(head).toMatch(/\r\nContent-Type: text\/event-stream\r\n/i);
    expect(head).toMatch(/\r\nTransfer-Encoding: chunked$/im);
    expect(head).toMatch(/\r\nX-Accel-Buffering: no\r\n/i);
    expect(ids).toEqual(['1', '2', '3']);
    close();
    // The keep-alive comment is the write that finds the socket gone: the generator's finally runs.
    await eventually(() => closedStreams === before + 1);
  });

  const nginx = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((candidate) => existsSync(candidate));
  describe.skipIf(!nginx && !process.env.CI)('behind nginx', () => {
    let child: ChildProcess;
    let proxyPort: number;
    beforeAll(async () => {
      if (!nginx) throw new Error('nginx is not installed (apt-get install nginx-light)');
      const probe = createServer();
      await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
      proxyPort = (probe.address() as { port: number }).port;
      await new Promise((resolve) => probe.close(resolve));
      const prefix = path.join(dir, 'nginx');
      mkdirSync(path.join(prefix, 'logs'), { recursive: true });
      writeFileSync(
        path.join(prefix, 'nginx.conf'),
        `daemon off; master_process off; pid ${prefix}/nginx.pid; error_log ${prefix}/error.log;
events {}
http {
  access_log off;
  client_body_temp_path ${prefix}/body; proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi; uwsgi_temp_path ${prefix}/uwsgi; scgi_temp_path ${prefix}/scgi;
  server {
    listen 127.0.0.1:${proxyPort};
    location / {
      proxy_pass http://127.0.0.1:${port};
      proxy_http_version 1.1;
      proxy_set_header Host $host;
    }
  }
}
`,
      );
      child = spawn(nginx!, ['-p', prefix, '-c', path.join(prefix, 'nginx.conf')], {
        stdio: 'ignore',
      });
      for (let i = 0; i < 200; i++) {
        const up = await new Promise<boolean>((resolve) => {
          const socket = connect(proxyPort, '127.0.0.1', () => {
            socket.destroy();
            resolve(true);
          });
          socket.on('error', () => resolve(false));
        });
        if (up) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    });
    afterAll(async () => {
      if (child && child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
    });

    it('passes each event on at once (X-Accel-Buffering: no), and the client leaving still reaches the view', async () => {
      keepAliveMs = 50;
      const before = closedStreams;
      // The stream never ends: an event can only arrive if nginx does not buffer the response.
      const { ids, close } = await readEvents(proxyPort, 'localhost', 3);
      expect(ids).toEqual(['1', '2', '3']);
      close();
      await eventually(() => closedStreams === before + 1);
    });
  });
});
