import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PBKDF2PasswordHasher, User } from '@stack/contrib-auth';
import { connections } from '@stack/orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStack } from './run-stack.testing.js';
import { configure } from '../settings.js';

const dir = mkdtempSync(path.join(tmpdir(), 'stack-contrib-commands-'));

const stack = (...argv: string[]) => runStack(dir, argv);

function settings(sessionEngine: string) {
  configure({
    debug: true,
    secretKey: 'contrib-commands-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz',
    installedApps: ['@stack/contrib-auth', '@stack/contrib-sessions'],
    databases: { default: { engine: 'sqlite', name: path.join(dir, 'db.sqlite3') } },
    rootUrlconf: [],
    sessionEngine,
    passwordHashers: [new PBKDF2PasswordHasher({ iterations: 100 })],
  });
}

beforeAll(() => {
  settings('db');
});
afterAll(async () => {
  await connections.closeAll();
  rmSync(dir, { recursive: true, force: true });
});

// Steps on one database (migrate, then back to zero and forward): in order, never shuffled.
describe('stack migrate with the contrib apps', { shuffle: false }, () => {
  it('creates their tables through the migrations they ship, once', async () => {
    const plan = await stack('migrate', '--plan');
    expect(plan.out).not.toContain('Synchronize unmigrated apps');
    expect(plan.out).toContain('auth.0001_initial');
    expect(plan.out).toContain('sessions.0001_initial');
    const first = await stack('migrate');
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(first.out).toContain('Applying auth.0001_initial');
    expect(first.out).toContain('Applying sessions.0001_initial');
    expect(first.out).toMatch(/Created \d+ permissions/);
    const second = await stack('migrate');
    expect(second.out).toContain('No migrations to apply.');
    expect(second.out).not.toContain('permissions');
  });

  it('migrates a package app back to zero and forward again', async () => {
    const back = await stack('migrate', 'auth', 'zero');
    expect(back.err).toBe('');
    expect(back.code).toBe(0);
    expect(back.out).toContain('Unapplying auth.0001_initial');
    const forward = await stack('migrate');
    expect(forward.out).toContain('Applying auth.0001_initial');
    expect(forward.out).toMatch(/Created \d+ permissions/);
  });

  it('finds no change to make for the contrib apps', async () => {
    const { code, out } = await stack('makemigrations', '--check');
    expect(code).toBe(0);
    expect(out).toContain('No changes detected');
  });
});

// Steps on one database (create, then find the name taken, ...): in order, never shuffled.
describe('stack createsuperuser, changepassword and clearsessions', { shuffle: false }, () => {
  it('creates a superuser without questions from options and the environment', async () => {
    process.env.STACK_SUPERUSER_PASSWORD = 'a-long-enough-passphrase-42';
    try {
      const { code, err } = await stack(
        'createsuperuser',
        '--noinput',
        '--username',
        'admin',
        '--email',
        'admin@example.com',
      );
      expect(err).toBe('');
      expect(code).toBe(0);
    } finally {
      delete process.env.STACK_SUPERUSER_PASSWORD;
    }
    const admin = await (User as any).objects.get({ username: 'admin' });
    expect(admin.isSuperuser).toBe(true);
    expect(await admin.checkPassword('a-long-enough-passphrase-42')).toBe(true);
  });

  it('reports a taken username as a command error', async () => {
    process.env.STACK_SUPERUSER_PASSWORD = 'a-long-enough-passphrase-42';
    try {
      const { code, err } = await stack('createsuperuser', '--noinput', '--username', 'admin');
      expect(code).toBe(1);
      expect(err).toContain('CommandError');
    } finally {
      delete process.env.STACK_SUPERUSER_PASSWORD;
    }
  });

  it('clears the expired sessions of the database store', async () => {
    const { code, out } = await stack('clearsessions');
    expect(code).toBe(0);
    expect(out).toContain('Removed 0 expired sessions.');
  });

  it('says a signed-cookie session store has nothing to clear', async () => {
    settings('signed_cookies');
    const { code, out } = await stack('clearsessions');
    expect(code).toBe(0);
    expect(out).toContain('Removed 0 expired sessions.');
    settings('db');
  });

  it('lists the contrib commands in stack help', async () => {
    const { out } = await stack('help');
    for (const name of ['createsuperuser', 'changepassword', 'clearsessions'])
      expect(out).toContain(name);
  });
});
