import { BadHeaderError, HttpResponse } from '@stack/request';
import { describe, expect, it } from 'vitest';
import { makeRequest, run } from '../../test/http.js';
import { SecurityMiddleware } from './index.js';

describe('SecurityMiddleware', () => {
  it('sends nosniff, Referrer-Policy and Cross-Origin-Opener-Policy by default, and no HSTS', async () => {
    const response = await run([SecurityMiddleware()], makeRequest({ secure: true }));
    expect(response.get('X-Content-Type-Options')).toBe('nosniff');
    expect(response.get('Referrer-Policy')).toBe('same-origin');
    expect(response.get('Cross-Origin-Opener-Policy')).toBe('same-origin');
    expect(response.has('Strict-Transport-Security')).toBe(false);
  });

  it('sends HSTS on secure requests only, with its options', async () => {
    const mw = SecurityMiddleware({
      secureHstsSeconds: 3600,
      secureHstsIncludeSubdomains: true,
      secureHstsPreload: true,
    });
    expect((await run([mw], makeRequest({ secure: true }))).get('Strict-Transport-Security')).toBe(
      'max-age=3600; includeSubDomains; preload',
    );
    expect((await run([mw], makeRequest())).has('Strict-Transport-Security')).toBe(false);
  });

  it('never overwrites a header the view set', async () => {
    const mw = SecurityMiddleware({ secureHstsSeconds: 60 });
    const view = () =>
      new HttpResponse('', {
        headers: {
          'Strict-Transport-Security': 'max-age=1',
          'X-Content-Type-Options': 'custom',
          'Referrer-Policy': 'no-referrer',
          'Cross-Origin-Opener-Policy': 'unsafe-none',
        },
      });
    const response = await run([mw], makeRequest({ secure: true }), view);
    expect(response.get('Strict-Transport-Security')).toBe('max-age=1');
    expect(response.get('X-Content-Type-Options')).toBe('custom');
    expect(response.get('Referrer-Policy')).toBe('no-referrer');
    expect(response.get('Cross-Origin-Opener-Policy')).toBe('unsafe-none');
  });

  it('turns off each header with its setting, and joins a Referrer-Policy list', async () => {
    const off = SecurityMiddleware({
      secureContentTypeNosniff: false,
      secureReferrerPolicy: null,
      secureCrossOriginOpenerPolicy: null,
    });
    const response = await run([off], makeRequest());
    expect([...response.headers].map(([name]) => name)).toEqual(['Content-Type']);
    const list = SecurityMiddleware({ secureReferrerPolicy: ['no-referrer', ' strict-origin '] });
    expect((await run([list], makeRequest())).get('Referrer-Policy')).toBe(
      'no-referrer,strict-origin',
    );
    const text = SecurityMiddleware({ secureReferrerPolicy: 'no-referrer, same-origin' });
    expect((await run([text], makeRequest())).get('Referrer-Policy')).toBe(
      'no-referrer,same-origin',
    );
  });

  it('refuses a header value with CR, LF or NUL in its settings when it is made', () => {
    expect(() => SecurityMiddleware({ secureReferrerPolicy: 'same-origin\r\nX-Evil: 1' })).toThrow(
      BadHeaderError,
    );
    expect(() => SecurityMiddleware({ secureCrossOriginOpenerPolicy: 'a\nb' })).toThrow(
      BadHeaderError,
    );
  });

  it('redirects plain HTTP to HTTPS with a 301, keeping the path and query, without calling the view', async () => {
    let viewRan = false;
    const response = await run(
      [SecurityMiddleware({ secureSslRedirect: true })],
      makeRequest({ path: '/a b/', query: 'x=1' }),
      () => {
        viewRan = true;
        return new HttpResponse('');
      },
    );
    expect(response.statusCode).toBe(301);
    expect(response.get('Location')).toBe('https://testserver/a%20b/?x=1');
    expect(viewRan).toBe(false);
    expect(response.get('X-Content-Type-Options')).toBe('nosniff');
  });

  it('redirects to secureSslHost, and not the exempt paths or secure requests', async () => {
    const mw = SecurityMiddleware({
      secureSslRedirect: true,
      secureSslHost: 'secure.example.com',
      secureRedirectExempt: ['^health/'],
    });
    expect((await run([mw], makeRequest({ path: '/x' }))).get('Location')).toBe(
      'https://secure.example.com/x',
    );
    expect((await run([mw], makeRequest({ path: '/health/live' }))).statusCode).toBe(200);
    expect((await run([mw], makeRequest({ secure: true }))).statusCode).toBe(200);
  });

  it('refuses to redirect to a host not in allowedHosts', async () => {
    const request = makeRequest({ headers: { Host: 'evil.test' } });
    await expect(
      run([SecurityMiddleware({ secureSslRedirect: true })], request),
    ).rejects.toMatchObject({
      name: 'DisallowedHost',
      status: 400,
    });
  });
});
