import { randomUUID } from 'node:crypto';
import { HttpResponse, type HttpRequest } from '@stack/request';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer } from '../../test/server.js';
import { LocMemCache } from '../backends/locmem.js';
import { cacheControl, cachePage, neverCache, varyOnCookie, varyOnHeaders } from './decorators.js';
import { CacheMiddleware, FetchFromCacheMiddleware, UpdateCacheMiddleware } from './middleware.js';

const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A view that counts its calls, so a test can tell a cached page from a fresh one. */
function counting(
  make: (request: HttpRequest, n: number) => HttpResponse = (_r, n) =>
    new HttpResponse(`call ${n}`),
) {
  let calls = 0;
  const view = (request: HttpRequest) => make(request, ++calls);
  return { view, calls: () => calls };
}

async function serve(...args: Parameters<typeof startServer>) {
  const server = await startServer(...args);
  servers.push(server);
  return server;
}

const fresh = () => new LocMemCache({ location: randomUUID() });

describe('cachePage', () => {
  it('serves the second request from the cache, with Expires and max-age', async () => {
    const { view, calls } = counting();
    const server = await serve(cachePage(60 * 15, { cache: fresh() })(view));
    const first = await server.fetch('/page/');
    const second = await server.fetch('/page/');
    expect([first.body, second.body]).toEqual(['call 1', 'call 1']);
    expect(calls()).toBe(1);
    expect(second.header('Cache-Control')).toBe('max-age=900');
    expect(Date.parse(second.header('Expires')!)).toBeGreaterThan(Date.now() + 800_000);
    expect(second.header('Content-Type')).toBe('text/html; charset=utf-8');
  });

  it('keeps one page per URL and query string', async () => {
    const { view, calls } = counting(
      (request, n) => new HttpResponse(`${request.getFullPath()} ${n}`),
    );
    const server = await serve(cachePage(60, { cache: fresh() })(view));
    expect((await server.fetch('/a/?x=1')).body).toBe('/a/?x=1 1');
    expect((await server.fetch('/a/?x=2')).body).toBe('/a/?x=2 2');
    expect((await server.fetch('/a/?x=1')).body).toBe('/a/?x=1 1');
    expect(calls()).toBe(2);
  });

  it('keeps one page per value of the headers the view varies on', async () => {
    const { view, calls } = counting(
      (request, n) => new HttpResponse(`${request.META.HTTP_ACCEPT_LANGUAGE} ${n}`),
    );
    const server = await serve(
      cachePage(60, { cache: fresh() })(varyOnHeaders('Accept-Language')(view)),
    );
    const fr = { headers: { 'Accept-Language': 'fr' } };
    const de = { headers: { 'Accept-Language': 'de' } };
    expect((await server.fetch('/', fr)).body).toBe('fr 1');
    expect((await server.fetch('/', de)).body).toBe('de 2');
    expect((await server.fetch('/', fr)).body).toBe('fr 1');
    expect((await server.fetch('/', de)).header('Vary')).toBe('Accept-Language');
    expect(calls()).toBe(2);
  });

  it('answers HEAD from the page a GET cached, and never caches POST', async () => {
    const { view, calls } = counting();
    const server = await serve(cachePage(60, { cache: fresh() })(view));
    await server.fetch('/');
    expect((await server.fetch('/', { method: 'HEAD' })).status).toBe(200);
    expect(calls()).toBe(1);
    expect((await server.fetch('/', { method: 'POST' })).body).toBe('call 2');
    expect((await server.fetch('/', { method: 'POST' })).body).toBe('call 3');
  });

  it('does not cache errors, cookies, private or no-store pages', async () => {
    const cases: [string, (n: number) => HttpResponse][] = [
      ['404', (n) => new HttpResponse(`missing ${n}`, { status: 404 })],
      ['500', (n) => new HttpResponse(`error ${n}`, { status: 500 })],
      [
        'cookie',
        (n) => {
          const response = new HttpResponse(`cookie ${n}`);
          response.setCookie('sessionid', `secret-${n}`);
          return response;
        },
      ],
      [
        'private',
        (n) => new HttpResponse(`private ${n}`, { headers: { 'Cache-Control': 'private' } }),
      ],
      [
        'no-store',
        (n) => new HttpResponse(`ns ${n}`, { headers: { 'Cache-Control': 'no-store' } }),
      ],
    ];
    for (const [name, make] of cases) {
      const { view, calls } = counting((_r, n) => make(n));
      const server = await serve(cachePage(60, { cache: fresh() })(view));
      await server.fetch('/');
      const second = await server.fetch('/');
      expect([name, calls()]).toEqual([name, 2]);
      if (name === 'cookie') expect(second.header('Set-Cookie')).toMatch(/secret-2/);
    }
  });

  it('keeps one page per cookie value for a view that varies on Cookie', async () => {
    const { view, calls } = counting(
      (request, n) => new HttpResponse(`${request.COOKIES.user} ${n}`),
    );
    const server = await serve(cachePage(60, { cache: fresh() })(varyOnCookie(view)));
    const ann = { headers: { Cookie: 'user=ann' } };
    const bob = { headers: { Cookie: 'user=bob' } };
    expect((await server.fetch('/', ann)).body).toBe('ann 1');
    expect((await server.fetch('/', bob)).body).toBe('bob 2');
    expect((await server.fetch('/', ann)).body).toBe('ann 1');
    expect(calls()).toBe(2);
  });

  it('keeps the pages of different key prefixes apart', async () => {
    const cache = fresh();
    const a = counting();
    const b = counting();
    const pageA = cachePage(60, { cache, keyPrefix: 'a' })(a.view);
    const pageB = cachePage(60, { cache, keyPrefix: 'b' })(b.view);
    const server = await serve((request) =>
      (request.META.HTTP_X_WHICH === 'a' ? pageA : pageB)(request),
    );
    for (const which of ['a', 'b', 'a', 'b'])
      await server.fetch('/', { headers: { 'X-Which': which } });
    expect([a.calls(), b.calls()]).toEqual([1, 1]);
  });

  it('treats a stored page it cannot read back as a miss', async () => {
    const written: string[] = [];
    class Recording extends LocMemCache {
      override async set(key: string, value: unknown, ...rest: [number?]) {
        written.push(key);
        return super.set(key, value, ...rest);
      }
    }
    const cache = new Recording({ location: randomUUID() });
    const { view, calls } = counting();
    const server = await serve(cachePage(60, { cache })(view));
    await server.fetch('/');
    const pageKey = written.find((key) => key.includes('cache_page'))!;
    for (const junk of [
      'text',
      { status: '200', reason: 'OK', headers: [], content: new Uint8Array() },
      { status: 200, reason: 'OK', headers: [['A', 1]], content: new Uint8Array() },
      { status: 999, reason: 'OK', headers: [], content: new Uint8Array() },
    ]) {
      await cache.set(pageKey, junk, 60);
      expect((await server.fetch('/')).status).toBe(200);
    }
    expect(calls()).toBe(5);
  });
});

describe('UpdateCacheMiddleware and FetchFromCacheMiddleware', () => {
  it('cache every cacheable page for cacheMiddlewareSeconds, honouring max-age', async () => {
    const cache = fresh();
    const { view, calls } = counting((request, n) =>
      request.META.PATH_INFO === '/short/'
        ? new HttpResponse(`short ${n}`, { headers: { 'Cache-Control': 'max-age=30' } })
        : request.META.PATH_INFO === '/zero/'
          ? new HttpResponse(`zero ${n}`, { headers: { 'Cache-Control': 'max-age=0' } })
          : new HttpResponse(`page ${n}`),
    );
    const server = await serve(view, [
      UpdateCacheMiddleware({ cache, cacheMiddlewareSeconds: 120 }),
      FetchFromCacheMiddleware({ cache }),
    ]);
    await server.fetch('/page/');
    const page = await server.fetch('/page/');
    expect(page.header('Cache-Control')).toBe('max-age=120');
    await server.fetch('/short/');
    const short = await server.fetch('/short/');
    expect(short.header('Cache-Control')).toBe('max-age=30');
    await server.fetch('/zero/');
    await server.fetch('/zero/');
    expect(calls()).toBe(4);
  });

  it('CacheMiddleware is both halves in one layer', async () => {
    const { view, calls } = counting();
    const server = await serve(view, [CacheMiddleware({ cache: fresh() })]);
    await server.fetch('/');
    expect((await server.fetch('/')).body).toBe('call 1');
    expect(calls()).toBe(1);
  });

  it('finds the cache by alias on first use', async () => {
    const { caches } = await import('../caches.js');
    await caches.configure({ pages: { backend: 'locmem', location: randomUUID() } });
    try {
      const { view, calls } = counting();
      const server = await serve(view, [CacheMiddleware({ cacheMiddlewareAlias: 'pages' })]);
      await server.fetch('/');
      await server.fetch('/');
      expect(calls()).toBe(1);
    } finally {
      await caches.configure({ default: { backend: 'locmem' } });
    }
  });
});

describe('cacheControl, neverCache, varyOnHeaders, varyOnCookie', () => {
  it('patch the headers of the view’s responses', async () => {
    const plain = () =>
      new HttpResponse('x', { headers: { 'Cache-Control': 'max-age=600, private' } });
    const server = await serve((request) => {
      switch (request.META.PATH_INFO) {
        case '/control/':
          return cacheControl({ maxAge: 3600, public: true, no_transform: true })(plain)(request);
        case '/never/':
          return neverCache(() => new HttpResponse('x'))(request);
        case '/vary/':
          return varyOnCookie(varyOnHeaders('Accept-Encoding')(plain))(request);
        default:
          return plain();
      }
    });
    expect((await server.fetch('/control/')).header('Cache-Control')).toBe(
      'max-age=600, public, no-transform',
    );
    const never = await server.fetch('/never/');
    expect(never.header('Cache-Control')).toBe(
      'max-age=0, no-cache, no-store, must-revalidate, private',
    );
    expect(Date.parse(never.header('Expires')!)).toBeLessThanOrEqual(Date.now() + 1000);
    expect((await server.fetch('/vary/')).header('Vary')).toBe('Accept-Encoding, Cookie');
  });
});
