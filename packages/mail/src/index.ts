/**
 * @stack/mail: Django's django.core.mail: sendMail, EmailMessage and backends (SMTP through
 * nodemailer, console, file, locmem, dummy).
 *
 * Everything public is exported here by name; internals live under `src/internal/`.
 */
export { BaseEmailBackend } from './backends/base.js';
export type { EmailBackend, EmailBackendClass, EmailBackendOptions } from './backends/base.js';
export { ConsoleEmailBackend } from './backends/console.js';
export { DummyEmailBackend } from './backends/dummy.js';
export { FileEmailBackend } from './backends/file.js';
export { LocmemEmailBackend, outbox } from './backends/locmem.js';
export { SmtpEmailBackend } from './backends/smtp.js';
export { emailBackendClass, getConnection } from './connection.js';
export {
  BadHeaderError,
  ImproperlyConfigured,
  InvalidAddressError,
  MailError,
  SmtpError,
} from './errors.js';
export { DEFAULT_ATTACHMENT_MIME_TYPE, EmailMessage, EmailMultiAlternatives } from './message.js';
export type {
  AttachmentContent,
  AttachmentTuple,
  EmailAttachment,
  EmailMessageOptions,
} from './message.js';
export { EmailMimeMessage } from './mime-message.js';
export { mailAdmins, mailManagers, sendMail, sendMassMail } from './send.js';
export type { MailAdminsOptions, SendMailOptions } from './send.js';
export { configureMail, getMailSettings, resetMailSettings } from './settings.js';
export type { EmailBackendName, EmailBackendSetting, MailSettings } from './settings.js';
