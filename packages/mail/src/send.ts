import type { EmailBackend } from './backends/base.js';
import { getConnection } from './connection.js';
import { ImproperlyConfigured } from './errors.js';
import { EmailMessage, EmailMultiAlternatives } from './message.js';
import { getMailSettings } from './settings.js';

/**
 * Options of `sendMail`.
 *
 * @example
 * ```ts
 * await sendMail('Hi', 'Text', null, to, { htmlMessage: '<p>Text</p>', failSilently: true });
 * ```
 */
export interface SendMailOptions {
  failSilently?: boolean;
  /** SMTP login for this send; default `emailHostUser`. */
  authUser?: string;
  /** Default `emailHostPassword`. */
  authPassword?: string;
  /** The backend to use; default a new `getConnection()`. */
  connection?: EmailBackend;
  /** An HTML rendering of the message, sent as an alternative. */
  htmlMessage?: string | null;
}

/**
 * Options of `mailAdmins` and `mailManagers`.
 *
 * @example
 * ```ts
 * await mailAdmins('Nightly job failed', log, { failSilently: true });
 * ```
 */
export interface MailAdminsOptions {
  failSilently?: boolean;
  connection?: EmailBackend;
  htmlMessage?: string | null;
}

function connectionFor(options: SendMailOptions): EmailBackend {
  return (
    options.connection ??
    getConnection({
      username: options.authUser,
      password: options.authPassword,
      failSilently: options.failSilently ?? false,
    })
  );
}

/**
 * Django's `send_mail`: one message to a list of recipients, who all see each other in `To`;
 * resolves to the number sent (1, or 0). `fromEmail` null means `defaultFromEmail`.
 *
 * @example
 * ```ts
 * await sendMail(
 *   'Subject here',
 *   'Here is the message.',
 *   'from@example.com',
 *   ['to@example.com'],
 *   { failSilently: false },
 * );
 * ```
 */
export async function sendMail(
  subject: string,
  message: string,
  fromEmail: string | null | undefined,
  recipientList: readonly string[],
  options: SendMailOptions = {},
): Promise<number> {
  const connection = connectionFor(options);
  const mail = new EmailMultiAlternatives({
    subject,
    body: message,
    fromEmail: fromEmail ?? null,
    to: recipientList,
    connection,
  });
  if (options.htmlMessage) mail.attachAlternative(options.htmlMessage, 'text/html');
  return mail.send();
}

/**
 * Django's `send_mass_mail`: many messages, `[subject, message, fromEmail, recipientList]`
 * each, over one connection; resolves to the number sent.
 *
 * @example
 * ```ts
 * await sendMassMail([
 *   ['Subject', 'Message.', 'from@example.com', ['first@example.com', 'other@example.com']],
 *   ['Another Subject', 'Another Message.', 'from@example.com', ['second@test.com']],
 * ]);
 * ```
 */
export async function sendMassMail(
  datatuple: readonly (readonly [
    subject: string,
    message: string,
    fromEmail: string | null | undefined,
    recipientList: readonly string[],
  ])[],
  options: Omit<SendMailOptions, 'htmlMessage'> = {},
): Promise<number> {
  const connection = connectionFor(options);
  const messages = datatuple.map(
    ([subject, body, fromEmail, to]) =>
      new EmailMessage({ subject, body, fromEmail: fromEmail ?? null, to, connection }),
  );
  return connection.sendMessages(messages);
}

async function mailPeople(
  setting: 'admins' | 'managers',
  subject: string,
  message: string,
  options: MailAdminsOptions,
): Promise<void> {
  const settings = getMailSettings();
  const people = settings[setting];
  if (!people || people.length === 0) return;
  if (!people.every((entry) => Array.isArray(entry) && entry.length === 2)) {
    throw new ImproperlyConfigured(`The ${setting} setting must be a list of [name, email] pairs.`);
  }
  const mail = new EmailMultiAlternatives({
    subject: `${settings.emailSubjectPrefix}${subject}`,
    body: message,
    fromEmail: settings.serverEmail,
    to: people.map(([, email]) => email),
    connection: options.connection ?? null,
  });
  if (options.htmlMessage) mail.attachAlternative(options.htmlMessage, 'text/html');
  await mail.send({ failSilently: options.failSilently ?? false });
}

/**
 * Django's `mail_admins`: mails the `admins`, from `serverEmail`, the subject prefixed with
 * `emailSubjectPrefix`. Does nothing when `admins` is empty.
 *
 * @example
 * ```ts
 * await mailAdmins('Disk almost full', `${free} bytes left on /srv`);
 * ```
 */
export function mailAdmins(
  subject: string,
  message: string,
  options: MailAdminsOptions = {},
): Promise<void> {
  return mailPeople('admins', subject, message, options);
}

/**
 * Django's `mail_managers`: as `mailAdmins`, to the `managers`.
 *
 * @example
 * ```ts
 * await mailManagers('New comment to moderate', comment.text);
 * ```
 */
export function mailManagers(
  subject: string,
  message: string,
  options: MailAdminsOptions = {},
): Promise<void> {
  return mailPeople('managers', subject, message, options);
}
