import { createRequire } from 'node:module';
import type MailComposer from 'nodemailer/lib/mail-composer';
import type * as MimeFuncs from 'nodemailer/lib/mime-funcs';
import type SMTPConnection from 'nodemailer/lib/smtp-connection';

const require = createRequire(import.meta.url);

/*
 * nodemailer's parts, read when a message is first composed or sent rather than when the package
 * is imported (Django imports an e-mail backend when mail is first sent): a server that sends no
 * mail does not read nodemailer's 23 files at start-up. `require` keeps the callers synchronous.
 * It gives nodemailer's CommonJS build; no nodemailer object crosses this package's API, so
 * nothing can meet its ESM twin. Each CommonJS module sets `default` to itself.
 */

/** `nodemailer/lib/mime-funcs`. */
export function mimeFuncs(): typeof MimeFuncs {
  return require('nodemailer/lib/mime-funcs') as typeof MimeFuncs;
}

/** nodemailer's `MailComposer` class. */
export function mailComposer(): typeof MailComposer {
  return (require('nodemailer/lib/mail-composer') as { default: typeof MailComposer }).default;
}

/** nodemailer's `SMTPConnection` class. */
export function smtpConnection(): typeof SMTPConnection {
  return (require('nodemailer/lib/smtp-connection') as { default: typeof SMTPConnection }).default;
}
