import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import {
  authenticate,
  getBackends,
  getDefaultPasswordValidators,
  getHashers,
  getUserModel,
} from '@stack/contrib-auth';
import { Client, loadSettings, setup } from '@stack/core';
import { connections } from '@stack/orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, stackBin as stack, stackEnv as env, testsDir as here } from './support/project.js';

// A project exactly as `stack startproject` writes it, with Django's default auth settings
// (PBKDF2 at 1,200,000 iterations, ModelBackend): the real binary migrates it and creates the
// superuser, then the project logs that user in through the whole handler.
const root = mkdtempSync(path.join(here, '.tmp-authproject-'));
const project = path.join(root, 'site');
const password = 'correct-horse-battery-staple';

async function stackIn(...argv: string[]) {
  return run(process.execPath, [stack, ...argv], {
    cwd: project,
    env: {
      ...env,
      STACK_SUPERUSER_USERNAME: 'admin',
      STACK_SUPERUSER_EMAIL: 'admin@example.com',
      STACK_SUPERUSER_PASSWORD: password,
    },
  });
}

beforeAll(async () => {
  await run(process.execPath, [stack, 'startproject', 'site'], { cwd: root, env });
}, 60_000);
afterAll(async () => {
  await connections.closeAll();
  rmSync(root, { recursive: true, force: true });
});

// Steps on one project, each building on the last: they run in order, never shuffled.
describe(
  'a new project with contrib-auth and contrib-sessions installed',
  { shuffle: false },
  () => {
    it('creates every table through the apps’ migrations', async () => {
      const { stdout } = await stackIn('migrate');
      expect(stdout).not.toContain('Synchronize unmigrated apps');
      expect(stdout).toContain('Applying auth.0001_initial... OK');
      expect(stdout).toContain('Applying sessions.0001_initial... OK');
      expect(stdout).toMatch(/Created \d+ permissions/);
      const shown = await stackIn('showmigrations');
      expect(shown.stdout).toMatch(/auth\n \[X\] 0001_initial/);
      expect(shown.stdout).toMatch(/sessions\n \[X\] 0001_initial/);
    }, 60_000);

    it('has no model change without a migration', async () => {
      const { stdout } = await stackIn('makemigrations', '--check');
      expect(stdout).toContain('No changes detected');
    }, 60_000);

    it('creates a superuser with --noinput', async () => {
      const { stdout } = await stackIn('createsuperuser', '--noinput');
      expect(stdout).toContain('Superuser created successfully.');
    }, 60_000);

    it('authenticates and logs that user in with the default backends and hashers', async () => {
      await setup(await loadSettings(path.join(project, 'site/settings.ts')));
      expect(getHashers()[0]!.algorithm).toBe('pbkdf2_sha256');
      expect(getBackends().map((b) => b.constructor.name)).toEqual(['ModelBackend']);
      // startproject lists Django's four validators, where the global default is none.
      expect(getDefaultPasswordValidators().map((v) => v.constructor.name)).toEqual([
        'UserAttributeSimilarityValidator',
        'MinimumLengthValidator',
        'CommonPasswordValidator',
        'NumericPasswordValidator',
      ]);
      const admin = (await getUserModel().objects.get({ username: 'admin' } as never)) as any;
      expect(admin.password).toMatch(/^pbkdf2_sha256\$1200000\$/);
      expect(admin.isSuperuser).toBe(true);
      const user = (await authenticate(null, { username: 'admin', password })) as any;
      expect(user?.pk).toBe(admin.pk);
      expect(await authenticate(null, { username: 'admin', password: 'wrong' })).toBeNull();

      const client = new Client();
      expect(await client.login({ username: 'admin', password })).toBe(true);
      const session = client.cookies.get('sessionid');
      expect(session?.value).toMatch(/^[a-z0-9]{32}$/);
    }, 60_000);
  },
);
