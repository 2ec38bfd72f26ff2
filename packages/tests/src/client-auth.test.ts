import { Client, configure } from '@stack/core';
import { Group, PBKDF2PasswordHasher, Permission, User } from '@stack/contrib-auth';
import { HttpResponse } from '@stack/request';
import { path as route } from '@stack/urls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authProjectSettings, migrate, projectFolder, removeProject } from './support/project.js';

const dir = projectFolder('stack-client-auth-');

async function whoami(request: any) {
  const user = await request.user;
  return new HttpResponse(user.isAuthenticated ? `hello ${user.username}` : 'anonymous');
}

beforeAll(async () => {
  configure(
    authProjectSettings('client-auth', dir, {
      debug: true,
      rootUrlconf: [route('me/', whoami)],
      // Fast hashing for tests; the backends are the default (ModelBackend), set by setup().
      passwordHashers: [new PBKDF2PasswordHasher({ iterations: 100 })],
    }),
  );
  // The schema comes from `stack migrate`, as in a project.
  const output = await migrate(dir);
  expect(output).not.toContain('Synchronize unmigrated apps');
  expect(output).toContain('Applying auth.0001_initial');
  expect(output).toContain('Applying sessions.0001_initial');
  await (User as any).objects.createUser('ann', 'ann@example.com', 's3cret-pass');
});
afterAll(async () => {
  await removeProject(dir);
});

describe('stack migrate with @stack/contrib-auth installed', () => {
  it('creates the permissions of every installed model', async () => {
    const codenames = (await (Permission as any).objects.all()).map((p: any) => p.codename);
    expect(codenames).toEqual(expect.arrayContaining(['add_user', 'view_group', 'delete_session']));
    expect(await (Group as any).objects.count()).toBe(0);
  });
});

describe('Client.login with @stack/contrib-auth', () => {
  it('logs in with credentials and keeps the session cookie between requests', async () => {
    const client = new Client();
    expect((await client.get('/me/')).text).toBe('anonymous');
    expect(await client.login({ username: 'ann', password: 'wrong' })).toBe(false);
    expect(await client.login({ username: 'ann', password: 's3cret-pass' })).toBe(true);
    expect(client.cookies.has('sessionid')).toBe(true);
    expect((await client.get('/me/')).text).toBe('hello ann');
    await client.logout();
    expect((await client.get('/me/')).text).toBe('anonymous');
  });

  it('forces a login without a password', async () => {
    const client = new Client();
    const ann = await (User as any).objects.get({ username: 'ann' });
    await client.forceLogin(ann);
    expect((await client.get('/me/')).text).toBe('hello ann');
  });
});
