import { describe, expect, it } from 'vitest';
import * as api from './index.js';

describe('the public API of @stack/mail', () => {
  it('exports exactly these names (changing them is a deliberate act with a changeset)', () => {
    expect(Object.keys(api).sort()).toMatchInlineSnapshot(`
      [
        "BadHeaderError",
        "BaseEmailBackend",
        "ConsoleEmailBackend",
        "DEFAULT_ATTACHMENT_MIME_TYPE",
        "DummyEmailBackend",
        "EmailMessage",
        "EmailMimeMessage",
        "EmailMultiAlternatives",
        "FileEmailBackend",
        "ImproperlyConfigured",
        "InvalidAddressError",
        "LocmemEmailBackend",
        "MailError",
        "SmtpEmailBackend",
        "SmtpError",
        "configureMail",
        "emailBackendClass",
        "getConnection",
        "getMailSettings",
        "mailAdmins",
        "mailManagers",
        "outbox",
        "resetMailSettings",
        "sendMail",
        "sendMassMail",
      ]
    `);
  });
});
