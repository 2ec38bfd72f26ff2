import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { rawExchange } from '../test/helpers.js';
import { buildEnviron, type BuildEnvironOptions, type Environ } from './index.js';
import { PathOutsideMount } from './errors.js';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

/** Serves one request through buildEnviron and hands back the environ it built. */
async function capture(
  options: BuildEnvironOptions | undefined,
  send: (port: number) => Promise<unknown>,
): Promise<Environ> {
  let resolveEnviron!: (environ: Environ | Error) => void;
  const captured = new Promise<Environ | Error>((resolve) => (resolveEnviron = resolve));
  const server = createServer((req: IncomingMessage, res) => {
    try {
      resolveEnviron(buildEnviron(req, options));
    } catch (error) {
      resolveEnviron(error as Error);
    }
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  close = () => new Promise((resolve) => server.close(() => resolve()));
  const port = (server.address() as AddressInfo).port;
  await send(port);
  const environ = await captured;
  if (environ instanceof Error) throw environ;
  return environ;
}

const get =
  (path: string, headers: Record<string, string> = {}) =>
  (port: number) =>
    request(`http://127.0.0.1:${port}${path}`, { headers }).then((r) => r.body.text());

describe('buildEnviron', () => {
  it('gives a request without a body the shared empty input, and one with a body a reader', async () => {
    const first = await capture(undefined, get('/'));
    await close?.();
    const second = await capture(undefined, get('/'));
    expect(first['wsgi.input']).toBe(second['wsgi.input']);
    const chunks: Uint8Array[] = [];
    for await (const chunk of first['wsgi.input']) chunks.push(chunk);
    expect(chunks).toEqual([]);
    await close?.();
    const post = await capture(undefined, (port) =>
      request(`http://127.0.0.1:${port}/`, { method: 'POST', body: 'a=1' }).then((r) =>
        r.body.text(),
      ),
    );
    expect(post.CONTENT_LENGTH).toBe('3');
    expect(post['wsgi.input']).not.toBe(first['wsgi.input']);
    await close?.();
    const chunked = await capture(undefined, (port) =>
      request(`http://127.0.0.1:${port}/`, {
        method: 'POST',
        body: Readable.from(['a=1']),
      }).then((r) => r.body.text()),
    );
    expect(chunked.HTTP_TRANSFER_ENCODING).toBe('chunked');
    expect(chunked['wsgi.input']).not.toBe(first['wsgi.input']);
  });

  it('maps the request line, the peer and the server into CGI keys', async () => {
    const environ = await capture(undefined, get('/blog/post/?page=2&q=a%20b'));
    expect(environ.REQUEST_METHOD).toBe('GET');
    expect(environ.PATH_INFO).toBe('/blog/post/');
    expect(environ.QUERY_STRING).toBe('page=2&q=a%20b');
    expect(environ.RAW_URI).toBe('/blog/post/?page=2&q=a%20b');
    expect(environ.SCRIPT_NAME).toBe('');
    expect(environ.SERVER_PROTOCOL).toBe('HTTP/1.1');
    expect(environ.REMOTE_ADDR).toBe('127.0.0.1');
    expect(environ.SERVER_NAME).toBe('127.0.0.1');
    expect(Number(environ.SERVER_PORT)).toBeGreaterThan(0);
    expect(environ['wsgi.url_scheme']).toBe('http');
    expect(environ['wsgi.version']).toEqual([1, 0]);
  });

  it('gives each request its own method when methods take turns', async () => {
    const methods: string[] = [];
    const server = createServer((req, res) => {
      methods.push(buildEnviron(req).REQUEST_METHOD);
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    close = () => new Promise((resolve) => server.close(() => resolve()));
    const port = (server.address() as AddressInfo).port;
    const sent = ['GET', 'GET', 'POST', 'PROPFIND', 'HEAD', 'GET', 'PATCH', 'OPTIONS', 'DELETE'];
    for (const method of sent) {
      await request(`http://127.0.0.1:${port}/`, { method }).then((r) => r.body.text());
    }
    expect(methods).toEqual(sent);
  });

  it('turns every header into HTTP_* and content headers into CONTENT_*', async () => {
    const environ = await capture(undefined, (port) =>
      request(`http://127.0.0.1:${port}/`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', 'x-forwarded-for': '10.0.0.1', accept: '*/*' },
        body: 'hello',
      }).then((r) => r.body.text()),
    );
    expect(environ.CONTENT_TYPE).toBe('text/plain');
    expect(environ.CONTENT_LENGTH).toBe('5');
    expect(environ.HTTP_X_FORWARDED_FOR).toBe('10.0.0.1');
    expect(environ.HTTP_ACCEPT).toBe('*/*');
    expect(environ.HTTP_HOST).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(environ.HTTP_CONTENT_TYPE).toBeUndefined();
  });

  it('leaves CONTENT_TYPE and CONTENT_LENGTH empty when the request has none', async () => {
    const environ = await capture(undefined, get('/'));
    expect(environ.CONTENT_TYPE).toBe('');
    expect(environ.CONTENT_LENGTH).toBe('');
  });

  it('joins repeated headers with commas and repeated cookies with semicolons', async () => {
    const environ = await capture(undefined, (port) =>
      rawExchange(port, [
        'GET / HTTP/1.1\r\nHost: x\r\nAccept: a\r\nAccept: b\r\nCookie: a=1\r\nCookie: b=2\r\nConnection: close\r\n\r\n',
      ]),
    );
    expect(environ.HTTP_ACCEPT).toBe('a,b');
    expect(environ.HTTP_COOKIE).toBe('a=1; b=2');
  });

  it('drops headers with underscores, which could spoof a dashed header', async () => {
    const environ = await capture(undefined, (port) =>
      rawExchange(port, [
        'GET / HTTP/1.1\r\nHost: x\r\nX-Auth-User: real\r\nX-Auth_User: spoof\r\nConnection: close\r\n\r\n',
      ]),
    );
    expect(environ.HTTP_X_AUTH_USER).toBe('real');
  });

  it('keeps hostile header names away from any prototype', async () => {
    const environ = await capture(undefined, (port) =>
      rawExchange(port, [
        'GET / HTTP/1.1\r\nHost: x\r\n__proto__: polluted\r\nconstructor: c\r\nProto: p\r\nConnection: close\r\n\r\n',
      ]),
    );
    expect(Object.getPrototypeOf(Object.getPrototypeOf(environ))).toBeNull();
    expect(environ.constructor).toBeUndefined();
    expect(environ.HTTP_CONSTRUCTOR).toBe('c');
    expect(environ.HTTP_PROTO).toBe('p');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('HTTP___PROTO__');
  });

  it('percent-decodes PATH_INFO to one latin-1 character per byte, as WSGI does', async () => {
    const environ = await capture(undefined, get('/caf%C3%A9/a%2Fb/%zz/'));
    expect(environ.PATH_INFO).toBe('/caf\u00c3\u00a9/a/b/%zz/');
    expect(Buffer.from(environ.PATH_INFO, 'latin1').toString('utf8')).toBe('/café/a/b/%zz/');
  });

  it('splits the query off and decodes the path alike for short and long targets', async () => {
    // Targets up to 32 characters are scanned by a loop, longer ones by indexOf: both sides.
    const cases: [target: string, path: string, query: string][] = [
      ['/a%41?b%41', '/aA', 'b%41'],
      ['/?%41', '/', '%41'],
      ['/%4', '/%4', ''],
      [`/${'y'.repeat(28)}%41`, `/${'y'.repeat(28)}A`, ''],
      [`/${'y'.repeat(29)}%41`, `/${'y'.repeat(29)}A`, ''],
      [`/${'z'.repeat(30)}?q`, `/${'z'.repeat(30)}`, 'q'],
      [`/${'z'.repeat(40)}?q=%41`, `/${'z'.repeat(40)}`, 'q=%41'],
    ];
    for (const [target, path, query] of cases) {
      const environ = await capture(undefined, get(target));
      await close?.();
      close = undefined;
      expect([environ.PATH_INFO, environ.QUERY_STRING, environ.RAW_URI]).toEqual([
        path,
        query,
        target,
      ]);
    }
  });

  it('splits SCRIPT_NAME from PATH_INFO under a mount prefix', async () => {
    const environ = await capture({ scriptName: '/blog/' }, get('/blog/2024/?x=1'));
    expect(environ.SCRIPT_NAME).toBe('/blog');
    expect(environ.PATH_INFO).toBe('/2024/');
    const root = await capture({ scriptName: 'blog' }, get('/blog'));
    expect([root.SCRIPT_NAME, root.PATH_INFO]).toEqual(['/blog', '']);
  });

  it('refuses a path outside the mount prefix with PathOutsideMount (404)', async () => {
    const error = await capture({ scriptName: '/blog' }, get('/blogger/')).catch((e) => e);
    expect(error).toBeInstanceOf(PathOutsideMount);
    expect(error.status).toBe(404);
  });

  it('ignores X-Forwarded-Proto unless told to trust the proxy', async () => {
    const headers = { 'x-forwarded-proto': 'https' };
    expect((await capture(undefined, get('/', headers)))['wsgi.url_scheme']).toBe('http');
    const trusted = await capture(
      { trustProxy: true },
      get('/', { 'x-forwarded-proto': 'HTTPS, http' }),
    );
    expect(trusted['wsgi.url_scheme']).toBe('https');
    const bogus = await capture({ trustProxy: true }, get('/', { 'x-forwarded-proto': 'gopher' }));
    expect(bogus['wsgi.url_scheme']).toBe('http');
  });

  it('takes SERVER_NAME and SERVER_PORT from the options when given', async () => {
    const environ = await capture({ serverName: 'example.com', serverPort: 443 }, get('/'));
    expect([environ.SERVER_NAME, environ.SERVER_PORT]).toEqual(['example.com', '443']);
  });

  it('gives every environ the same keys in the same order, headers aside', async () => {
    const a = await capture(undefined, get('/a'));
    await close?.();
    const b = await capture({ scriptName: '/x' }, get('/x/b?q'));
    const fixed = (e: Environ) => Object.keys(e).filter((k) => !k.startsWith('HTTP_'));
    expect(fixed(a)).toEqual(fixed(b));
  });
});
