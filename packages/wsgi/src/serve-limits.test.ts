import { afterEach, describe, expect, it, vi } from 'vitest';
import { request } from 'undici';
import { helloApp, rawExchange, startServer } from '../test/helpers.js';
import type { Application, ServeHandle } from './index.js';

const handles: ServeHandle[] = [];
async function start(app: Application, options: Parameters<typeof startServer>[1] = {}) {
  const started = await startServer(app, options);
  handles.push(started.handle);
  return started;
}
afterEach(async () => {
  await Promise.all(handles.splice(0).map((handle) => handle.close()));
});

describe('serve refuses what it must not pass on', () => {
  it('answers 408 to a client trickling its body past requestTimeout', async () => {
    const { port } = await start(
      async (environ, startResponse) => {
        for await (const _chunk of environ['wsgi.input']);
        startResponse('200 OK', []);
        return ['late'];
      },
      { headersTimeout: 200, requestTimeout: 400 },
    );
    const { response, closedByServer } = await rawExchange(
      port,
      ['POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nab', { delay: 1_500 }, 'cdefghij'],
      4_000,
    );
    expect(response).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(closedByServer).toBe(true);
  });

  it('answers 408 to a client trickling its headers past headersTimeout', async () => {
    const { port } = await start(helloApp, { headersTimeout: 300, requestTimeout: 1_000 });
    const { response, closedByServer } = await rawExchange(
      port,
      [
        'GET / HTTP/1.1\r\n',
        { delay: 150 },
        'Host: x\r\n',
        { delay: 150 },
        'X-A: 1\r\n',
        { delay: 400 },
        'X-B: 2\r\n',
      ],
      4_000,
    );
    expect(response).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(closedByServer).toBe(true);
  });

  it('answers 431 to headers larger than maxHeaderSize', async () => {
    const { origin } = await start(helloApp, { maxHeaderSize: 1_024 });
    const response = await request(`${origin}/`, { headers: { 'x-big': 'a'.repeat(2_000) } });
    expect(response.statusCode).toBe(431);
    await response.body.text();
  });

  it.each([
    [
      'Content-Length with Transfer-Encoding',
      'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    ],
    [
      'two different Content-Lengths',
      'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 5\r\n\r\nabcde',
    ],
    ['an obs-folded header', 'GET / HTTP/1.1\r\nHost: x\r\nX-A: a\r\n  folded\r\n\r\n'],
    ['a bare LF line ending', 'GET / HTTP/1.1\nHost: x\n\n'],
    ['a request without Host', 'GET / HTTP/1.1\r\n\r\n'],
  ])('refuses %s with 400 and closes the connection', async (_name, bytes) => {
    let reached = 0;
    const { port } = await start((environ, startResponse) => {
      reached++;
      return helloApp(environ, startResponse);
    });
    const { response, closedByServer } = await rawExchange(port, [bytes]);
    expect(response).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(closedByServer).toBe(true);
    expect(reached).toBe(0);
  });

  it('refuses a smuggling attempt that follows a good request on the same connection', async () => {
    const { port } = await start(helloApp);
    const { response, closedByServer } = await rawExchange(port, [
      'GET / HTTP/1.1\r\nHost: x\r\n\r\n',
      { delay: 100 },
      'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    ]);
    expect(response).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(response).toMatch(/\r\n\r\n\{"message":"Hello, World!"\}HTTP\/1\.1 400 Bad Request\r\n/);
    expect(closedByServer).toBe(true);
  });

  it.each([
    ['HTTP/0.9', 'GET /\r\n\r\n'],
    ['HTTP/0.9 with a version', 'GET / HTTP/0.9\r\nHost: x\r\n\r\n'],
    ['HTTP/2.0 spoken as text', 'GET / HTTP/2.0\r\nHost: x\r\n\r\n'],
  ])('refuses %s', async (_name, bytes) => {
    let reached = 0;
    const { port } = await start((environ, startResponse) => {
      reached++;
      return helloApp(environ, startResponse);
    });
    const { response, closedByServer } = await rawExchange(port, [bytes]);
    expect(response).toMatch(/^HTTP\/1\.1 (400 Bad Request|505 HTTP Version Not Supported)\r\n/);
    expect(closedByServer).toBe(true);
    expect(reached).toBe(0);
  });

  it('serves HTTP/1.0 and closes after the response', async () => {
    const { port } = await start(helloApp);
    const { response, closedByServer } = await rawExchange(port, ['GET / HTTP/1.0\r\n\r\n']);
    expect(response).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(response.endsWith('{"message":"Hello, World!"}')).toBe(true);
    expect(closedByServer).toBe(true);
  });

  describe('more header fields than maxHeaderCount', () => {
    // A head with `count` fields in all (Host included), the last one X-Forwarded-Proto.
    function head(count: number, extra = ''): string {
      let text = `GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n${extra}`;
      const fixed = 3 + (extra ? extra.split('\r\n').length - 1 : 0);
      for (let i = 0; i < count - fixed; i++) text += `X-Pad-${i}: v\r\n`;
      return `${text}X-Forwarded-Proto: https\r\n\r\n`;
    }
    const echoScheme: Application = (environ, startResponse) => {
      startResponse('200 OK', [['Content-Type', 'text/plain']]);
      return [`${environ['wsgi.url_scheme']} ${String(environ.HTTP_X_PAD_0)}`];
    };

    it('answers 431 and logs a line past the default limit of 100, without calling the app', async () => {
      let reached = 0;
      const lines: string[] = [];
      const spy = vi.spyOn(console, 'error').mockImplementation((line: string) => {
        lines.push(line);
      });
      try {
        const { port } = await start(
          (environ, startResponse) => {
            reached++;
            return helloApp(environ, startResponse);
          },
          { log: () => {} },
        );
        const { response, closedByServer } = await rawExchange(port, [head(101)]);
        expect(response).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
        expect(closedByServer).toBe(true);
        expect(reached).toBe(0);
        expect(lines.join('\n')).toContain(
          'refused a request: 431 Request Header Fields Too Large (more than 100 header fields',
        );
        const within = await rawExchange(port, [head(100)]);
        expect(within.response).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
        expect(reached).toBe(1);
      } finally {
        spy.mockRestore();
      }
    });

    it("never truncates: past Node's own 1000, the header appended last still arrives", async () => {
      const { port } = await start(echoScheme, {
        maxHeaderCount: 1_500,
        maxHeaderSize: 65_536,
        trustProxy: true,
      });
      const { response } = await rawExchange(port, [head(1_400)]);
      expect(response).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
      expect(response.endsWith('https v')).toBe(true);
      const over = await rawExchange(port, [head(1_501)]);
      expect(over.response).toMatch(/^HTTP\/1\.1 431 /);
    });

    it('lifts the limit with 0, and keeps every field', async () => {
      const { port } = await start(echoScheme, {
        maxHeaderCount: 0,
        maxHeaderSize: 65_536,
        trustProxy: true,
      });
      const { response } = await rawExchange(port, [head(1_200)]);
      expect(response).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
      expect(response.endsWith('https v')).toBe(true);
    });

    it('refuses an upgrade request with too many fields before the hook sees it', async () => {
      let upgrades = 0;
      const { port } = await start(helloApp, {
        maxHeaderCount: 10,
        hooks: {
          upgrade: () => {
            upgrades++;
            return false;
          },
        },
      });
      const { response } = await rawExchange(port, [
        head(20, 'Upgrade: websocket\r\nConnection: Upgrade\r\n'),
      ]);
      expect(response).toMatch(/^HTTP\/1\.1 431 /);
      expect(upgrades).toBe(0);
    });

    it('rejects a limit that is not a non-negative integer', async () => {
      const { serve } = await import('./index.js');
      expect(() => serve(helloApp, { maxHeaderCount: -1, handleSignals: false })).toThrow(
        'maxHeaderCount must be a non-negative integer, got -1',
      );
    });
  });
});
