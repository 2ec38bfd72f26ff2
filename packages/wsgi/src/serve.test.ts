import { Readable } from 'node:stream';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { Agent, request } from 'undici';
import { helloApp, rawExchange, startServer } from '../test/helpers.js';
import {
  serve,
  ServerConfigurationError,
  type Application,
  type Environ,
  type ServeHandle,
  type StartResponse,
} from './index.js';

const handles: ServeHandle[] = [];
async function start(app: Application, options: Parameters<typeof startServer>[1] = {}) {
  const started = await startServer(app, options);
  handles.push(started.handle);
  return started;
}
afterEach(async () => {
  await Promise.all(handles.splice(0).map((handle) => handle.close()));
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('serve', () => {
  it('answers with the status, headers and body the application gives', async () => {
    const { origin, handle } = await start(helloApp);
    const response = await request(`${origin}/`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.headers['content-length']).toBe('27');
    expect(await response.body.json()).toEqual({ message: 'Hello, World!' });
    expect(handle.address?.host).toBe('127.0.0.1');
  });

  it('keeps the connection alive between requests', async () => {
    const { origin } = await start(helloApp);
    const agent = new Agent({ connections: 1 });
    const ports = new Set<string>();
    const app: Application = (environ, startResponse) => {
      ports.add(environ.REMOTE_PORT);
      return helloApp(environ, startResponse);
    };
    const second = await start(app);
    for (let i = 0; i < 3; i++) {
      await (await request(`${second.origin}/`, { dispatcher: agent })).body.text();
    }
    expect(ports.size).toBe(1);
    await agent.close();
    expect(origin).toBeTruthy();
  });

  it('gives each connection its own peer and keeps one connection listener', async () => {
    const seen: string[] = [];
    const app: Application = (environ, startResponse) => {
      seen.push(`${environ.REMOTE_ADDR} ${environ.REMOTE_PORT} ${environ['wsgi.url_scheme']}`);
      return helloApp(environ, startResponse);
    };
    const { origin, handle } = await start(app);
    // node's own listener, wrapped: a second one would slow every emit in the process
    expect(handle.server?.listenerCount('connection')).toBe(1);
    for (let i = 0; i < 2; i++) {
      const agent = new Agent({ connections: 1 });
      await (await request(`${origin}/`, { dispatcher: agent })).body.text();
      await (await request(`${origin}/`, { dispatcher: agent })).body.text();
      await agent.close();
    }
    expect(seen).toHaveLength(4);
    for (const line of seen) expect(line).toMatch(/^127\.0\.0\.1 \d+ http$/);
    expect(seen[0]).toBe(seen[1]);
    expect(seen[2]).toBe(seen[3]);
    expect(seen[0]).not.toBe(seen[2]);
  });

  it('sends repeated response headers, such as Set-Cookie, one line each', async () => {
    const { origin } = await start((_environ, startResponse) => {
      startResponse('201 Created', [
        ['Set-Cookie', 'a=1'],
        ['Set-Cookie', 'b=2'],
      ]);
      return [];
    });
    const response = await request(`${origin}/`);
    expect(response.statusCode).toBe(201);
    expect(response.headers['set-cookie']).toEqual(['a=1', 'b=2']);
    expect(response.headers['content-length']).toBe('0');
  });

  it('streams the request body to the application as it arrives', async () => {
    let chunks = 0;
    const { origin } = await start(async (environ, startResponse) => {
      let total = 0;
      for await (const chunk of environ['wsgi.input']) {
        chunks++;
        total += chunk.byteLength;
      }
      startResponse('200 OK', [['Content-Type', 'text/plain']]);
      return [String(total)];
    });
    async function* upload() {
      for (let i = 0; i < 20; i++) {
        yield new Uint8Array(64 * 1024).fill(i);
        await sleep(2);
      }
    }
    const response = await request(`${origin}/upload`, {
      method: 'POST',
      body: Readable.from(upload()),
    });
    expect(await response.body.text()).toBe(String(20 * 64 * 1024));
    expect(chunks).toBeGreaterThan(1);
  });

  it('holds an upload back while the application is not reading it (no whole-body buffering)', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const { origin } = await start(async (environ, startResponse) => {
      let total = 0;
      for await (const chunk of environ['wsgi.input']) {
        total += chunk.byteLength;
        await released;
      }
      startResponse('200 OK', []);
      return [String(total)];
    });
    let offered = 0;
    const size = 64 * 1024;
    const count = 1024; // 64 MB
    async function* upload() {
      for (let i = 0; i < count; i++) {
        offered += size;
        yield new Uint8Array(size);
      }
    }
    const pending = request(`${origin}/`, { method: 'POST', body: Readable.from(upload()) });
    await sleep(300);
    // Only socket and stream buffers (a few MB) can be in flight while the application waits.
    expect(offered).toBeLessThan(16 * 1024 * 1024);
    release();
    const response = await pending;
    expect(await response.body.text()).toBe(String(size * count));
  });

  it('streams a generator response with backpressure, chunk by chunk', async () => {
    let produced = 0;
    const { origin } = await start((_environ, startResponse) => {
      startResponse('200 OK', [['Content-Type', 'application/octet-stream']]);
      return (function* () {
        for (let i = 0; i < 200; i++) {
          produced++;
          yield new Uint8Array(256 * 1024);
        }
      })();
    });
    const response = await request(`${origin}/`);
    expect(response.headers['transfer-encoding']).toBe('chunked');
    const reader = response.body[Symbol.asyncIterator]();
    await reader.next();
    await sleep(100);
    // 50 MB were offered; a server without backpressure would have produced them all by now.
    expect(produced).toBeLessThan(200);
    let total = 0;
    for await (const chunk of response.body) total += chunk.byteLength;
    expect(produced).toBe(200);
    expect(total).toBeGreaterThan(0);
  });

  it('lets the application call startResponse lazily from its generator', async () => {
    const { origin } = await start(async function* (
      _environ: Environ,
      startResponse: StartResponse,
    ) {
      await sleep(5);
      startResponse('202 Accepted', [['X-Late', 'yes']]);
      yield 'late ';
      yield 'body';
    } as unknown as Application);
    const response = await request(`${origin}/`);
    expect(response.statusCode).toBe(202);
    expect(response.headers['x-late']).toBe('yes');
    expect(await response.body.text()).toBe('late body');
  });

  it('stops the generator (its finally runs) when the client disconnects', async () => {
    let finished = false;
    let yielded = 0;
    const { origin } = await start((_environ, startResponse) => {
      startResponse('200 OK', [['Content-Type', 'text/plain']]);
      return (async function* () {
        try {
          for (;;) {
            yielded++;
            yield 'tick\n';
            await sleep(5);
          }
        } finally {
          finished = true;
        }
      })();
    });
    const controller = new AbortController();
    const response = await request(`${origin}/`, { signal: controller.signal });
    for await (const _chunk of response.body) {
      controller.abort();
      break;
    }
    await expect.poll(() => finished, { timeout: 2_000 }).toBe(true);
    const count = yielded;
    await sleep(50);
    expect(yielded).toBe(count);
  });

  it("sends the application's headers in order, repeats included, then the Content-Length it adds", async () => {
    const headers: [string, string][] = [
      ['X-First', 'a'],
      ['Set-Cookie', 'one=1'],
      ['Content-Type', 'text/plain'],
      ['Set-Cookie', 'two=2'],
    ];
    const { port } = await start((_environ, startResponse) => {
      startResponse('200 OK', headers);
      return ['hé', 'llo'];
    });
    const { response } = await rawExchange(port, [
      'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    ]);
    const head = response.slice(0, response.indexOf('\r\n\r\n')).split('\r\n');
    expect(head.slice(1, 6)).toEqual([
      'X-First: a',
      'Set-Cookie: one=1',
      'Content-Type: text/plain',
      'Set-Cookie: two=2',
      'Content-Length: 6',
    ]);
    // The application's list is left as it gave it.
    expect(headers).toHaveLength(4);
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const { port } = await start(helloApp);
    const { response } = await rawExchange(port, [
      'HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    ]);
    expect(response).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(response).toMatch(/content-length: 27\r\n/i);
    expect(response.endsWith('\r\n\r\n')).toBe(true);
  });

  it('does not run a streaming body for HEAD', async () => {
    let pulled = 0;
    const { origin } = await start((_environ, startResponse) => {
      startResponse('200 OK', []);
      return (function* () {
        pulled++;
        yield 'x';
      })();
    });
    const response = await request(`${origin}/`, { method: 'HEAD' });
    expect(await response.body.text()).toBe('');
    expect(pulled).toBe(0);
  });

  it.each([
    [
      'a synchronous throw',
      () => {
        throw new Error('boom');
      },
    ],
    [
      'a rejected promise',
      async () => {
        throw new Error('boom');
      },
    ],
    [
      'a body that throws before its first chunk',
      () =>
        // eslint-disable-next-line require-yield
        (function* () {
          throw new Error('boom');
        })(),
    ],
    [
      'a malformed status line',
      (_e: unknown, sr: (s: string, h: []) => void) => {
        sr('OK', []);
        return [];
      },
    ],
    [
      'a body chunk of the wrong type',
      (_e: unknown, sr: (s: string, h: []) => void) => {
        sr('200 OK', []);
        return [42];
      },
    ],
    [
      'a header with a line break',
      (_e: unknown, sr: (s: string, h: [string, string][]) => void) => {
        sr('200 OK', [['X-A', 'a\r\nSet-Cookie: evil=1']]);
        return [];
      },
    ],
  ])('turns %s into a 500 and keeps serving', async (_name, faulty) => {
    const errors: unknown[] = [];
    const { origin } = await start(faulty as unknown as Application, {
      onError: (error) => errors.push(error),
    });
    const response = await request(`${origin}/`);
    expect(response.statusCode).toBe(500);
    expect(await response.body.text()).toBe('Internal Server Error');
    expect(response.headers['set-cookie']).toBeUndefined();
    expect(errors).toHaveLength(1);
    const again = await request(`${origin}/`);
    expect(again.statusCode).toBe(500);
    await again.body.text();
  });

  it('drops the connection when the body fails after the headers went out', async () => {
    const { origin } = await start((environ, startResponse) => {
      if (environ.PATH_INFO === '/ok') return helloApp(environ, startResponse);
      startResponse('200 OK', []);
      return (async function* () {
        yield 'partial';
        await sleep(5);
        throw new Error('mid-stream');
      })();
    });
    const response = await request(`${origin}/`);
    expect(response.statusCode).toBe(200);
    await expect(response.body.text()).rejects.toThrow();
    expect((await request(`${origin}/ok`)).statusCode).toBe(200);
  });

  it('survives a client that aborts mid-upload, and serves the next request', async () => {
    const failures: unknown[] = [];
    const readErrors: unknown[] = [];
    const { origin } = await start(
      async (environ, startResponse) => {
        let total = 0;
        try {
          for await (const chunk of environ['wsgi.input']) total += chunk.byteLength;
        } catch (error) {
          readErrors.push(error);
          throw error;
        }
        startResponse('200 OK', []);
        return [String(total)];
      },
      { onError: (error) => failures.push(error) },
    );
    const controller = new AbortController();
    async function* upload() {
      yield new Uint8Array(64 * 1024);
      await sleep(20);
      controller.abort();
      yield new Uint8Array(64 * 1024);
    }
    await expect(
      request(`${origin}/`, {
        method: 'POST',
        body: Readable.from(upload()),
        signal: controller.signal,
      }),
    ).rejects.toThrow();
    await expect.poll(() => readErrors.length).toBe(1);
    // The aborted upload is the client's doing: it is not reported as an application error.
    expect(failures).toEqual([]);
    const next = await request(`${origin}/`, { method: 'POST', body: 'abc' });
    expect(await next.body.text()).toBe('3');
  });

  it('closes a connection whose upload the application only half read', async () => {
    const { origin } = await start(async (environ, startResponse) => {
      if (environ.REQUEST_METHOD !== 'POST') return helloApp(environ, startResponse);
      for await (const _chunk of environ['wsgi.input']) break;
      startResponse('413 Payload Too Large', []);
      return ['too large'];
    });
    async function* upload() {
      for (let i = 0; i < 5; i++) {
        yield new Uint8Array(64 * 1024);
        await sleep(10);
      }
    }
    const response = await request(`${origin}/`, {
      method: 'POST',
      body: Readable.from(upload()),
    }).catch((error: Error) => error);
    if (!(response instanceof Error)) {
      expect(response.statusCode).toBe(413);
      expect(response.headers.connection).toBe('close');
      await response.body.text().catch(() => '');
    }
    expect((await request(`${origin}/`)).statusCode).toBe(200);
  });

  it('answers 404 outside its mount prefix and mounts the application under it', async () => {
    const { origin } = await start(
      (environ, startResponse) => {
        startResponse('200 OK', []);
        return [`${environ.SCRIPT_NAME}|${environ.PATH_INFO}`];
      },
      { scriptName: '/app' },
    );
    expect(await (await request(`${origin}/app/x/`)).body.text()).toBe('/app|/x/');
    expect((await request(`${origin}/other/`)).statusCode).toBe(404);
  });

  it('reports the scheme from X-Forwarded-Proto only with trustProxy', async () => {
    const app: Application = (environ, startResponse) => {
      startResponse('200 OK', []);
      return [environ['wsgi.url_scheme']];
    };
    const headers = { 'x-forwarded-proto': 'https' };
    const plain = await start(app);
    expect(await (await request(`${plain.origin}/`, { headers })).body.text()).toBe('http');
    const trusting = await start(app, { trustProxy: true });
    expect(await (await request(`${trusting.origin}/`, { headers })).body.text()).toBe('https');
  });

  it('writes one access-log line per request when asked', async () => {
    const entries: { status: number; uri: string; bytes: number }[] = [];
    const { origin } = await start(helloApp, { log: (entry) => entries.push(entry) });
    await (await request(`${origin}/log?x=1`, { headers: { 'user-agent': 'test' } })).body.text();
    await expect.poll(() => entries.length).toBe(1);
    expect(entries[0]).toMatchObject({ status: 200, uri: '/log?x=1', bytes: 27 });
  });

  it('sends a body the application framed itself as it is, and logs the bytes sent', async () => {
    // With its own Content-Length the body is not measured again, unless the access log reads it.
    const app: Application = (_environ, startResponse) => {
      startResponse('200 OK', [['content-length', '5']]);
      return ['ab', new TextEncoder().encode('cde')];
    };
    const silent = await start(app);
    const response = await request(`${silent.origin}/`);
    expect(response.headers['content-length']).toBe('5');
    expect(await response.body.text()).toBe('abcde');
    const entries: { bytes: number }[] = [];
    const logged = await start(app, { log: (entry) => entries.push(entry) });
    expect(await (await request(`${logged.origin}/`)).body.text()).toBe('abcde');
    await expect.poll(() => entries.length).toBe(1);
    expect(entries[0]!.bytes).toBe(5);
  });

  it('checks every chunk of a body the application framed itself', async () => {
    const errors: unknown[] = [];
    const empty: Application = (_environ, startResponse) => {
      startResponse('200 OK', [['Content-Length', '0']]);
      return ['', new Uint8Array(0)];
    };
    const bad: Application = (_environ, startResponse) => {
      startResponse('200 OK', [['Content-Length', '1']]);
      return ['a', 42 as unknown as string];
    };
    const first = await start(empty);
    const answer = await request(`${first.origin}/`);
    expect([answer.statusCode, await answer.body.text()]).toEqual([200, '']);
    const second = await start(bad, { onError: (error) => errors.push(error) });
    const refused = await request(`${second.origin}/`);
    expect([refused.statusCode, await refused.body.text()]).toEqual([500, 'Internal Server Error']);
    expect(String(errors[0])).toMatch(/Uint8Array or a string, got number/);
  });

  it('listens on a unix socket', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'stack-wsgi-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'app.sock');
    const handle = serve(helloApp, { path, log: false, handleSignals: false });
    handles.push(handle);
    expect((await handle.listening).path).toBe(path);
    const agent = new Agent({ connect: { socketPath: path } });
    const response = await request('http://localhost/', { dispatcher: agent });
    expect(response.statusCode).toBe(200);
    await response.body.text();
    await agent.close();
  });

  it('finishes in-flight requests on close() and then stops accepting', async () => {
    const { origin, handle } = await start(async (_environ, startResponse) => {
      await sleep(200);
      startResponse('200 OK', []);
      return ['done'];
    });
    const inFlight = request(`${origin}/`).then((r) => r.body.text());
    await sleep(50);
    await handle.close();
    expect(await inFlight).toBe('done');
    await expect(request(`${origin}/`)).rejects.toThrow();
  });

  it('refuses contradictory options at start-up', () => {
    expect(() => serve(helloApp, { port: 70_000 })).toThrow(ServerConfigurationError);
    expect(() => serve(helloApp, { port: 1, path: '/tmp/x.sock' })).toThrow(/either/);
    expect(() => serve(helloApp, { headersTimeout: 10, requestTimeout: 5 })).toThrow(
      ServerConfigurationError,
    );
  });
});
