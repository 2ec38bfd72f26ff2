import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useDatabase } from '../test/database.js';
import { changepassword, createsuperuser } from './commands.js';
import { CommandError } from './errors.js';
import { configurePasswordHashers } from './hashers.js';
import { PBKDF2PasswordHasher } from './internal/hashers/pbkdf2.js';
import { User } from './models/user.js';

let close: () => Promise<void>;
beforeAll(async () => {
  close = await useDatabase();
  configurePasswordHashers([new PBKDF2PasswordHasher({ iterations: 100 })]);
});
afterAll(async () => {
  await close();
  configurePasswordHashers([new PBKDF2PasswordHasher()]);
});

// Each test starts with no user; those that need a taken username or a user to change make
// 'admin' themselves.
beforeEach(async () => {
  await User.objects.all().delete();
});
const makeAdmin = () => User.objects.createUser('admin', 'admin@example.com', 'orange-kite-9');

function io(answers: string[] = []) {
  const out: string[] = [];
  const err: string[] = [];
  const asked: string[] = [];
  return {
    out,
    err,
    asked,
    stdout: { write: (t: string) => out.push(t) },
    stderr: { write: (t: string) => err.push(t) },
    prompt: async (question: string) => {
      asked.push(question);
      if (answers.length === 0) throw new Error(`unexpected question: ${question}`);
      return answers.shift()!;
    },
  };
}

describe('createsuperuser --noinput', () => {
  it('takes the username, e-mail and password from STACK_SUPERUSER_* variables', async () => {
    const streams = io();
    const env = {
      STACK_SUPERUSER_USERNAME: 'admin',
      STACK_SUPERUSER_EMAIL: 'admin@example.com',
      STACK_SUPERUSER_PASSWORD: 'orange-kite-9',
    };
    await createsuperuser({ noinput: true, env, ...streams });
    const admin = await User.objects.get({ username: 'admin' });
    expect(admin.isSuperuser).toBe(true);
    expect(admin.email).toBe('admin@example.com');
    expect(await admin.checkPassword('orange-kite-9')).toBe(true);
    expect(streams.out.join('')).toBe('Superuser created successfully.\n');
  });

  it('accepts Django’s variable names and gives an unusable password without one', async () => {
    await createsuperuser({ noinput: true, env: { DJANGO_SUPERUSER_USERNAME: 'dj' }, ...io() });
    expect((await User.objects.get({ username: 'dj' })).hasUsablePassword()).toBe(false);
  });

  it('requires a username and refuses a taken one', async () => {
    await makeAdmin();
    await expect(createsuperuser({ noinput: true, env: {}, ...io() })).rejects.toThrow(
      new CommandError('You must use --username with --noinput.'),
    );
    await expect(
      createsuperuser({ noinput: true, username: 'admin', env: {}, ...io() }),
    ).rejects.toThrow('That username is already taken.');
  });
});

describe('createsuperuser, interactive', () => {
  it('asks again after a taken username, mismatched and blank passwords, and a refused bypass', async () => {
    await makeAdmin();
    const streams = io([
      'admin',
      'boss',
      'boss@example.com',
      'a',
      'b',
      ' ',
      ' ',
      '123',
      '123',
      'n',
      'violet-moth-51',
      'violet-moth-51',
    ]);
    await createsuperuser({ env: {}, ...streams });
    const errors = streams.err.join('');
    expect(errors).toContain('Error: That username is already taken.');
    expect(errors).toContain("Error: Your passwords didn't match.");
    expect(errors).toContain("Error: Blank passwords aren't allowed.");
    expect(errors).toContain('This password is too short.');
    expect(
      await (await User.objects.get({ username: 'boss' })).checkPassword('violet-moth-51'),
    ).toBe(true);
  });

  it('lets the operator bypass validation', async () => {
    await createsuperuser({ username: 'weak', email: '', env: {}, ...io(['123', '123', 'y']) });
    expect(await (await User.objects.get({ username: 'weak' })).checkPassword('123')).toBe(true);
  });
});

describe('changepassword', () => {
  it('changes the password after confirmation', async () => {
    await makeAdmin();
    const streams = io(['x', 'y', 'plum-tree-808', 'plum-tree-808']);
    await changepassword({ username: 'admin', ...streams });
    expect(streams.err.join('')).toContain('Passwords do not match. Please try again.');
    expect(streams.out.join('')).toContain("Password changed successfully for user 'admin'");
    expect(
      await (await User.objects.get({ username: 'admin' })).checkPassword('plum-tree-808'),
    ).toBe(true);
  });

  it('gives up after three attempts and refuses unknown users', async () => {
    await makeAdmin();
    await expect(
      changepassword({ username: 'admin', ...io(['1', '2', '1', '2', '1', '2']) }),
    ).rejects.toThrow("Aborting password change for user 'admin' after 3 attempts");
    await expect(changepassword({ username: 'ghost', ...io() })).rejects.toThrow(
      "user 'ghost' does not exist",
    );
  });
});
