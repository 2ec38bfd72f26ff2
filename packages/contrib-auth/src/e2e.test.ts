import { Session, SessionMiddleware, databaseSessions } from '@stack/contrib-sessions';
import { compose, type Middleware } from '@stack/middleware';
import {
  HttpRequest,
  HttpResponse,
  HttpResponseNotFound,
  type HttpResponseBase,
} from '@stack/request';
import { serve, type Application, type ServeHandle } from '@stack/wsgi';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useDatabase } from '../test/database.js';
import { configureAuthenticationBackends } from './backends.js';
import { loginRequired } from './decorators.js';
import { configurePasswordHashers } from './hashers.js';
import { PBKDF2PasswordHasher } from './internal/hashers/pbkdf2.js';
import { configureMail, outbox, resetMailSettings } from '@stack/mail';
import { AuthenticationMiddleware } from './middleware.js';
import { ModelBackend } from './model-backend.js';
import { User } from './models/user.js';
import { configureAuth, resetAuthSettings } from './settings.js';
import type { AuthViewHelpers } from './views/helpers.js';
import { loginView, logoutView } from './views/login.js';
import { passwordResetConfirmView, passwordResetView } from './views/password-reset.js';

const secretKey = 'e2e-secret';
const mail = { outbox };
const helpers: AuthViewHelpers = {
  async renderToString(name, context) {
    if (name.endsWith('subject.txt')) return 'Password reset';
    if (name.endsWith('email.html'))
      return `http://${String(context.domain)}/reset/${String(context.uid)}/${String(context.token)}/`;
    const form = context.form as { nonFieldErrors?: string[] } | undefined;
    return `${name} ${form?.nonFieldErrors?.join(' ') ?? ''}`;
  },
  reverse: (name) =>
    ({ password_reset_done: '/reset/done/', password_reset_complete: '/reset/complete/' })[name] ??
    '/',
};

const me = loginRequired(async (request: HttpRequest) => {
  const user = (await request.user) as User;
  return new HttpResponse(`hello ${user.username}`);
});
const login = loginView({ helpers });
const logout = logoutView({ helpers });
const reset = passwordResetView({ helpers });
const confirm = passwordResetConfirmView({ helpers });

function route(request: HttpRequest): Promise<HttpResponseBase> | HttpResponseBase {
  const path = request.path;
  if (path === '/login/') return login(request);
  if (path === '/logout/') return logout(request);
  if (path === '/me/') return me(request);
  if (path === '/reset/') return reset(request);
  const match = /^\/reset\/([^/]+)\/([^/]+)\/$/.exec(path);
  if (match) return confirm(request, { uidb64: match[1], token: match[2] });
  return new HttpResponseNotFound('');
}

let server: ServeHandle;
let base: string;
let close: () => Promise<void>;

beforeAll(async () => {
  close = await useDatabase([Session as never]);
  configureAuth({ secretKey });
  configurePasswordHashers([new PBKDF2PasswordHasher({ iterations: 100 })]);
  configureAuthenticationBackends([new ModelBackend()]);
  configureMail({ emailBackend: 'locmem' });
  const chain = compose<HttpRequest, HttpResponseBase>(
    [
      SessionMiddleware<HttpRequest>({ sessionEngine: databaseSessions({ secretKey }) }),
      AuthenticationMiddleware as Middleware<HttpRequest, HttpResponseBase>,
    ],
    (request, c) => c.runView(request, route),
  );
  const app: Application = async (environ, startResponse) => {
    const request = new HttpRequest(environ, { allowedHosts: ['127.0.0.1'] });
    const response = await chain.handler(request);
    return response.toWsgi(startResponse);
  };
  server = serve(app, { host: '127.0.0.1', port: 0, log: false });
  base = `http://127.0.0.1:${(await server.listening).port}`;
});

afterAll(async () => {
  await server?.close();
  await close();
  configureAuthenticationBackends([]);
  configurePasswordHashers([new PBKDF2PasswordHasher()]);
  resetAuthSettings();
  resetMailSettings();
});

/** A tiny browser: keeps the session cookie, never follows redirects. */
function browser() {
  let cookie = '';
  return async (path: string, form?: Record<string, string>) => {
    const response = await fetch(base + path, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        ...(cookie && { cookie }),
        ...(form && { 'content-type': 'application/x-www-form-urlencoded' }),
      },
      ...(form && { body: new URLSearchParams(form).toString() }),
    });
    const set = response.headers.getSetCookie().find((line) => line.startsWith('sessionid='));
    if (set) cookie = /max-age=0/i.test(set) ? '' : set.split(';')[0]!;
    return {
      status: response.status,
      location: response.headers.get('location'),
      body: await response.text(),
      cookie,
    };
  };
}

describe('sessions and auth over a real socket', () => {
  // Each test meets ann with her first password: the reset test changes it.
  beforeEach(async () => {
    await User.objects.all().delete();
    await User.objects.createUser('ann', 'ann@example.com', 'first-password');
  });

  it('refuses an anonymous user, logs in, shows the user, logs out', async () => {
    const visit = browser();
    expect(await visit('/me/')).toMatchObject({
      status: 302,
      location: '/accounts/login/?next=/me/',
    });
    const bad = await visit('/login/', { username: 'ann', password: 'nope' });
    expect(bad.body).toContain('Please enter a correct username and password');
    const good = await visit('/login/', {
      username: 'ann',
      password: 'first-password',
      next: '/me/',
    });
    expect(good).toMatchObject({ status: 302, location: '/me/' });
    expect(good.cookie).toMatch(/^sessionid=[a-z0-9]{32}$/);
    expect(await visit('/me/')).toMatchObject({ status: 200, body: 'hello ann' });
    expect(await visit('/logout/')).toMatchObject({ status: 405 });
    const out = await visit('/logout/', {});
    expect(out.status).toBe(200);
    expect(out.cookie).toBe('');
    expect(await visit('/me/')).toMatchObject({ status: 302 });
  });

  it('resets a forgotten password through the e-mailed link', async () => {
    const visit = browser();
    expect(await visit('/reset/', { email: 'ann@example.com' })).toMatchObject({
      status: 302,
      location: '/reset/done/',
    });
    const link = new URL(mail.outbox.at(-1)!.body);
    const first = await visit(link.pathname);
    expect(first.status).toBe(302);
    expect(first.location).toMatch(/\/set-password\/$/);
    const done = await visit(first.location!, {
      newPassword1: 'amber-finch-31',
      newPassword2: 'amber-finch-31',
    });
    expect(done).toMatchObject({ status: 302, location: '/reset/complete/' });
    const again = browser();
    expect(await again('/login/', { username: 'ann', password: 'amber-finch-31' })).toMatchObject({
      status: 302,
    });
    expect((await visit(link.pathname)).body).toContain('password_reset_confirm.html');
  });

  it('treats a forged session cookie as anonymous', async () => {
    const response = await fetch(`${base}/me/`, {
      redirect: 'manual',
      headers: { cookie: 'sessionid=../../etc/passwd; sessionid=zzzz' },
    });
    expect(response.status).toBe(302);
  });
});
