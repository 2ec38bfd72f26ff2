import { HttpResponse } from '@stack/request';
import { describe, expect, it } from 'vitest';
import { check, quiet, secret, withCookie } from '../../test/csrf.js';
import { makeRequest, run, type RequestSpec } from '../../test/http.js';
import { maskCipherSecret, newCsrfSecret, unmaskCipherToken } from '../internal/csrf-token.js';
import {
  csrfExempt,
  csrfProtect,
  CsrfViewMiddleware,
  ensureCsrfCookie,
  getToken,
  requiresCsrfToken,
  rotateToken,
} from './index.js';

describe('CsrfViewMiddleware on safe methods', () => {
  it.each(['GET', 'HEAD', 'OPTIONS', 'TRACE'])(
    'lets %s through without a token',
    async (method) => {
      const { response } = await check({ method });
      expect(response.statusCode).toBe(200);
    },
  );

  it('sends a 32-character secret cookie with Vary: Cookie when the view asks for a token', async () => {
    let token = '';
    const { response } = await check({}, {}, (request) => {
      token = getToken(request);
      return new HttpResponse('form');
    });
    const cookie = response.cookies.get('csrftoken')!;
    expect(cookie.value).toMatch(/^[a-zA-Z0-9]{32}$/);
    expect(token).toMatch(/^[a-zA-Z0-9]{64}$/);
    expect(unmaskCipherToken(token)).toBe(cookie.value);
    expect(cookie).toMatchObject({
      maxAge: 31_449_600,
      path: '/',
      samesite: 'Lax',
      secure: false,
      httponly: false,
    });
    expect(response.get('Vary')).toBe('Cookie');
  });

  it('sends no cookie when nobody asked for a token', async () => {
    const { response } = await check({});
    expect(response.cookies.has('csrftoken')).toBe(false);
    expect(response.has('Vary')).toBe(false);
  });

  it('keeps the client’s secret and returns differently masked tokens for it', async () => {
    const tokens: string[] = [];
    const { response } = await check({ headers: withCookie() }, {}, (request) => {
      tokens.push(getToken(request), getToken(request));
      return new HttpResponse('form');
    });
    expect(tokens[0]).not.toBe(tokens[1]);
    expect(tokens.map(unmaskCipherToken)).toEqual([secret, secret]);
    expect(response.cookies.get('csrftoken')!.value).toBe(secret);
  });

  it('replaces a malformed or oversized cookie with a fresh secret', async () => {
    for (const bad of ['short', 'x'.repeat(65), '!'.repeat(32), 'a'.repeat(8192)]) {
      const { response } = await check({ headers: { Cookie: `csrftoken=${bad}` } });
      const fresh = response.cookies.get('csrftoken')!.value;
      expect(fresh).toMatch(/^[a-zA-Z0-9]{32}$/);
    }
  });

  it('ignores hostile cookie names and a cookie named like the token field', async () => {
    const { response } = await check({
      method: 'POST',
      headers: {
        Cookie: `__proto__=${secret}; constructor=${secret}; csrfmiddlewaretoken=${secret}`,
        'X-CSRFToken': secret,
      },
    });
    expect(response.statusCode).toBe(403);
    expect(({} as Record<string, unknown>).csrftoken).toBeUndefined();
  });

  it('applies the cookie settings', async () => {
    const { response } = await check(
      {},
      {
        csrfCookieName: 'xsrf',
        csrfCookieAge: null,
        csrfCookieDomain: '.example.com',
        csrfCookiePath: '/app/',
        csrfCookieSecure: true,
        csrfCookieHttponly: true,
        csrfCookieSamesite: 'Strict',
      },
      (request) => {
        getToken(request);
        return new HttpResponse('');
      },
    );
    expect(response.cookies.get('xsrf')).toMatchObject({
      maxAge: undefined,
      domain: '.example.com',
      path: '/app/',
      secure: true,
      httponly: true,
      samesite: 'Strict',
    });
  });
});

describe('CsrfViewMiddleware on unsafe methods', () => {
  it('refuses a POST without a cookie', async () => {
    const { response, reason } = await check({ method: 'POST', form: { a: '1' } });
    expect(response.statusCode).toBe(403);
    expect(reason).toBe('CSRF cookie not set.');
  });

  it('refuses a POST with a cookie but no token', async () => {
    const { reason } = await check({ method: 'POST', form: { a: '1' }, headers: withCookie() });
    expect(reason).toBe('CSRF token missing.');
  });

  it.each(['PUT', 'DELETE', 'PATCH'])('refuses %s without a token', async (method) => {
    const { response, reason } = await check({ method, headers: withCookie() });
    expect(response.statusCode).toBe(403);
    expect(reason).toBe('CSRF token missing.');
  });

  it.each(['PUT', 'DELETE'])('accepts %s with the token in X-CSRFToken', async (method) => {
    const { response } = await check({
      method,
      headers: withCookie({ 'X-CSRFToken': maskCipherSecret(secret) }),
    });
    expect(response.statusCode).toBe(200);
  });

  it('accepts a POST with a masked token in the form, and marks the request done', async () => {
    const { response, request } = await check({
      method: 'POST',
      form: { csrfmiddlewaretoken: maskCipherSecret(secret) },
      headers: withCookie(),
    });
    expect(response.statusCode).toBe(200);
    expect(request.csrfProcessingDone).toBe(true);
  });

  it('accepts the unmasked secret as a token (read from the cookie by JavaScript)', async () => {
    const { response } = await check({
      method: 'POST',
      headers: withCookie({ 'X-CSRFToken': secret }),
    });
    expect(response.statusCode).toBe(200);
  });

  it('accepts a masked secret stored in the cookie by older Django versions', async () => {
    const { response } = await check({
      method: 'POST',
      headers: {
        Cookie: `csrftoken=${maskCipherSecret(secret)}`,
        'X-CSRFToken': maskCipherSecret(secret),
      },
    });
    expect(response.statusCode).toBe(200);
  });

  it('prefers the form token to the header', async () => {
    const { reason } = await check({
      method: 'POST',
      form: { csrfmiddlewaretoken: maskCipherSecret(newCsrfSecret()) },
      headers: withCookie({ 'X-CSRFToken': secret }),
    });
    expect(reason).toBe('CSRF token from POST incorrect.');
  });

  it('refuses forged tokens with Django’s reasons', async () => {
    const forged = maskCipherSecret(newCsrfSecret());
    expect(
      (
        await check({
          method: 'POST',
          form: { csrfmiddlewaretoken: forged },
          headers: withCookie(),
        })
      ).reason,
    ).toBe('CSRF token from POST incorrect.');
    expect(
      (await check({ method: 'POST', headers: withCookie({ 'X-CSRFToken': forged }) })).reason,
    ).toBe("CSRF token from the 'X-Csrftoken' HTTP header incorrect.");
  });

  it('refuses short, overlong and non-ASCII tokens', async () => {
    const cases: [string, string][] = [
      ['abc', 'has incorrect length'],
      ['a'.repeat(63), 'has incorrect length'],
      ['a'.repeat(65), 'has incorrect length'],
      ['a'.repeat(100_000), 'has incorrect length'],
      ['é'.repeat(32), 'has invalid characters'],
      [`${'a'.repeat(62)}☃☃`, 'has invalid characters'],
      [`${'a'.repeat(31)}\u0000`, 'has invalid characters'],
    ];
    for (const [token, problem] of cases) {
      const { reason } = await check({
        method: 'POST',
        form: { csrfmiddlewaretoken: token },
        headers: withCookie(),
      });
      expect(reason).toBe(`CSRF token from POST ${problem}.`);
    }
    const header = await check({ method: 'POST', headers: withCookie({ 'X-CSRFToken': '' }) });
    expect(header.reason).toBe(
      "CSRF token from the 'X-Csrftoken' HTTP header has incorrect length.",
    );
  });

  it('refuses a malformed or oversized cookie on POST', async () => {
    const token = maskCipherSecret(secret);
    expect(
      (
        await check({
          method: 'POST',
          headers: { Cookie: 'csrftoken=short', 'X-CSRFToken': token },
        })
      ).reason,
    ).toBe('CSRF cookie has incorrect length.');
    expect(
      (
        await check({
          method: 'POST',
          headers: { Cookie: `csrftoken=${'a'.repeat(4096)}`, 'X-CSRFToken': token },
        })
      ).reason,
    ).toBe('CSRF cookie has incorrect length.');
    expect(
      (
        await check({
          method: 'POST',
          headers: { Cookie: `csrftoken=${'-'.repeat(32)}`, 'X-CSRFToken': token },
        })
      ).reason,
    ).toBe('CSRF cookie has invalid characters.');
  });

  it('leaves a non-form body unread for the view', async () => {
    const big = 'x'.repeat(3_000_000);
    const { response, request } = await check(
      {
        method: 'POST',
        body: big,
        contentType: 'application/octet-stream',
        headers: withCookie({ 'X-CSRFToken': secret }),
      },
      {},
      async (r) => {
        let size = 0;
        for await (const chunk of r.stream()) size += chunk.length;
        return new HttpResponse(String(size));
      },
    );
    expect(response.statusCode).toBe(200);
    expect((response as HttpResponse).text).toBe('3000000');
    expect(request.csrfProcessingDone).toBe(true);
  });

  it('answers 400-class errors for a form body over the size limit, not a crash', async () => {
    const request = makeRequest({
      method: 'POST',
      form: { csrfmiddlewaretoken: 'x', pad: 'y'.repeat(2000) },
      headers: withCookie(),
      settings: { dataUploadMaxMemorySize: 1000 },
    });
    await expect(run([CsrfViewMiddleware(quiet)], request)).rejects.toMatchObject({
      name: 'RequestDataTooBig',
      status: 413,
    });
  });

  it('answers 403 when the client disconnects mid-body, as Django ignores an unreadable POST', async () => {
    const request = makeRequest({ method: 'POST', form: { a: '1' }, headers: withCookie() });
    request.META['wsgi.input'] = (async function* () {
      yield Buffer.from('csrfmiddlewaretoken=');
      throw Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
    })();
    const response = (await run([CsrfViewMiddleware(quiet)], request)) as HttpResponse;
    expect(response.statusCode).toBe(403);
    expect(response.text).toContain('CSRF verification failed. Request aborted.');
  });

  it('reads the token from a custom header', async () => {
    const { response } = await check(
      { method: 'POST', headers: withCookie({ 'X-XSRF-TOKEN': secret }) },
      { csrfHeaderName: 'HTTP_X_XSRF_TOKEN' },
    );
    expect(response.statusCode).toBe(200);
  });

  it('skips views marked csrfExempt, and requests marked dontEnforceCsrfChecks', async () => {
    const exempt = csrfExempt(() => new HttpResponse('hook'));
    expect((exempt as { csrfExempt?: boolean }).csrfExempt).toBe(true);
    expect((await check({ method: 'POST' }, {}, exempt)).response.statusCode).toBe(200);
    const request = makeRequest({ method: 'POST' });
    request.dontEnforceCsrfChecks = true;
    expect((await run([CsrfViewMiddleware(quiet)], request)).statusCode).toBe(200);
  });

  it('answers with the default failure page, a 403 naming the failure', async () => {
    const request = makeRequest({ method: 'POST', form: { a: '1' } });
    const response = (await run([CsrfViewMiddleware(quiet)], request)) as HttpResponse;
    expect(response.statusCode).toBe(403);
    expect(response.text).toContain('CSRF verification failed. Request aborted.');
    expect(response.text).toContain('requires a CSRF cookie');
  });

  it('logs each rejection', async () => {
    const lines: string[] = [];
    await check(
      { method: 'POST', path: '/transfer/' },
      { logger: { warn: (line) => lines.push(line) } },
    );
    expect(lines).toEqual(['Forbidden (CSRF cookie not set.): /transfer/']);
  });
});

describe('CsrfViewMiddleware with session storage', () => {
  function sessionRequest(spec: RequestSpec, stored?: string) {
    const request = makeRequest(spec);
    const data = new Map<string, unknown>(stored ? [['_csrftoken', stored]] : []);
    request.session = {
      get: (k: string) => data.get(k),
      set: (k: string, v: unknown) => data.set(k, v),
    };
    return { request, data };
  }

  it('keeps the secret in the session and sends no cookie', async () => {
    const { request, data } = sessionRequest({});
    const response = await run(
      [CsrfViewMiddleware({ ...quiet, csrfUseSessions: true })],
      request,
      (r) => {
        getToken(r);
        return new HttpResponse('');
      },
    );
    expect(response.cookies.size).toBe(0);
    expect(data.get('_csrftoken')).toMatch(/^[a-zA-Z0-9]{32}$/);
  });

  it('checks tokens against the session secret', async () => {
    const ok = sessionRequest(
      { method: 'POST', headers: { 'X-CSRFToken': maskCipherSecret(secret) } },
      secret,
    );
    expect(
      (await run([CsrfViewMiddleware({ ...quiet, csrfUseSessions: true })], ok.request)).statusCode,
    ).toBe(200);
    const bad = sessionRequest({
      method: 'POST',
      headers: { 'X-CSRFToken': maskCipherSecret(secret) },
    });
    expect(
      (await run([CsrfViewMiddleware({ ...quiet, csrfUseSessions: true })], bad.request))
        .statusCode,
    ).toBe(403);
  });

  it('works with an async session store (get and set return promises)', async () => {
    const data = new Map<string, unknown>();
    const asyncSession = {
      get: async (k: string) => data.get(k),
      set: async (k: string, v: unknown) => void data.set(k, v),
    };
    const first = makeRequest();
    first.session = asyncSession;
    let token = '';
    await run([CsrfViewMiddleware({ ...quiet, csrfUseSessions: true })], first, (r) => {
      token = getToken(r);
      return new HttpResponse('');
    });
    expect(unmaskCipherToken(token)).toBe(data.get('_csrftoken'));
    const post = makeRequest({ method: 'POST', headers: { 'X-CSRFToken': token } });
    post.session = asyncSession;
    expect(
      (await run([CsrfViewMiddleware({ ...quiet, csrfUseSessions: true })], post)).statusCode,
    ).toBe(200);
    const forged = makeRequest({
      method: 'POST',
      headers: { 'X-CSRFToken': maskCipherSecret(newCsrfSecret()) },
    });
    forged.session = asyncSession;
    expect(
      (await run([CsrfViewMiddleware({ ...quiet, csrfUseSessions: true })], forged)).statusCode,
    ).toBe(403);
  });

  it('explains a missing session', async () => {
    await expect(
      run([CsrfViewMiddleware({ ...quiet, csrfUseSessions: true })], makeRequest()),
    ).rejects.toThrow(/SessionMiddleware must appear before CsrfViewMiddleware/);
  });
});

describe('getToken and rotateToken', () => {
  it('rotateToken gives the client a new secret', async () => {
    const { response } = await check({ headers: withCookie() }, {}, (request) => {
      rotateToken(request);
      return new HttpResponse('');
    });
    const fresh = response.cookies.get('csrftoken')!.value;
    expect(fresh).toMatch(/^[a-zA-Z0-9]{32}$/);
    expect(fresh).not.toBe(secret);
  });
});

describe('the CSRF decorators', () => {
  it('ensureCsrfCookie sends the cookie even when the view never asks for a token', async () => {
    const view = ensureCsrfCookie(() => new HttpResponse('spa'), quiet);
    const response = await view(makeRequest());
    expect(response.cookies.get('csrftoken')!.value).toMatch(/^[a-zA-Z0-9]{32}$/);
  });

  it('ensureCsrfCookie under the middleware sets the cookie once', async () => {
    const view = ensureCsrfCookie(() => new HttpResponse('spa'), quiet);
    const request = makeRequest();
    const response = await run([CsrfViewMiddleware(quiet)], request, view);
    expect(response.cookies.get('csrftoken')).toBeDefined();
    expect(request.csrfCookieNeedsUpdate).toBe(false);
    expect(response.get('Vary')).toBe('Cookie');
  });

  it('requiresCsrfToken lets an unsafe request through but makes getToken work', async () => {
    let token = '';
    const view = requiresCsrfToken((request) => {
      token = getToken(request);
      return new HttpResponse('error page');
    }, quiet);
    const response = await view(makeRequest({ method: 'POST', form: { a: '1' } }));
    expect(response.statusCode).toBe(200);
    expect(unmaskCipherToken(token)).toBe(response.cookies.get('csrftoken')!.value);
  });

  it('csrfProtect checks one view without the middleware', async () => {
    const view = csrfProtect(() => new HttpResponse('saved'), quiet);
    expect((await view(makeRequest({ method: 'POST', form: { a: '1' } }))).statusCode).toBe(403);
    const good = makeRequest({
      method: 'POST',
      form: { csrfmiddlewaretoken: maskCipherSecret(secret) },
      headers: withCookie(),
    });
    expect((await view(good)).statusCode).toBe(200);
  });
});
