import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  ConsoleEmailBackend,
  getConnection,
  getMailSettings,
  LocmemEmailBackend,
  outbox,
  resetMailSettings,
  sendMail,
  SmtpEmailBackend,
} from '@stack/mail';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ImproperlyConfigured } from '../errors.js';
import { setup } from '../setup.js';
import type { UserSettings } from '../settings-types.js';

const dir = mkdtempSync(path.join(tmpdir(), 'stack-mail-settings-'));
writeFileSync(
  path.join(dir, 'mail.mjs'),
  [
    "import { BaseEmailBackend } from '@stack/mail';",
    'export const sent = [];',
    'export class Recorder extends BaseEmailBackend {',
    '  async sendMessages(m) { sent.push(...m); return m.length; }',
    '}',
    'export class NoMethods {}',
    'export const notAClass = 42;',
  ].join('\n'),
);
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  resetMailSettings();
  outbox.length = 0;
});

const project = (extra: UserSettings): UserSettings => ({
  baseDir: dir,
  secretKey: 'mail-settings-test-secret',
  installedApps: [],
  ...extra,
});

describe('setup() and @stack/mail', () => {
  it("hands @stack/mail the project's defaults: the console backend, Django's SMTP server", async () => {
    await setup(project({}));
    expect(getConnection()).toBeInstanceOf(ConsoleEmailBackend);
    expect(getMailSettings()).toMatchObject({
      emailHost: 'localhost',
      emailPort: 25,
      emailUseTls: false,
      emailUseSsl: false,
      emailTimeout: null,
      defaultFromEmail: 'webmaster@localhost',
      serverEmail: 'root@localhost',
      emailSubjectPrefix: '[Stack] ',
      admins: [],
    });
  });

  it('hands over every mail setting, paths resolved from baseDir', async () => {
    await setup(
      project({
        emailBackend: 'smtp',
        emailHost: 'smtp.example.com',
        emailPort: 587,
        emailHostUser: 'site',
        emailHostPassword: 'pw',
        emailUseTls: true,
        emailTimeout: 10,
        emailSslCertfile: 'certs/client.pem',
        emailSslKeyfile: 'certs/client.key',
        emailFilePath: 'sent',
        emailSubjectPrefix: '[Shop] ',
        defaultFromEmail: 'shop@example.com',
        serverEmail: 'errors@example.com',
        admins: [['Ann', 'ann@example.com']],
        managers: [['Bob', 'bob@example.com']],
      }),
    );
    const smtp = getConnection();
    expect(smtp).toBeInstanceOf(SmtpEmailBackend);
    expect(smtp).toMatchObject({
      host: 'smtp.example.com',
      port: 587,
      username: 'site',
      password: 'pw',
      useTls: true,
      timeout: 10,
      sslCertfile: path.join(dir, 'certs/client.pem'),
      sslKeyfile: path.join(dir, 'certs/client.key'),
    });
    expect(getMailSettings()).toMatchObject({
      emailFilePath: path.join(dir, 'sent'),
      emailSubjectPrefix: '[Shop] ',
      serverEmail: 'errors@example.com',
      admins: [['Ann', 'ann@example.com']],
      managers: [['Bob', 'bob@example.com']],
    });
  });

  it("keeps mail in outbox with emailBackend 'locmem', from defaultFromEmail", async () => {
    await setup(project({ emailBackend: 'locmem', defaultFromEmail: 'site@example.com' }));
    expect(getConnection()).toBeInstanceOf(LocmemEmailBackend);
    await sendMail('Hi', 'Hello', null, ['ann@example.com']);
    expect(outbox.map((m) => m.fromEmail)).toEqual(['site@example.com']);
  });

  it("loads a backend class named 'module:Export'", async () => {
    await setup(project({ emailBackend: './mail.mjs:Recorder' }));
    await sendMail('Hi', 'Hello', null, ['ann@example.com']);
    const { sent } = (await import(path.join(dir, 'mail.mjs'))) as { sent: unknown[] };
    expect(sent).toHaveLength(1);
  });

  it.each([
    ['smtps'],
    ['./mail.mjs:NoMethods'],
    ['./mail.mjs:notAClass'],
    ['./mail.mjs:__proto__'],
    ['./mail.mjs:Missing'],
    ['Recorder'],
  ])('refuses emailBackend %j with ImproperlyConfigured', async (emailBackend) => {
    const error = await setup(project({ emailBackend })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImproperlyConfigured);
    expect((error as Error).message).toMatch(/^emailBackend: /);
  });
});
