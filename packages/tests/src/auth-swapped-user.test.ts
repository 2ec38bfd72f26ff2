import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getUserModel, PBKDF2PasswordHasher } from '@stack/contrib-auth';
import { Client, configure, execute } from '@stack/core';
import { connections } from '@stack/orm';
import { JsonResponse } from '@stack/request';
import { path as route } from '@stack/urls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `authUserModel` names the project's own user model. As in Django, contrib-auth's migration
// still runs (groups and permissions live there), and the project's migration depends on it.
const here = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(path.join(here, '.tmp-swapped-user-'));
mkdirSync(path.join(dir, 'accounts'));
writeFileSync(
  path.join(dir, 'accounts', 'models.ts'),
  [
    "import { TextField, defineModel } from '@stack/orm';",
    "import { UserMixin, abstractUserFields } from '@stack/contrib-auth';",
    '',
    'export class Member extends UserMixin(',
    "  defineModel()('accounts.Member', {",
    "    ...abstractUserFields({ relatedName: 'members', relatedQueryName: 'member' }),",
    "    bio: new TextField({ blank: true, default: '' }),",
    '  }),',
    ') {}',
    '',
  ].join('\n'),
);

function sink() {
  let text = '';
  return {
    write: (chunk: string) => void (text += chunk),
    get text() {
      return text;
    },
  };
}

async function stack(...argv: string[]) {
  const [stdout, stderr] = [sink(), sink()];
  const code = await execute(argv, { stdout, stderr, cwd: dir });
  return { code, out: stdout.text, err: stderr.text };
}

async function me(request: any) {
  const user = await request.user;
  return new JsonResponse({ username: user.username ?? '', model: user.constructor.name });
}

beforeAll(() => {
  configure({
    baseDir: dir,
    secretKey: 'swapped-user-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz',
    allowedHosts: ['testserver'],
    installedApps: ['@stack/contrib-auth', '@stack/contrib-sessions', './accounts'],
    authUserModel: 'accounts.Member',
    databases: { default: { engine: 'sqlite', name: path.join(dir, 'db.sqlite3') } },
    middleware: [
      '@stack/contrib-sessions:SessionMiddleware',
      '@stack/contrib-auth:AuthenticationMiddleware',
    ],
    rootUrlconf: [route('me/', me)],
    sessionEngine: 'db',
    passwordHashers: [new PBKDF2PasswordHasher({ iterations: 100 })],
  });
});
afterAll(async () => {
  await connections.closeAll();
  rmSync(dir, { recursive: true, force: true });
});

// Steps on one project, each building on the last: they run in order, never shuffled.
describe('a project with its own user model', { shuffle: false }, () => {
  it('makes a migration for the user model that depends on auth’s', async () => {
    const { code, out, err } = await stack('makemigrations', '--noinput');
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain('Create model Member');
    const source = readFileSync(path.join(dir, 'accounts/migrations/0001_initial.ts'), 'utf8');
    expect(source).toContain("['auth', '0001_initial']");
  });

  it('migrates auth, sessions and the project app through migrations', async () => {
    const { code, out } = await stack('migrate');
    expect(code).toBe(0);
    expect(out).not.toContain('Synchronize unmigrated apps');
    for (const name of ['auth', 'sessions', 'accounts'])
      expect(out).toContain(`Applying ${name}.0001_initial`);
    const tables = (
      await connections
        .get('default')
        .session.all("SELECT name FROM sqlite_master WHERE type = 'table'", [])
    ).map((row) => String(row[0]));
    expect(tables).toEqual(
      expect.arrayContaining([
        'auth_group',
        'auth_permission',
        'auth_group_permissions',
        'accounts_member',
        'accounts_member_groups',
        'accounts_member_user_permissions',
        'django_session',
      ]),
    );
    expect((await stack('makemigrations', '--check')).code).toBe(0);
  });

  it('creates the superuser in the swapped model and logs it in', async () => {
    process.env.STACK_SUPERUSER_PASSWORD = 'a-long-enough-passphrase-42';
    try {
      const { code, err } = await stack('createsuperuser', '--noinput', '--username', 'meg');
      expect(err).toBe('');
      expect(code).toBe(0);
    } finally {
      delete process.env.STACK_SUPERUSER_PASSWORD;
    }
    const Member = getUserModel();
    expect((Member as unknown as { name: string }).name).toBe('Member');
    const meg = (await Member.objects.get({ username: 'meg' } as never)) as any;
    expect(meg.isSuperuser).toBe(true);
    const client = new Client();
    expect(await client.login({ username: 'meg', password: 'a-long-enough-passphrase-42' })).toBe(
      true,
    );
    expect((await client.get('/me/')).json()).toEqual({ username: 'meg', model: 'Member' });
  });
});
