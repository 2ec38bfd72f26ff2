import { HttpResponse, HttpResponseNotFound, StreamingHttpResponse } from '@stack/request';
import { describe, expect, it } from 'vitest';
import { makeRequest, run } from '../../test/http.js';
import { CommonMiddleware, noAppendSlash, type IsValidPath } from './index.js';

const routes = new Map<string, { func: (...args: any[]) => unknown }>([
  ['/about/', { func: () => null }],
  ['/api/items/', { func: noAppendSlash(() => null) }],
  ['/exists', { func: () => null }],
  ['//evil.com/', { func: () => null }],
]);
const isValidPath: IsValidPath = (path) => routes.get(path) ?? false;
const notFound = () => new HttpResponseNotFound('nope');

describe('CommonMiddleware appendSlash', () => {
  it('redirects a 404 to the slashed path when only that resolves, with the query string', async () => {
    const response = await run(
      [CommonMiddleware({ isValidPath })],
      makeRequest({ path: '/about', query: 'a=1' }),
      notFound,
    );
    expect(response.statusCode).toBe(301);
    expect(response.get('Location')).toBe('/about/?a=1');
  });

  it('does not redirect when the path resolves, when the slashed one does not, or for a 200', async () => {
    const mw = CommonMiddleware({ isValidPath });
    expect((await run([mw], makeRequest({ path: '/exists' }), notFound)).statusCode).toBe(404);
    expect((await run([mw], makeRequest({ path: '/nowhere' }), notFound)).statusCode).toBe(404);
    expect((await run([mw], makeRequest({ path: '/about' }))).statusCode).toBe(200);
  });

  it('respects noAppendSlash, appendSlash: false, and a missing isValidPath', async () => {
    expect(
      (
        await run(
          [CommonMiddleware({ isValidPath })],
          makeRequest({ path: '/api/items' }),
          notFound,
        )
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await run(
          [CommonMiddleware({ isValidPath, appendSlash: false })],
          makeRequest({ path: '/about' }),
          notFound,
        )
      ).statusCode,
    ).toBe(404);
    expect(
      (await run([CommonMiddleware()], makeRequest({ path: '/about' }), notFound)).statusCode,
    ).toBe(404);
  });

  it('never builds a scheme-relative (open) redirect', async () => {
    const response = await run(
      [CommonMiddleware({ isValidPath })],
      makeRequest({ path: '//evil.com' }),
      notFound,
    );
    expect(response.statusCode).toBe(301);
    expect(response.get('Location')).toBe('/%2Fevil.com/');
  });

  it('passes request.urlconf to the check and accepts an async check', async () => {
    const seen: unknown[] = [];
    const asyncCheck: IsValidPath = async (path, urlconf) => {
      seen.push(urlconf);
      return routes.get(path) ?? null;
    };
    const request = makeRequest({ path: '/about' });
    request.urlconf = 'tenant.urls';
    const response = await run([CommonMiddleware({ isValidPath: asyncCheck })], request, notFound);
    expect(response.statusCode).toBe(301);
    expect(seen).toEqual(['tenant.urls', 'tenant.urls']);
  });

  it('in debug, refuses to redirect a POST (its body would be lost)', async () => {
    const request = makeRequest({ method: 'POST', path: '/about' });
    await expect(
      run([CommonMiddleware({ isValidPath, debug: true })], request, notFound),
    ).rejects.toThrow(/You called this URL via POST, but the URL doesn't end in a slash/);
  });
});

describe('CommonMiddleware prependWww and user agents', () => {
  it('redirects to www., adding the slash in the same redirect', async () => {
    const mw = CommonMiddleware({ prependWww: true, isValidPath });
    const request = makeRequest({ path: '/about', headers: { Host: 'example.com' } });
    expect((await run([mw], request)).get('Location')).toBe('http://www.example.com/about/');
    const www = makeRequest({ path: '/x', headers: { Host: 'www.example.com' } });
    expect((await run([mw], www)).statusCode).toBe(200);
  });

  it('validates the Host of every request, before any view runs', async () => {
    let viewRan = false;
    const mw = CommonMiddleware({ isValidPath });
    const request = makeRequest({ headers: { Host: 'evil.com' } });
    await expect(
      run([mw], request, () => {
        viewRan = true;
        return new HttpResponse('ok');
      }),
    ).rejects.toMatchObject({ name: 'DisallowedHost', status: 400 });
    expect(viewRan).toBe(false);
    const hostile = makeRequest({ headers: { Host: 'example.com@evil.tld' } });
    await expect(run([mw], hostile)).rejects.toMatchObject({ name: 'DisallowedHost' });
  });

  it('refuses disallowed user agents with PermissionDenied', async () => {
    const mw = CommonMiddleware({ disallowedUserAgents: [/BadBot/i, 'curl/'] });
    await expect(
      run([mw], makeRequest({ headers: { 'User-Agent': 'Mozilla badbot 1.0' } })),
    ).rejects.toMatchObject({
      name: 'PermissionDenied',
      status: 403,
    });
    expect(
      (await run([mw], makeRequest({ headers: { 'User-Agent': 'Firefox' } }))).statusCode,
    ).toBe(200);
    const open = CommonMiddleware();
    expect(
      (await run([open], makeRequest({ headers: { 'User-Agent': 'BadBot curl/' } }))).statusCode,
    ).toBe(200);
  });
});

describe('CommonMiddleware Content-Length', () => {
  it('sets Content-Length on non-streaming responses only, and keeps one the view set', async () => {
    expect(
      (await run([CommonMiddleware()], makeRequest(), () => new HttpResponse('héllo'))).get(
        'Content-Length',
      ),
    ).toBe('6');
    const stream = await run(
      [CommonMiddleware()],
      makeRequest(),
      () => new StreamingHttpResponse(['a']),
    );
    expect(stream.has('Content-Length')).toBe(false);
    const preset = () => new HttpResponse('abc', { headers: { 'Content-Length': '3' } });
    expect((await run([CommonMiddleware()], makeRequest(), preset)).get('Content-Length')).toBe(
      '3',
    );
  });
});
