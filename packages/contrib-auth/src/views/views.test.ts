import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { getSession } from '@stack/contrib-sessions';
import { HttpRequest, requestSettings, type HttpResponseBase } from '@stack/request';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useDatabase } from '../../test/database.js';
import { stack } from '../../test/helpers.js';
import { SESSION_KEY } from '../auth.js';
import { configureAuthenticationBackends } from '../backends.js';
import { configurePasswordHashers } from '../hashers.js';
import { PBKDF2PasswordHasher } from '../internal/hashers/pbkdf2.js';
import { configureMail, outbox, resetMailSettings, type EmailMultiAlternatives } from '@stack/mail';
import { ModelBackend } from '../model-backend.js';
import { User } from '../models/user.js';
import { configureAuth, resetAuthSettings } from '../settings.js';
import { authTemplatesDir } from '../templates-dir.js';
import { defaultTokenGenerator } from '../tokens.js';
import type { AuthViewHelpers } from './helpers.js';
import { loginView, logoutView } from './login.js';
import { passwordChangeDoneView, passwordChangeView } from './password-change.js';
import {
  passwordResetCompleteView,
  passwordResetConfirmView,
  passwordResetDoneView,
  passwordResetView,
  uidDecode,
  uidEncode,
} from './password-reset.js';

const rendered: Array<{ templateName: string; context: Record<string, unknown> }> = [];
const helpers: AuthViewHelpers = {
  async renderToString(templateName, context) {
    rendered.push({ templateName, context });
    if (templateName.endsWith('subject.txt'))
      return `Password reset on\r\n${String(context.siteName)}\u2028\r`;
    if (templateName.endsWith('email.html'))
      return `/reset/${String(context.uid)}/${String(context.token)}/`;
    return `<${templateName}>`;
  },
  reverse: (name) => `/named/${name}/`,
};
const lastContext = () => rendered.at(-1)!.context;

const settings = requestSettings({ allowedHosts: ['testserver'] });
function request(method: string, path: string, body: Record<string, string> = {}, cookie?: string) {
  const encoded = new URLSearchParams(body).toString();
  const [pathInfo, query = ''] = path.split('?');
  return new HttpRequest(
    {
      REQUEST_METHOD: method,
      PATH_INFO: pathInfo,
      QUERY_STRING: query,
      SERVER_NAME: 'testserver',
      SERVER_PORT: '80',
      HTTP_HOST: 'testserver',
      ...(cookie && { HTTP_COOKIE: `sessionid=${cookie}` }),
      CONTENT_TYPE: 'application/x-www-form-urlencoded',
      CONTENT_LENGTH: String(Buffer.byteLength(encoded)),
      'wsgi.url_scheme': 'http',
      'wsgi.input': (async function* () {
        yield Buffer.from(encoded);
      })(),
    } as never,
    settings,
  );
}

let engine: ReturnType<typeof stack>['engine'];
async function send(
  view: (request: HttpRequest, ...args: any[]) => HttpResponseBase | Promise<HttpResponseBase>,
  req: HttpRequest,
  ...args: unknown[]
) {
  const { handler } = stack((r) => view(r, ...args), engine);
  const response = await handler(req);
  return { response, cookie: response.cookies.get('sessionid')?.value, request: req };
}

let close: () => Promise<void>;
const mail = { outbox };
beforeAll(async () => {
  close = await useDatabase();
  configurePasswordHashers([new PBKDF2PasswordHasher({ iterations: 100 })]);
  configureAuth({ secretKey: 'views-secret' });
  configureAuthenticationBackends([new ModelBackend()]);
  configureMail({ emailBackend: 'locmem' });
  await User.objects.createUser('ann', 'ann@example.com', 'first-password');
});
afterAll(async () => {
  await close();
  configurePasswordHashers([new PBKDF2PasswordHasher()]);
  configureAuthenticationBackends([]);
  resetAuthSettings();
  resetMailSettings();
});
beforeEach(() => {
  engine = stack(() => null as never).engine;
  rendered.length = 0;
});

async function loggedInCookie(password = 'first-password') {
  const { cookie } = await send(
    loginView({ helpers }),
    request('POST', '/login/', { username: 'ann', password }),
  );
  return cookie!;
}

describe('loginView', () => {
  it('shows the form on GET', async () => {
    const { response } = await send(loginView({ helpers }), request('GET', '/login/?next=/inbox/'));
    expect(response.statusCode).toBe(200);
    expect(rendered.at(-1)?.templateName).toBe('registration/login.html');
    expect(lastContext().next).toBe('/inbox/');
  });

  it('logs in and redirects to a safe next, with a fresh session', async () => {
    const { response, cookie } = await send(
      loginView({ helpers }),
      request('POST', '/login/', { username: 'ann', password: 'first-password', next: '/inbox/' }),
    );
    expect(response.statusCode).toBe(302);
    expect(response.get('Location')).toBe('/inbox/');
    expect(await engine.open(cookie).get(SESSION_KEY)).toEqual(expect.any(String));
    const stored = await User.objects.get({ username: 'ann' });
    expect(stored.lastLogin).toBeInstanceOf(Date);
  });

  it.each([
    'https://evil.example/',
    '//evil.example/',
    '///evil.example',
    '\\\\evil.example',
    'javascript:alert(1)',
  ])('ignores an unsafe next %s', async (next) => {
    const { response } = await send(
      loginView({ helpers }),
      request('POST', '/login/', { username: 'ann', password: 'first-password', next }),
    );
    expect(response.get('Location')).toBe('/accounts/profile/');
  });

  it('re-renders with Django’s message on bad credentials, without echoing the password', async () => {
    const { response, cookie } = await send(
      loginView({ helpers }),
      request('POST', '/login/', { username: 'ann', password: 'nope' }),
    );
    expect(response.statusCode).toBe(200);
    expect(cookie).toBeUndefined();
    const form = lastContext().form as { nonFieldErrors: string[]; data: Record<string, string> };
    expect(form.nonFieldErrors[0]).toMatch(/^Please enter a correct username and password/);
    expect(form.data).toEqual({ username: 'ann' });
  });

  it('requires both fields', async () => {
    await send(loginView({ helpers }), request('POST', '/login/', {}));
    expect((lastContext().form as { errors: object }).errors).toEqual({
      username: ['This field is required.'],
      password: ['This field is required.'],
    });
  });

  it('sends logged-in users on with redirectAuthenticatedUser', async () => {
    const cookie = await loggedInCookie();
    const { response } = await send(
      loginView({ helpers, redirectAuthenticatedUser: true }),
      request('GET', '/login/', {}, cookie),
    );
    expect(response.get('Location')).toBe('/accounts/profile/');
  });
});

describe('logoutView', () => {
  it('refuses GET', async () => {
    const { response } = await send(logoutView({ helpers }), request('GET', '/logout/'));
    expect(response.statusCode).toBe(405);
  });

  it('logs out on POST and renders the logged-out page', async () => {
    const cookie = await loggedInCookie();
    const { response, request: req } = await send(
      logoutView({ helpers }),
      request('POST', '/logout/', {}, cookie),
    );
    expect(response.statusCode).toBe(200);
    expect(rendered.at(-1)?.templateName).toBe('registration/logged_out.html');
    expect(response.cookies.get('sessionid')?.maxAge).toBe(0);
    expect(await getSession(req).items()).toEqual([]);
  });

  it('redirects to the logoutRedirectUrl setting', async () => {
    configureAuth({ logoutRedirectUrl: '/bye/' });
    const { response } = await send(logoutView({ helpers }), request('POST', '/logout/'));
    expect(response.get('Location')).toBe('/bye/');
    configureAuth({ logoutRedirectUrl: null });
  });
});

describe('passwordChangeView', () => {
  it('sends anonymous users to the login page', async () => {
    const { response } = await send(
      passwordChangeView({ helpers }),
      request('GET', '/password_change/'),
    );
    expect(response.get('Location')).toBe('/accounts/login/?next=/password_change/');
  });

  it('checks the old password, the match and the validators', async () => {
    const cookie = await loggedInCookie();
    const view = passwordChangeView({ helpers });
    await send(
      view,
      request('POST', '/pc/', { oldPassword: 'bad', newPassword1: 'x', newPassword2: 'x' }, cookie),
    );
    expect((lastContext().form as { errors: object }).errors).toEqual({
      oldPassword: ['Your old password was entered incorrectly. Please enter it again.'],
    });
    await send(
      view,
      request(
        'POST',
        '/pc/',
        { oldPassword: 'first-password', newPassword1: 'a', newPassword2: 'b' },
        cookie,
      ),
    );
    expect((lastContext().form as { errors: object }).errors).toEqual({
      newPassword2: ['The two password fields didn’t match.'],
    });
    await send(
      view,
      request(
        'POST',
        '/pc/',
        { oldPassword: 'first-password', newPassword1: '1234', newPassword2: '1234' },
        cookie,
      ),
    );
    const errors = (lastContext().form as { errors: { newPassword2: string[] } }).errors
      .newPassword2;
    expect(errors).toContain('This password is entirely numeric.');
  });

  it('changes the password and keeps this session logged in', async () => {
    const cookie = await loggedInCookie();
    const { response, cookie: rotated } = await send(
      passwordChangeView({ helpers }),
      request(
        'POST',
        '/pc/',
        {
          oldPassword: 'first-password',
          newPassword1: 'blue-otter-42',
          newPassword2: 'blue-otter-42',
        },
        cookie,
      ),
    );
    expect(response.get('Location')).toBe('/named/password_change_done/');
    expect(rotated).not.toBe(cookie);
    const { response: done } = await send(
      passwordChangeDoneView({ helpers }),
      request('GET', '/done/', {}, rotated),
    );
    expect(done.statusCode).toBe(200);
    const ann = await User.objects.get({ username: 'ann' });
    expect(await ann.checkPassword('blue-otter-42')).toBe(true);
    await ann.setPassword('first-password');
    await ann.save();
  });
});

describe('password reset', () => {
  it('e-mails a link to the matching user and redirects the same way for unknown addresses', async () => {
    mail.outbox.length = 0;
    const view = passwordResetView({ helpers });
    const { response } = await send(view, request('POST', '/reset/', { email: 'ANN@example.com' }));
    expect(response.get('Location')).toBe('/named/password_reset_done/');
    expect(mail.outbox).toHaveLength(1);
    expect(mail.outbox[0]!.to).toEqual(['ann@example.com']);
    expect(mail.outbox[0]!.subject).toBe('Password reset ontestserver');
    const { response: unknown } = await send(
      view,
      request('POST', '/reset/', { email: 'nobody@example.com' }),
    );
    expect(unknown.get('Location')).toBe('/named/password_reset_done/');
    expect(mail.outbox).toHaveLength(1);
  });

  it('sends the HTML template as an alternative, from fromEmail', async () => {
    mail.outbox.length = 0;
    const view = passwordResetView({
      helpers,
      htmlEmailTemplateName: 'registration/reset_email_html.html',
      fromEmail: 'Site <site@example.com>',
    });
    await send(view, request('POST', '/reset/', { email: 'ann@example.com' }));
    const sent = mail.outbox[0] as EmailMultiAlternatives;
    expect(sent.fromEmail).toBe('Site <site@example.com>');
    expect(sent.alternatives).toEqual([['<registration/reset_email_html.html>', 'text/html']]);
  });

  it('refuses an invalid address', async () => {
    await send(
      passwordResetView({ helpers }),
      request('POST', '/reset/', { email: 'not an email' }),
    );
    expect((lastContext().form as { errors: object }).errors).toEqual({
      email: ['Enter a valid email address.'],
    });
  });

  it('moves the token into the session, then sets the new password once', async () => {
    const ann = await User.objects.get({ username: 'ann' });
    const uid = uidEncode(ann.pk);
    const token = defaultTokenGenerator.makeToken(ann as never);
    const view = passwordResetConfirmView({ helpers });
    const first = await send(view, request('GET', `/reset/${uid}/${token}/`), {
      uidb64: uid,
      token,
    });
    expect(first.response.get('Location')).toBe(`/reset/${uid}/set-password/`);
    const form = await send(view, request('GET', `/reset/${uid}/set-password/`, {}, first.cookie), {
      uidb64: uid,
      token: 'set-password',
    });
    expect(lastContext().validlink).toBe(true);
    const done = await send(
      view,
      request(
        'POST',
        `/reset/${uid}/set-password/`,
        { newPassword1: 'green-heron-77', newPassword2: 'green-heron-77' },
        form.cookie ?? first.cookie,
      ),
      { uidb64: uid, token: 'set-password' },
    );
    expect(done.response.get('Location')).toBe('/named/password_reset_complete/');
    expect(
      await (await User.objects.get({ username: 'ann' })).checkPassword('green-heron-77'),
    ).toBe(true);
    await send(view, request('GET', `/reset/${uid}/${token}/`), { uidb64: uid, token });
    expect(lastContext().validlink).toBe(false);
    const fresh = await User.objects.get({ username: 'ann' });
    await fresh.setPassword('first-password');
    await fresh.save();
  });

  it.each([
    ['a garbage uid', '!!!', 'abc-def'],
    ['an unknown uid', uidEncode(99999), 'abc-def'],
    ['a non-numeric uid', uidEncode('abc'), 'abc-def'],
    ['a wrong token', uidEncode(1), 'abc-def'],
    ['set-password without a session token', uidEncode(1), 'set-password'],
  ])('shows the invalid-link page for %s', async (_name, uidb64, token) => {
    const { response } = await send(
      passwordResetConfirmView({ helpers }),
      request('GET', `/reset/${uidb64}/${token}/`),
      {
        uidb64,
        token,
      },
    );
    expect(response.statusCode).toBe(200);
    expect(lastContext().validlink).toBe(false);
  });

  it('renders the done and complete pages', async () => {
    await send(passwordResetDoneView({ helpers }), request('GET', '/d/'));
    expect(rendered.at(-1)?.templateName).toBe('registration/password_reset_done.html');
    await send(passwordResetCompleteView({ helpers }), request('GET', '/c/'));
    expect(lastContext().loginUrl).toBe('/named/login/');
  });

  it('round-trips uids and refuses garbage', () => {
    expect(uidDecode(uidEncode(42))).toBe('42');
    expect(uidDecode('../..')).toBeNull();
  });
});

describe('the default templates', () => {
  it('ship every template the views use', () => {
    for (const name of [
      'login.html',
      'logged_out.html',
      'password_change_form.html',
      'password_change_done.html',
      'password_reset_form.html',
      'password_reset_done.html',
      'password_reset_confirm.html',
      'password_reset_complete.html',
      'password_reset_email.html',
      'password_reset_subject.txt',
    ]) {
      expect(existsSync(join(authTemplatesDir, 'registration', name)), name).toBe(true);
    }
  });
});
