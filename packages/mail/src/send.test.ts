import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BaseEmailBackend, type EmailBackendOptions } from './backends/base.js';
import { ConsoleEmailBackend } from './backends/console.js';
import { DummyEmailBackend } from './backends/dummy.js';
import { FileEmailBackend } from './backends/file.js';
import { LocmemEmailBackend, outbox } from './backends/locmem.js';
import { SmtpEmailBackend } from './backends/smtp.js';
import { emailBackendClass, getConnection } from './connection.js';
import { ImproperlyConfigured } from './errors.js';
import type { EmailMultiAlternatives } from './message.js';
import { mailAdmins, mailManagers, sendMail, sendMassMail } from './send.js';
import { configureMail, getMailSettings, resetMailSettings } from './settings.js';

beforeEach(() => {
  outbox.length = 0;
  configureMail({ emailBackend: 'locmem' });
});
afterEach(resetMailSettings);

describe('getConnection', () => {
  it('builds the backend the settings name, a new one each time', () => {
    expect(getConnection()).toBeInstanceOf(LocmemEmailBackend);
    expect(getConnection()).not.toBe(getConnection());
    resetMailSettings();
    expect(getConnection()).toBeInstanceOf(SmtpEmailBackend);
  });

  it('builds a named backend with its options, and failSilently', () => {
    const smtp = getConnection('smtp', {
      host: 'mail.example.com',
      port: 2525,
      failSilently: true,
    });
    expect(smtp).toBeInstanceOf(SmtpEmailBackend);
    expect(smtp).toMatchObject({ host: 'mail.example.com', port: 2525, failSilently: true });
    expect(getConnection({ failSilently: true }).failSilently).toBe(true);
    expect(getConnection('dummy')).toBeInstanceOf(DummyEmailBackend);
    expect(getConnection('console')).toBeInstanceOf(ConsoleEmailBackend);
    expect(emailBackendClass('file')).toBe(FileEmailBackend);
  });

  it('takes a class that extends BaseEmailBackend', () => {
    class Mine extends BaseEmailBackend {
      override async sendMessages() {
        return 0;
      }
    }
    configureMail({ emailBackend: Mine });
    expect(getConnection()).toBeInstanceOf(Mine);
  });

  it.each([
    ['an unknown name', 'smtps'],
    ['a prototype key', '__proto__'],
    ['a prototype method', 'toString'],
    ['an object', { sendMessages: () => 0 }],
    ['a class without sendMessages', class {}],
  ])('refuses %s as emailBackend with ImproperlyConfigured', (_what, setting) => {
    configureMail({ emailBackend: setting as never });
    expect(() => getConnection()).toThrow(ImproperlyConfigured);
    expect(() => emailBackendClass(setting as never)).toThrow(ImproperlyConfigured);
  });
});

describe('sendMail', () => {
  it('sends one message to every recipient, from defaultFromEmail when null', async () => {
    configureMail({ defaultFromEmail: 'site@example.com' });
    expect(await sendMail('Subject', 'Body', null, ['a@example.com', 'b@example.com'])).toBe(1);
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({
      subject: 'Subject',
      body: 'Body',
      fromEmail: 'site@example.com',
      to: ['a@example.com', 'b@example.com'],
    });
  });

  it('adds htmlMessage as a text/html alternative', async () => {
    await sendMail('S', 'Text', 'from@example.com', ['a@example.com'], {
      htmlMessage: '<b>HTML</b>',
    });
    const sent = outbox[0] as EmailMultiAlternatives;
    expect(sent.alternatives).toEqual([['<b>HTML</b>', 'text/html']]);
  });

  it('passes authUser, authPassword and failSilently to the connection it builds', async () => {
    const made: EmailBackendOptions[] = [];
    class Recording extends BaseEmailBackend {
      constructor(options: EmailBackendOptions = {}) {
        super(options);
        made.push(options);
      }
      override async sendMessages(messages: readonly unknown[]) {
        return messages.length;
      }
    }
    configureMail({ emailBackend: Recording });
    await sendMail('S', 'B', null, ['a@example.com'], {
      authUser: 'ann',
      authPassword: 'pw',
      failSilently: true,
    });
    expect(made[0]).toMatchObject({ username: 'ann', password: 'pw', failSilently: true });
  });

  it('sends nothing to nobody', async () => {
    expect(await sendMail('S', 'B', null, [])).toBe(0);
    expect(outbox).toHaveLength(0);
  });
});

describe('sendMassMail', () => {
  it('sends each tuple as its own message over one connection', async () => {
    let batches = 0;
    class Counting extends LocmemEmailBackend {
      override async sendMessages(messages: Parameters<LocmemEmailBackend['sendMessages']>[0]) {
        batches += 1;
        return super.sendMessages(messages);
      }
    }
    const sent = await sendMassMail(
      [
        ['Subject', 'Message.', 'from@example.com', ['first@example.com', 'other@example.com']],
        ['Another Subject', 'Another Message.', null, ['second@test.com']],
      ],
      { connection: new Counting() },
    );
    expect(sent).toBe(2);
    expect(batches).toBe(1);
    expect(outbox.map((m) => [m.subject, m.fromEmail, m.to])).toEqual([
      ['Subject', 'from@example.com', ['first@example.com', 'other@example.com']],
      ['Another Subject', 'webmaster@localhost', ['second@test.com']],
    ]);
  });
});

describe('mailAdmins and mailManagers', () => {
  it('do nothing when no one is configured', async () => {
    await mailAdmins('S', 'B');
    await mailManagers('S', 'B');
    expect(outbox).toHaveLength(0);
  });

  it('mail the admins or the managers, from serverEmail, with the subject prefix', async () => {
    configureMail({
      admins: [
        ['Ann', 'ann@example.com'],
        ['Bob', 'bob@example.com'],
      ],
      managers: [['Meg', 'meg@example.com']],
      serverEmail: 'server@example.com',
      emailSubjectPrefix: '[Site] ',
    });
    await mailAdmins('Broken', 'Details', { htmlMessage: '<p>Details</p>' });
    await mailManagers('News', 'Text');
    expect(outbox.map((m) => [m.subject, m.fromEmail, m.to])).toEqual([
      ['[Site] Broken', 'server@example.com', ['ann@example.com', 'bob@example.com']],
      ['[Site] News', 'server@example.com', ['meg@example.com']],
    ]);
    expect((outbox[0] as EmailMultiAlternatives).alternatives).toEqual([
      ['<p>Details</p>', 'text/html'],
    ]);
  });

  it('prefix "[Stack] " by default (Django: "[Django] ")', () => {
    resetMailSettings();
    expect(getMailSettings().emailSubjectPrefix).toBe('[Stack] ');
  });

  it('refuse admins that are not [name, email] pairs, as Django does', async () => {
    configureMail({ admins: ['ann@example.com'] as never });
    await expect(mailAdmins('S', 'B')).rejects.toThrow(/must be a list of \[name, email\] pairs/);
    configureMail({ managers: [['Ann', 'ann@example.com', 'x']] as never });
    await expect(mailManagers('S', 'B')).rejects.toThrow(ImproperlyConfigured);
  });

  it('swallow delivery errors with failSilently, as the error reporter needs', async () => {
    class Broken extends BaseEmailBackend {
      override async sendMessages(): Promise<number> {
        if (this.failSilently) return 0;
        throw new Error('down');
      }
    }
    configureMail({ admins: [['Ann', 'ann@example.com']], emailBackend: Broken });
    await expect(mailAdmins('S', 'B')).rejects.toThrow('down');
    await expect(mailAdmins('S', 'B', { failSilently: true })).resolves.toBeUndefined();
  });
});
