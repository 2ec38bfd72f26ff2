import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  MinimumLengthValidator,
  ModelBackend,
  PBKDF2PasswordHasher,
  backendName,
  getAuthSettings,
  getBackends,
  getDefaultPasswordValidators,
  getHashers,
} from '@stack/contrib-auth';
import { afterAll, describe, expect, it } from 'vitest';
import { ImproperlyConfigured } from '../errors.js';
import { setup } from '../setup.js';
import type { UserSettings } from '../settings-types.js';
import { contribContextProcessors } from './contrib-settings.js';

const dir = mkdtempSync(path.join(tmpdir(), 'stack-contrib-settings-'));
writeFileSync(
  path.join(dir, 'plugins.mjs'),
  [
    'export class TokenBackend { async authenticate() { return null; } async getUser() { return null; } }',
    'export const notAClass = 42;',
    'export class NoMethods {}',
  ].join('\n'),
);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const project = (extra: UserSettings): UserSettings => ({
  baseDir: dir,
  secretKey: 'contrib-settings-test-secret',
  installedApps: ['@stack/contrib-auth', '@stack/contrib-sessions'],
  ...extra,
});

describe('setup() with @stack/contrib-auth installed', () => {
  it("hands contrib-auth Django's defaults", async () => {
    await setup(project({}));
    expect(getBackends().map(backendName)).toEqual(['ModelBackend']);
    expect(getHashers().map((h) => h.algorithm)).toEqual([
      'pbkdf2_sha256',
      'pbkdf2_sha1',
      'argon2',
      'bcrypt_sha256',
      'scrypt',
      'bcrypt',
      'sha1',
      'md5',
      'unsalted_sha1',
      'unsalted_md5',
      'crypt',
    ]);
    expect(getDefaultPasswordValidators()).toEqual([]);
    expect(getAuthSettings()).toMatchObject({
      secretKey: 'contrib-settings-test-secret',
      loginUrl: '/accounts/login/',
      loginRedirectUrl: '/accounts/profile/',
      logoutRedirectUrl: null,
      passwordResetTimeout: 259_200,
      authUserModel: 'auth.User',
    });
    expect(contribContextProcessors()).toHaveLength(1);
  });

  it("builds the objects named 'module:Export', with validator options, and takes objects as they are", async () => {
    const hasher = new PBKDF2PasswordHasher({ iterations: 10 });
    await setup(
      project({
        authenticationBackends: ['./plugins.mjs:TokenBackend', '@stack/contrib-auth:ModelBackend'],
        passwordHashers: [hasher, '@stack/contrib-auth:ScryptPasswordHasher'],
        authPasswordValidators: [
          { name: '@stack/contrib-auth:MinimumLengthValidator', options: { minLength: 12 } },
        ],
        loginUrl: '/signin/',
        passwordResetTimeout: 60,
      }),
    );
    expect(getBackends().map(backendName)).toEqual(['TokenBackend', 'ModelBackend']);
    expect(getBackends()[1]).toBeInstanceOf(ModelBackend);
    expect(getHashers()[0]).toBe(hasher);
    expect(getHashers()[1]!.algorithm).toBe('scrypt');
    const [validator] = getDefaultPasswordValidators();
    expect(validator).toBeInstanceOf(MinimumLengthValidator);
    expect(() => validator!.validate('short-pass')).toThrow(/at least 12 characters/);
    expect(getAuthSettings()).toMatchObject({ loginUrl: '/signin/', passwordResetTimeout: 60 });
  });

  it.each([
    [{ authenticationBackends: ['ModelBackend'] }, /"ModelBackend" is not 'module:Export'/],
    [{ authenticationBackends: ['@stack/contrib-auth:Nope'] }, /no class or object exported/],
    [{ authenticationBackends: ['./plugins.mjs:notAClass'] }, /no class or object exported/],
    [{ authenticationBackends: ['./plugins.mjs:NoMethods'] }, /has no authenticate\(\) method/],
    [{ authenticationBackends: ['./plugins.mjs:__proto__'] }, /no class or object exported/],
    [{ authenticationBackends: ['./plugins.mjs:constructor'] }, /no class or object exported/],
    [{ authenticationBackends: ['./missing.mjs:X'] }, /Could not import/],
    [{ authenticationBackends: [42] }, /'module:Export' or an object/],
    [{ passwordHashers: [] }, /at least one hasher/],
    [{ passwordHashers: ['./plugins.mjs:TokenBackend'] }, /has no verify\(\) method/],
    [{ authPasswordValidators: [{ name: './plugins.mjs:NoMethods' }] }, /has no validate\(\)/],
    [{ authPasswordValidators: ['MinimumLengthValidator'] }, /each entry is \{ name/],
    [{ authPasswordValidators: [null] }, /each entry is \{ name/],
  ] as [UserSettings, RegExp][])('refuses %j with a clear message', async (bad, message) => {
    const error = await setup(project(bad)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImproperlyConfigured);
    expect((error as Error).message).toMatch(message);
  });
});

describe('setup() without @stack/contrib-auth', () => {
  it('adds no auth context processor', async () => {
    await setup({ baseDir: dir, secretKey: 'x', installedApps: [] });
    expect(contribContextProcessors()).toEqual([]);
  });
});
