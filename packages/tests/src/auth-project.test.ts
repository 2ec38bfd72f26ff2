import { getUserModel, loginRequired, Permission } from '@stack/contrib-auth';
import { authUrls, Client, configure, liveServer, render, type LiveServer } from '@stack/core';
import { outbox } from '@stack/mail';
import { JsonResponse } from '@stack/request';
import { include, path as route } from '@stack/urls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browser, csrfTokenOf } from './support/browser.js';
import {
  AUTH_MIDDLEWARE,
  authProjectSettings,
  migrate,
  projectFolder,
  removeProject,
} from './support/project.js';

// Issue 10's "done when": a project creates a user, logs in through the login view (real CSRF),
// sees request.user in a view and in a template, is refused by loginRequired, logs out and
// resets the password from the e-mailed link; through the Client and over a real socket.

const dir = projectFolder('stack-auth-project-', {
  'templates/home.html':
    '{% if user.is_authenticated %}Hello, {{ user.username }}.{% else %}Hello, stranger.{% endif %}',
  'templates/perms.html':
    '{% if perms.auth %}auth{% endif %}{% if perms.auth.view_user %}:view_user{% endif %}' +
    '{% if perms.auth.delete_user %}:delete_user{% endif %}{% if perms.blog %}blog{% endif %}',
  'templates/private.html': '<p>Private page of {{ user.username }} ({{ user.get_full_name }})</p>',
});

async function me(request: any) {
  const user = await request.user;
  return new JsonResponse({ username: user.username ?? '', authenticated: user.isAuthenticated });
}

const urlpatterns = [
  route('', (request: any) => render(request, 'home.html')),
  route('me/', me),
  route('perms/', (request: any) => render(request, 'perms.html')),
  route(
    'private/',
    loginRequired((request: any) => render(request, 'private.html')),
  ),
  route('accounts/', include(authUrls())),
];

let server: LiveServer;

beforeAll(async () => {
  configure(
    authProjectSettings('auth-project', dir, {
      allowedHosts: ['testserver', '127.0.0.1'],
      middleware: [...AUTH_MIDDLEWARE, '@stack/middleware:XFrameOptionsMiddleware'],
      rootUrlconf: urlpatterns,
      emailBackend: 'locmem',
    }),
  );
  expect(await migrate(dir)).toContain('Applying auth.0001_initial');
  await getUserModel().objects.createUser('ann', 'ann@example.com', 'first-pass-phrase', {
    firstName: 'Ann',
    lastName: 'Lee',
  });
  server = await liveServer();
});

afterAll(async () => {
  await server?.close();
  await removeProject(dir);
});

/** The reset link of the last e-mail, as a path. */
function resetPath(): string {
  const body = outbox.at(-1)?.body ?? '';
  const link = /https?:\/\/[^/\s]+(\/accounts\/reset\/[^\s]+\/)/.exec(body)?.[1];
  if (!link) throw new Error(`no reset link in:\n${body}`);
  return link;
}

// Steps on one project, each building on the last: they run in order, never shuffled.
describe(
  'a project with contrib-auth, through the test Client with CSRF checks on',
  { shuffle: false },
  () => {
    const client = new Client({ enforceCsrfChecks: true });

    it('shows the anonymous user in a template and in a view', async () => {
      expect((await client.get('/')).text).toBe('Hello, stranger.');
      expect((await client.get('/me/')).json()).toEqual({ username: '', authenticated: false });
    });

    it('refuses the private page with a redirect to the login page', async () => {
      const response = await client.get('/private/');
      expect(response.status).toBe(302);
      expect(response.get('Location')).toBe('/accounts/login/?next=/private/');
    });

    it('refuses a login POST without the CSRF token', async () => {
      const response = await client.post('/accounts/login/', {
        username: 'ann',
        password: 'first-pass-phrase',
      });
      expect(response.status).toBe(403);
    });

    it('logs in through the login view, and rotates the CSRF token', async () => {
      const page = await client.get('/accounts/login/?next=/private/');
      expect(page.status).toBe(200);
      expect(page.templates).toContain('registration/login.html');
      const token = csrfTokenOf(page.text);
      const wrong = await client.post('/accounts/login/', {
        csrfmiddlewaretoken: token,
        username: 'ann',
        password: 'wrong',
      });
      expect(wrong.status).toBe(200);
      expect(wrong.text).toContain('Please enter a correct username and password.');
      const before = client.cookies.get('csrftoken')?.value;
      const sessionBefore = client.cookies.get('sessionid')?.value;
      const response = await client.post('/accounts/login/', {
        csrfmiddlewaretoken: token,
        username: 'ann',
        password: 'first-pass-phrase',
        next: '/private/',
      });
      expect(response.status).toBe(302);
      expect(response.get('Location')).toBe('/private/');
      expect(client.cookies.get('csrftoken')?.value).not.toBe(before);
      expect(client.cookies.get('sessionid')?.value).not.toBe(sessionBefore);
    });

    it('sees request.user in a view and in templates once logged in', async () => {
      expect((await client.get('/me/')).json()).toEqual({ username: 'ann', authenticated: true });
      expect((await client.get('/')).text).toBe('Hello, ann.');
      const page = await client.get('/private/');
      expect(page.status).toBe(200);
      expect(page.text).toBe('<p>Private page of ann (Ann Lee)</p>');
    });

    it('shows the user’s permissions in templates through perms', async () => {
      expect((await client.get('/perms/')).text).toBe('');
      const ann = (await getUserModel().objects.get({ username: 'ann' } as never)) as any;
      const viewUser = await (Permission as any).objects.get({
        appLabel: 'auth',
        codename: 'view_user',
      });
      await ann.userPermissions.add(viewUser);
      expect((await client.get('/perms/')).text).toBe('auth:view_user');
    });

    it('logs out with a POST carrying the CSRF token', async () => {
      const token = csrfTokenOf((await client.get('/accounts/login/')).text);
      const response = await client.post('/accounts/logout/', { csrfmiddlewaretoken: token });
      expect(response.status).toBe(200);
      expect(response.templates).toContain('registration/logged_out.html');
      expect((await client.get('/')).text).toBe('Hello, stranger.');
      expect((await client.get('/private/')).status).toBe(302);
    });

    it('resets the password through the e-mailed link', async () => {
      const form = await client.get('/accounts/password_reset/');
      const sent = outbox.length;
      const posted = await client.post('/accounts/password_reset/', {
        csrfmiddlewaretoken: csrfTokenOf(form.text),
        email: 'ann@example.com',
      });
      expect(posted.status).toBe(302);
      expect(posted.get('Location')).toBe('/accounts/password_reset/done/');
      expect(outbox).toHaveLength(sent + 1);
      expect(outbox.at(-1)!.to).toEqual(['ann@example.com']);
      const link = await client.get(resetPath());
      expect(link.status).toBe(302);
      const setPassword = link.get('Location')!;
      expect(setPassword).toMatch(/\/accounts\/reset\/[^/]+\/set-password\/$/);
      const page = await client.get(setPassword);
      const done = await client.post(setPassword, {
        csrfmiddlewaretoken: csrfTokenOf(page.text),
        newPassword1: 'second-pass-phrase',
        newPassword2: 'second-pass-phrase',
      });
      expect(done.status).toBe(302);
      expect(done.get('Location')).toBe('/accounts/reset/done/');
      expect(await client.login({ username: 'ann', password: 'first-pass-phrase' })).toBe(false);
      expect(await client.login({ username: 'ann', password: 'second-pass-phrase' })).toBe(true);
      expect((await client.get('/me/')).json()).toEqual({ username: 'ann', authenticated: true });
      await client.logout();
    });

    it('refuses a reused reset link', async () => {
      const response = await client.get(resetPath());
      expect(response.status).toBe(200);
      expect(response.text).toContain('The password reset link was invalid');
    });
  },
);

// Steps on one project, each building on the last: they run in order, never shuffled.
describe('the same project over a real socket', { shuffle: false }, () => {
  it('logs in, sees the user, is refused when logged out, and resets the password', async () => {
    const go = browser(server.url);
    expect((await go('/private/')).location).toBe('/accounts/login/?next=/private/');

    const login = await go('/accounts/login/?next=/private/');
    expect(login.status).toBe(200);
    expect((await go('/accounts/login/', { username: 'ann', password: 'x' })).status).toBe(403);
    const loggedIn = await go('/accounts/login/', {
      csrfmiddlewaretoken: csrfTokenOf(login.text),
      username: 'ann',
      password: 'second-pass-phrase',
      next: '/private/',
    });
    expect([loggedIn.status, loggedIn.location]).toEqual([302, '/private/']);
    expect((await go('/private/')).text).toBe('<p>Private page of ann (Ann Lee)</p>');
    expect(JSON.parse((await go('/me/')).text)).toEqual({ username: 'ann', authenticated: true });
    expect((await go('/')).text).toBe('Hello, ann.');

    const logoutPage = await go('/accounts/login/');
    const out = await go('/accounts/logout/', {
      csrfmiddlewaretoken: csrfTokenOf(logoutPage.text),
    });
    expect(out.status).toBe(200);
    expect((await go('/')).text).toBe('Hello, stranger.');
    expect((await go('/private/')).status).toBe(302);

    const resetForm = await go('/accounts/password_reset/');
    const posted = await go('/accounts/password_reset/', {
      csrfmiddlewaretoken: csrfTokenOf(resetForm.text),
      email: 'ann@example.com',
    });
    expect([posted.status, posted.location]).toEqual([302, '/accounts/password_reset/done/']);
    expect(outbox.at(-1)!.body).toContain(
      `${server.url.replace('http://', 'http://')}/accounts/reset/`,
    );
    const link = await go(resetPath());
    expect(link.status).toBe(302);
    const page = await go(link.location);
    const done = await go(link.location, {
      csrfmiddlewaretoken: csrfTokenOf(page.text),
      newPassword1: 'third-pass-phrase',
      newPassword2: 'third-pass-phrase',
    });
    expect([done.status, done.location]).toEqual([302, '/accounts/reset/done/']);

    const again = await go('/accounts/login/');
    const relogin = await go('/accounts/login/', {
      csrfmiddlewaretoken: csrfTokenOf(again.text),
      username: 'ann',
      password: 'third-pass-phrase',
    });
    expect([relogin.status, relogin.location]).toEqual([302, '/accounts/profile/']);
    expect(JSON.parse((await go('/me/')).text)).toEqual({ username: 'ann', authenticated: true });
  });
});
