import { HttpResponse, parseCookie } from '@stack/request';
import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { LocMemCache } from '@stack/cache';
import { SessionInterrupted } from './errors.js';
import { SessionMiddleware, getSession, type SessionRequest } from './middleware.js';
import type { SessionBase } from './session-base.js';
import type { SessionSettings } from './settings.js';
import { cacheSessions } from './stores/cache.js';

/** A cache that counts what is stored in it, so a test can tell nothing was saved. */
class CountingCache extends LocMemCache {
  writes = 0;
  override async set(...args: Parameters<LocMemCache['set']>) {
    this.writes++;
    return super.set(...args);
  }
  override async add(...args: Parameters<LocMemCache['add']>) {
    this.writes++;
    return super.add(...args);
  }
}

type View = (
  request: SessionRequest & { session: SessionBase },
) => Promise<HttpResponse> | HttpResponse;

function setup(view: View, settings: Partial<SessionSettings> = {}) {
  const cache = new CountingCache({ location: randomUUID() });
  const engine = cacheSessions({ cache });
  const handler = SessionMiddleware({ sessionEngine: engine, ...settings })((request) =>
    view(request as SessionRequest & { session: SessionBase }),
  );
  const call = async (cookie = '') => {
    const request: SessionRequest = { COOKIES: parseCookie(cookie) };
    const response = (await handler(request)) as HttpResponse;
    return { request, response, cookie: response.cookies.get('sessionid') };
  };
  return { call, cache, engine };
}

const counter: View = async (request) => {
  const n = ((await request.session.get<number>('n')) ?? 0) + 1;
  await request.session.set('n', n);
  return new HttpResponse(String(n));
};

describe('SessionMiddleware', () => {
  it('sets a sessionid cookie with Django’s defaults when the session is modified', async () => {
    const { call } = setup(counter);
    const { cookie, response } = await call();
    expect(cookie?.value).toMatch(/^[a-z0-9]{32}$/);
    expect(cookie).toMatchObject({ maxAge: 1_209_600, path: '/', httponly: true, samesite: 'Lax' });
    expect(cookie?.secure).toBeFalsy();
    expect(response.get('Vary')).toBe('Cookie');
  });

  it('loads the session back from the cookie on the next request', async () => {
    const { call } = setup(counter);
    const first = await call();
    const second = await call(`sessionid=${first.cookie!.value}`);
    expect(String(second.response.content)).toBe('2');
  });

  it('answers synchronously when neither the view nor the session needs to wait', () => {
    const { engine } = setup(counter);
    const handler = SessionMiddleware({ sessionEngine: engine })(() => new HttpResponse('sync'));
    const response = handler({ COOKIES: {} });
    expect(response).toBeInstanceOf(HttpResponse);
  });

  it('does not save, set a cookie or vary for a request that never touches the session', async () => {
    const { call, cache } = setup(() => new HttpResponse('plain'));
    const { response, cookie } = await call();
    expect(cookie).toBeUndefined();
    expect(response.get('Vary')).toBeUndefined();
    expect(cache.writes).toBe(0);
  });

  it('does not store a row for an anonymous session that was only read', async () => {
    const { call, cache } = setup(async (request) => {
      await request.session.get('anything');
      return new HttpResponse('read');
    });
    const { response, cookie } = await call();
    expect(cookie).toBeUndefined();
    expect(response.get('Vary')).toBe('Cookie');
    expect(cache.writes).toBe(0);
  });

  it.each([
    ['garbage', 'sessionid=%%%garbage'],
    ['an unknown key', 'sessionid=abcdefgh12345678abcdefgh12345678'],
    ['a prototype name', 'sessionid=__proto__'],
    ['an oversized value', `sessionid=${'a'.repeat(50_000)}`],
  ])('gives %s cookie a fresh empty session and deletes the cookie', async (_name, header) => {
    const { call } = setup(async (request) => {
      return new HttpResponse(JSON.stringify(await request.session.items()));
    });
    const { response, cookie } = await call(header);
    expect(String(response.content)).toBe('[]');
    expect(cookie).toMatchObject({ value: '', maxAge: 0 });
    expect(response.get('Vary')).toBe('Cookie');
  });

  it('replaces an unknown key by a fresh one when the view writes', async () => {
    const { call } = setup(counter);
    const { cookie } = await call('sessionid=abcdefgh12345678abcdefgh12345678');
    expect(cookie?.value).toMatch(/^[a-z0-9]{32}$/);
    expect(cookie?.value).not.toBe('abcdefgh12345678abcdefgh12345678');
  });

  it('deletes the cookie when the view flushes the session', async () => {
    const { call, engine } = setup(counter);
    const first = { ...(await call()), engine };
    const flushing = SessionMiddleware({ sessionEngine: first.engine })(async (
      request: SessionRequest,
    ) => {
      await (request.session as SessionBase).flush();
      return new HttpResponse('bye');
    });
    const response = (await flushing({
      COOKIES: { sessionid: first.cookie!.value },
    })) as HttpResponse;
    const cookie = response.cookies.get('sessionid');
    expect(cookie).toMatchObject({ value: '', maxAge: 0, path: '/' });
  });

  it('saves on every request when sessionSaveEveryRequest is set, not otherwise', async () => {
    const { call, engine } = setup(counter);
    const started = await call();
    const reader = (sessionSaveEveryRequest: boolean) =>
      SessionMiddleware({ sessionEngine: engine, sessionSaveEveryRequest })(
        async (request: SessionRequest) =>
          new HttpResponse(String(await (request.session as SessionBase).get('n'))),
      );
    const cookies = { sessionid: started.cookie!.value };
    const lazy = (await reader(false)({ COOKIES: cookies })) as HttpResponse;
    expect(lazy.cookies.get('sessionid')).toBeUndefined();
    const eager = (await reader(true)({ COOKIES: cookies })) as HttpResponse;
    expect(String(eager.content)).toBe('1');
    expect(eager.cookies.get('sessionid')?.value).toBe(started.cookie!.value);
  });

  it('honours the cookie settings', async () => {
    const { call } = setup(counter, {
      sessionCookieName: 'sid',
      sessionCookieSecure: true,
      sessionCookieDomain: 'example.com',
      sessionCookiePath: '/app/',
      sessionCookieSamesite: 'Strict',
      sessionCookieAge: 60,
      sessionCookieHttponly: false,
    });
    const { response } = await call();
    expect(response.cookies.get('sid')).toMatchObject({
      secure: true,
      domain: 'example.com',
      path: '/app/',
      samesite: 'Strict',
      maxAge: 60,
    });
    expect(response.cookies.get('sid')?.httponly).toBeFalsy();
  });

  it('makes a browser-session cookie when sessions expire at browser close', async () => {
    const { call } = setup(counter, { sessionExpireAtBrowserClose: true });
    const { cookie } = await call();
    expect(cookie?.value).toMatch(/^[a-z0-9]{32}$/);
    expect(cookie?.maxAge).toBeUndefined();
    expect(cookie?.expires).toBeFalsy();
  });

  it('uses the session’s own expiry for the cookie', async () => {
    const { call } = setup(async (request) => {
      await request.session.setExpiry(300);
      return new HttpResponse('');
    });
    expect((await call()).cookie?.maxAge).toBe(300);
  });

  it('does not save when the response is a server error', async () => {
    const { call, cache } = setup(async (request) => {
      await request.session.set('a', 1);
      return new HttpResponse('boom', { status: 500 });
    });
    const { cookie } = await call();
    expect(cookie).toBeUndefined();
    expect(cache.writes).toBe(0);
  });

  it('adds Cookie to an existing Vary header once', async () => {
    const { call } = setup(async (request) => {
      await request.session.get('a');
      const response = new HttpResponse('');
      response.set('Vary', 'Accept-Encoding, cookie');
      return response;
    });
    expect((await call()).response.get('Vary')).toBe('Accept-Encoding, cookie');
    const other = setup(async (request) => {
      await request.session.get('a');
      const response = new HttpResponse('');
      response.set('Vary', 'Accept-Encoding');
      return response;
    });
    expect((await other.call()).response.get('Vary')).toBe('Accept-Encoding, Cookie');
  });

  it('answers 400 when a concurrent request deleted the session before saving', async () => {
    const { call, cache } = setup(counter);
    const first = await call();
    const racer = SessionMiddleware({ sessionEngine: cacheSessions({ cache }) })(async (
      request,
    ) => {
      const session = request.session as SessionBase;
      await session.get('n');
      await cache.delete(`django.contrib.sessions.cache${first.cookie!.value}`);
      await session.set('n', 5);
      return new HttpResponse('');
    });
    const error = await Promise.resolve(
      racer({ COOKIES: { sessionid: first.cookie!.value } }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SessionInterrupted);
    expect((error as SessionInterrupted).status).toBe(400);
  });

  it('can sit in a middleware list directly, with the defaults', async () => {
    const handler = SessionMiddleware((request: SessionRequest) => {
      expect(request.session).toBeDefined();
      return new HttpResponse('ok');
    });
    const response = (await handler({ COOKIES: {} })) as HttpResponse;
    expect(response.cookies.size).toBe(0);
  });

  it('reads no cookies when the request has no Cookie header at all', async () => {
    const { call, engine } = setup(counter);
    const first = await call();
    const handler = SessionMiddleware({ sessionEngine: engine })(
      async (request: SessionRequest) =>
        new HttpResponse(String(await (request.session as SessionBase).get('n'))),
    );
    const parsed = { sessionid: first.cookie!.value };
    const without = (await handler({ META: {}, COOKIES: parsed })) as HttpResponse;
    expect(String(without.content)).toBe('undefined');
    const withHeader = (await handler({
      META: { HTTP_COOKIE: 'x' },
      COOKIES: parsed,
    })) as HttpResponse;
    expect(String(withHeader.content)).toBe('1');
  });

  it('explains a missing session middleware through getSession', () => {
    expect(() => getSession({})).toThrow(/add SessionMiddleware/);
  });
});
