import {
  Http404,
  HttpResponse,
  PermissionDenied,
  StreamingHttpResponse,
  SuspiciousOperation,
} from '@stack/request';
import { path } from '@stack/urls';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { getHandler } from './handler.js';
import { configure, overrideSettings } from './settings.js';
import type { UserSettings } from './settings-types.js';
import { requestFinished, requestStarted } from './signals.js';
import { Client } from './test/client.js';

const calls: string[] = [];

async function hello() {
  return new HttpResponse('hello');
}
async function boom(): Promise<HttpResponse> {
  throw new TypeError('the <b>view</b> broke');
}
async function missing(): Promise<HttpResponse> {
  throw new Http404('No <Post> matches the given query.');
}
async function forbidden(): Promise<HttpResponse> {
  throw new PermissionDenied('nope');
}
async function suspicious(): Promise<HttpResponse> {
  throw new SuspiciousOperation('odd');
}
async function uncaughtLookup(): Promise<HttpResponse> {
  // Shaped like the ORM's DoesNotExist, which carries a 404 status.
  throw Object.assign(new Error('Post matching query does not exist.'), { status: 404 });
}
async function echo(request: any) {
  return new HttpResponse(`${request.POST.get('a')}`);
}
async function item(_request: unknown, kwargs: { id: number }) {
  return new HttpResponse(`item ${kwargs.id} ${typeof kwargs.id}`);
}

const urlpatterns = [
  path('', hello, { name: 'home' }),
  path('boom/', boom),
  path('missing/', missing),
  path('forbidden/', forbidden),
  path('suspicious/', suspicious),
  path('lookup/', uncaughtLookup),
  path('echo/', echo),
  path('items/<int:id>/', item, { name: 'item' }),
];

const secretKey = 'k-9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a';

function client(extra: UserSettings = {}) {
  configure({
    debug: true,
    secretKey,
    allowedHosts: ['testserver'],
    rootUrlconf: urlpatterns,
    databases: { default: { engine: 'postgres', url: 'postgres://ann:hunter2@db/x' } },
    ...extra,
  });
  return new Client({ raiseRequestException: false });
}

beforeEach(() => {
  calls.length = 0;
  vi.spyOn(console, 'error').mockImplementation(() => {});
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => vi.restoreAllMocks());

describe('the handler', () => {
  it('resolves the URL and calls the view with converted keyword captures', async () => {
    const c = client();
    expect((await c.get('/')).text).toBe('hello');
    expect((await c.get('/items/42/')).text).toBe('item 42 number');
  });

  it('shows the patterns tried on the debug 404, escaped', async () => {
    const response = await client().get('/nope/<script>/');
    expect(response.status).toBe(404);
    expect(response.text).toContain('Page not found');
    expect(response.text).toContain("<code>items/&lt;int:id&gt;/</code> [name='item']");
    expect(response.text).toContain('nope/&lt;script&gt;/');
    expect(response.text).not.toContain('<script>');
  });

  it('shows which view raised Http404, escaped', async () => {
    const response = await client().get('/missing/');
    expect(response.status).toBe(404);
    expect(response.text).toContain('Raised by:</th><td>missing');
    expect(response.text).toContain('No &lt;Post&gt; matches');
  });

  it('serves plain error pages with nothing leaked when debug is off', async () => {
    const c = client({ debug: false });
    const notFound = await c.get('/nope/');
    expect(notFound.status).toBe(404);
    expect(notFound.text).toContain('The requested resource was not found on this server.');
    expect(notFound.text).not.toContain('items/');
    const error = await c.get('/boom/');
    expect(error.status).toBe(500);
    expect(error.text).toContain('Server Error (500)');
    expect(error.text).not.toContain('broke');
    expect(console.error).toHaveBeenCalledWith(
      'Internal Server Error: /boom/',
      expect.any(TypeError),
    );
  });

  it('turns PermissionDenied into 403 and SuspiciousOperation into 400', async () => {
    const c = client({ debug: false });
    expect((await c.get('/forbidden/')).status).toBe(403);
    const bad = await c.get('/suspicious/');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Bad Request (400)');
  });

  it('lets an uncaught error from another layer choose its status (errorStatus)', async () => {
    const c = client({ debug: false });
    expect((await c.get('/lookup/')).status).toBe(404);
  });

  it('shows the technical page with status 400 for a suspicious request in debug', async () => {
    const response = await client().get('/suspicious/');
    expect(response.status).toBe(400);
    expect(response.text).toContain('SuspiciousOperation');
    expect(response.text).toContain('odd');
  });

  it('answers a disallowed host with 400', async () => {
    const c = client({
      debug: false,
      allowedHosts: ['example.com'],
      rootUrlconf: [path('', (r: any) => new HttpResponse(r.getHost()))],
    });
    const response = await c.get('/', undefined, { headers: { Host: 'evil.test' } });
    expect(response.status).toBe(400);
    expect(response.text).toContain('Bad Request (400)');
    expect(console.warn).toHaveBeenCalledWith(
      expect.stringContaining('Bad Request (DisallowedHost)'),
    );
  });

  it('shows the technical 500 with the stack, the request, and secrets masked', async () => {
    const response = await client().get(
      '/boom/',
      { q: '<i>x</i>' },
      { headers: { Cookie: 'sessionid=abc123' } },
    );
    expect(response.status).toBe(500);
    const page = response.text;
    expect(page).toContain('TypeError');
    expect(page).toContain('the &lt;b&gt;view&lt;/b&gt; broke');
    expect(page).toMatch(/handler\.test\.ts<\/code>, line \d+, in <code>boom<\/code>/);
    expect(page).toContain('&quot;&lt;i&gt;x&lt;/i&gt;&quot;');
    expect(page).not.toContain(secretKey);
    expect(page).not.toContain('hunter2');
    expect(page).not.toContain('abc123');
    expect(page).toContain('********************');
  });

  it('uses the handler views of the URLconf when debug is off', async () => {
    const conf = Object.assign([...urlpatterns], {
      handler404: (_r: unknown, e: Error) =>
        new HttpResponse(`custom 404: ${e.constructor.name}`, { status: 404 }),
      handler500: () => new HttpResponse('custom 500', { status: 500 }),
      handler403: () => new HttpResponse('custom 403', { status: 403 }),
      handler400: () => new HttpResponse('custom 400', { status: 400 }),
    });
    const c = client({ debug: false, rootUrlconf: { urlpatterns: conf, ...conf } as never });
    expect((await c.get('/nope/')).text).toBe('custom 404: Resolver404');
    expect((await c.get('/boom/')).text).toBe('custom 500');
    expect((await c.get('/forbidden/')).text).toBe('custom 403');
    expect((await c.get('/suspicious/')).text).toBe('custom 400');
  });

  it('falls back to the plain page when a handler view itself fails', async () => {
    const conf = {
      urlpatterns,
      handler500: () => {
        throw new Error('worse');
      },
    };
    const response = await client({ debug: false, rootUrlconf: conf as never }).get('/boom/');
    expect(response.status).toBe(500);
    expect(response.text).toContain('Server Error (500)');
  });

  it('re-raises a view error through the test client by default', async () => {
    client();
    await expect(new Client().get('/boom/')).rejects.toThrow('the <b>view</b> broke');
  });

  it('sends no body for HEAD but keeps the headers', async () => {
    const response = await client().head('/');
    expect(response.status).toBe(200);
    expect(response.text).toBe('');
  });

  it('refuses an oversized body with 413 when the view reads it', async () => {
    const c = client({ debug: false, dataUploadMaxMemorySize: 10 });
    const small = await c.post('/echo/', 'a=1', {
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(small.text).toBe('1');
    const big = await c.post('/echo/', 'a=' + 'x'.repeat(100), {
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(big.status).toBe(413);
    expect(big.text).toContain('Payload Too Large (413)');
  });

  it('refuses too many fields with 400', async () => {
    const c = client({ debug: false, dataUploadMaxNumberFields: 3 });
    const body = Array.from({ length: 10 }, (_, i) => `f${i}=1`).join('&');
    expect(
      (await c.post('/echo/', body, { contentType: 'application/x-www-form-urlencoded' })).status,
    ).toBe(400);
  });

  it('keeps hostile keys as plain data', async () => {
    const c = client();
    const response = await c.post('/echo/', '__proto__=x&constructor=y&a=z', {
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(response.text).toBe('z');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('sends requestStarted and requestFinished once per request', async () => {
    const c = client();
    const started = vi.fn();
    const finished = vi.fn();
    requestStarted.connect(started);
    requestFinished.connect(finished);
    try {
      await c.get('/');
      await c.get('/nope/');
    } finally {
      requestStarted.disconnect(started);
      requestFinished.disconnect(finished);
    }
    expect(started).toHaveBeenCalledTimes(2);
    expect(finished).toHaveBeenCalledTimes(2);
  });

  it('shows the welcome page for a new project with no patterns', async () => {
    const response = await client({ rootUrlconf: [] }).get('/');
    expect(response.status).toBe(200);
    expect(response.text).toContain('The install worked successfully!');
    await overrideSettings({}, async () => undefined);
  });

  it('explains a missing rootUrlconf', async () => {
    await expect(getHandler({ settings: { debug: true } })).rejects.toThrow(
      /rootUrlconf is not set/,
    );
  });
});

describe('the middleware chain', () => {
  function tracing(name: string) {
    function factory(getResponse: (r: unknown) => unknown) {
      calls.push(`build ${name}`);
      const handler = async (request: unknown) => {
        calls.push(`in ${name}`);
        const response = (await getResponse(request)) as HttpResponse;
        calls.push(`out ${name}`);
        response.set(`X-${name}`, '1');
        return response;
      };
      handler.processView = (_r: unknown, view: { name: string }) =>
        void calls.push(`view ${name} ${view.name}`);
      return handler;
    }
    return factory;
  }

  it('is built once and runs in onion order with processView after resolution', async () => {
    const c = client({ middleware: [tracing('a'), tracing('b')] as never });
    const response = await c.get('/');
    await c.get('/');
    expect(response.get('X-a')).toBe('1');
    expect(calls.filter((x) => x.startsWith('build'))).toEqual(['build b', 'build a']);
    expect(calls.slice(2, 8)).toEqual([
      'in a',
      'in b',
      'view a hello',
      'view b hello',
      'out b',
      'out a',
    ]);
  });

  it('lets the outer layers see a converted 404', async () => {
    const response = await client({ middleware: [tracing('a')] as never }).get('/nope/');
    expect(response.status).toBe(404);
    expect(response.get('X-a')).toBe('1');
  });

  it('lets a processView hook answer instead of the view', async () => {
    function gate() {
      const handler = (r: unknown) => r as never;
      const wrapped = (getResponse: (r: unknown) => unknown) =>
        Object.assign((r: unknown) => getResponse(r), {
          processView: () => new HttpResponse('gated', { status: 401 }),
        });
      void handler;
      return wrapped;
    }
    const response = await client({ middleware: [gate()] as never }).get('/');
    expect(response.status).toBe(401);
    expect(response.text).toBe('gated');
  });

  it("imports a middleware named 'module:Export' relative to baseDir", async () => {
    const response = await client({
      baseDir: new URL('.', import.meta.url).pathname,
      middleware: ['./internal/fixtures/header-middleware.ts:headerMiddleware'],
    }).get('/');
    expect(response.get('X-Fixture')).toBe('yes');
  });

  it('names a middleware export that does not exist', async () => {
    configure({
      debug: true,
      rootUrlconf: urlpatterns,
      middleware: ['@stack/middleware:NoSuchMiddleware'],
    });
    await expect(getHandler()).rejects.toThrow(/has no export "NoSuchMiddleware"/);
  });
});

describe('streaming responses', () => {
  it('are read whole by the client and closed after', async () => {
    const closed = vi.fn();
    async function* chunks() {
      yield 'a';
      yield 'b';
    }
    const view = () => {
      const r = new StreamingHttpResponse(chunks());
      r.onClose(closed);
      return r;
    };
    configure({ debug: true, allowedHosts: ['testserver'], rootUrlconf: [path('s/', view)] });
    const response = await new Client().get('/s/');
    expect(response.text).toBe('ab');
    expect(closed).toHaveBeenCalledTimes(1);
  });
});
