import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { EmailBackend } from './backends/base.js';
import { getConnection } from './connection.js';
import { composeMessage } from './internal/compose.js';
import { mimeFuncs } from './internal/nodemailer.js';
import { EmailMimeMessage } from './mime-message.js';
import { getMailSettings } from './settings.js';

/**
 * What an attachment holds: text, bytes, or another message (sent as `message/rfc822`).
 *
 * @example
 * ```ts
 * const forwarded: AttachmentContent = originalMessage;
 * ```
 */
export type AttachmentContent = string | Uint8Array | EmailMessage;

/**
 * One attachment: Django's `(filename, content, mimetype)` triple, with what Django needs a
 * `MIMEBase` for: a `contentId` for an inline image the HTML shows as `cid:…`, and extra headers.
 *
 * @example
 * ```ts
 * const logo: EmailAttachment = { filename: 'logo.png', content: png, mimetype: 'image/png', contentId: 'logo' };
 * ```
 */
export interface EmailAttachment {
  filename: string | null;
  content: AttachmentContent;
  mimetype: string;
  /** The Content-ID (without angle brackets) of an inline part: `<img src="cid:logo">`. */
  contentId?: string;
  /** More headers of the part. */
  headers?: Record<string, string>;
}

/**
 * Django's attachment triple, as the `attachments` option accepts it.
 *
 * @example
 * ```ts
 * new EmailMessage({ to, attachments: [['notes.txt', 'Hello', 'text/plain']] });
 * ```
 */
export type AttachmentTuple = readonly [
  filename: string | null,
  content: AttachmentContent,
  mimetype?: string | null,
];

/**
 * The options of `new EmailMessage()`: Django's constructor arguments, by name.
 *
 * @example
 * ```ts
 * const options: EmailMessageOptions = { subject: 'Hi', body: 'Hello', to: ['ann@example.com'] };
 * ```
 */
export interface EmailMessageOptions {
  subject?: string;
  body?: string;
  /** The sender; `defaultFromEmail` when null or omitted. */
  fromEmail?: string | null;
  to?: readonly string[];
  cc?: readonly string[];
  /** Recipients who get the message but appear in no header. */
  bcc?: readonly string[];
  replyTo?: readonly string[];
  /** The backend `send()` uses; `getConnection()` when none. */
  connection?: EmailBackend | null;
  attachments?: readonly (EmailAttachment | AttachmentTuple)[];
  /** Extra headers; `From`, `To`, `Cc`, `Reply-To`, `Date` and `Message-ID` here win. */
  headers?: Record<string, string>;
}

/**
 * Django's `DEFAULT_ATTACHMENT_MIME_TYPE`: the type of an attachment whose name says nothing.
 *
 * @example
 * ```ts
 * message.attach('data.unknown', bytes); // sent as DEFAULT_ATTACHMENT_MIME_TYPE
 * ```
 */
export const DEFAULT_ATTACHMENT_MIME_TYPE = 'application/octet-stream';

const utf8 = new TextDecoder('utf-8', { fatal: true });

function addressList(name: string, value: readonly string[] | undefined): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') {
    throw new TypeError(`"${name}" must be an array of addresses, not a string`);
  }
  return [...value];
}

function guessMimetype(filename: string | null): string {
  if (!filename || !/\.[^./\\]+$/.test(filename)) return DEFAULT_ATTACHMENT_MIME_TYPE;
  return mimeFuncs().detectMimeType(filename) || DEFAULT_ATTACHMENT_MIME_TYPE;
}

/**
 * Django's `EmailMessage`: one message to any number of recipients, with attachments. Fields
 * stay public and mutable as in Django; headers and addresses are checked when the message is
 * built (`message()`, `send()`), so a newline anywhere raises `BadHeaderError` before a byte
 * leaves.
 *
 * @example
 * ```ts
 * const email = new EmailMessage({
 *   subject: 'Your invoice',
 *   body: 'Attached.',
 *   to: ['ann@example.com'],
 *   replyTo: ['billing@example.com'],
 *   headers: { 'X-Invoice': '42' },
 * });
 * email.attach('invoice.pdf', pdfBytes, 'application/pdf');
 * await email.send();
 * ```
 */
export class EmailMessage {
  /** The body's subtype: `'html'` sends the body as `text/html`. */
  contentSubtype = 'plain';
  /** The charset of text parts; null uses `defaultCharset`. */
  encoding: string | null = null;
  subject: string;
  body: string;
  fromEmail: string;
  to: string[];
  cc: string[];
  bcc: string[];
  replyTo: string[];
  attachments: EmailAttachment[] = [];
  extraHeaders: Record<string, string>;
  connection: EmailBackend | null;

  constructor(options: EmailMessageOptions = {}) {
    this.to = addressList('to', options.to);
    this.cc = addressList('cc', options.cc);
    this.bcc = addressList('bcc', options.bcc);
    this.replyTo = addressList('replyTo', options.replyTo);
    this.fromEmail = options.fromEmail || getMailSettings().defaultFromEmail;
    this.subject = options.subject ?? '';
    this.body = options.body ?? '';
    for (const attachment of options.attachments ?? []) {
      if (Array.isArray(attachment)) {
        const [filename, content, mimetype] = attachment as AttachmentTuple;
        this.attach(filename, content, mimetype);
      } else this.attach(attachment as EmailAttachment);
    }
    this.extraHeaders = { ...options.headers };
    this.connection = options.connection ?? null;
  }

  /**
   * The backend this message is sent with: its own `connection`, else a new one from the
   * settings (kept for the next send).
   *
   * @example
   * ```ts
   * email.getConnection().constructor.name; // 'SmtpEmailBackend'
   * ```
   */
  getConnection(failSilently = false): EmailBackend {
    this.connection ??= getConnection({ failSilently });
    return this.connection;
  }

  /**
   * Builds the MIME message (through nodemailer's MailComposer). Asynchronous, unlike Django's:
   * nodemailer composes in streams.
   *
   * @example
   * ```ts
   * (await email.message()).get('Subject'); // 'Your invoice'
   * ```
   */
  async message(): Promise<EmailMimeMessage> {
    return new EmailMimeMessage(await composeMessage(this));
  }

  /**
   * Everyone the message goes to: `to`, `cc` and `bcc`, empty entries left out.
   *
   * @example
   * ```ts
   * new EmailMessage({ to: ['a@example.com'], bcc: ['b@example.com'] }).recipients();
   * // ['a@example.com', 'b@example.com']
   * ```
   */
  recipients(): string[] {
    return [...this.to, ...this.cc, ...this.bcc].filter(Boolean);
  }

  /**
   * Sends the message; resolves to the number sent (1, or 0 with no recipients or when a
   * failure passed silently).
   *
   * @example
   * ```ts
   * await email.send({ failSilently: true });
   * ```
   */
  async send(options: { failSilently?: boolean } = {}): Promise<number> {
    // Nobody to send to: no connection is opened, as in Django.
    if (this.recipients().length === 0) return 0;
    return this.getConnection(options.failSilently ?? false).sendMessages([this]);
  }

  /**
   * Adds an attachment. The mimetype is guessed from the filename when not given; bytes of a
   * `text/*` type are decoded as UTF-8, and become `application/octet-stream` when they are
   * not UTF-8 (Django's rule). Pass an `EmailAttachment` for an inline image (`contentId`) or
   * part headers.
   *
   * @example
   * ```ts
   * email.attach('report.csv', 'a,b\n1,2\n');
   * email.attach({ filename: 'logo.png', content: png, mimetype: 'image/png', contentId: 'logo' });
   * ```
   */
  attach(attachment: EmailAttachment): void;
  attach(filename: string | null, content: AttachmentContent, mimetype?: string | null): void;
  attach(
    first: EmailAttachment | string | null,
    content?: AttachmentContent,
    mimetype?: string | null,
  ): void {
    const given: EmailAttachment =
      first !== null && typeof first === 'object'
        ? { ...first }
        : { filename: first, content: content!, mimetype: mimetype ?? '' };
    if (given.content === undefined || given.content === null) {
      throw new TypeError('An attachment needs content');
    }
    given.mimetype ||=
      given.content instanceof EmailMessage ? 'message/rfc822' : guessMimetype(given.filename);
    if (/^text\//i.test(given.mimetype) && given.content instanceof Uint8Array) {
      try {
        given.content = utf8.decode(given.content);
      } catch {
        given.mimetype = DEFAULT_ATTACHMENT_MIME_TYPE;
      }
    }
    this.attachments.push(given);
  }

  /**
   * Attaches a file, read now (as Django reads it), named by its base name.
   *
   * @example
   * ```ts
   * email.attachFile('/srv/reports/2024-06.pdf');
   * ```
   */
  attachFile(path: string, mimetype?: string | null): void {
    this.attach(basename(path), readFileSync(path), mimetype);
  }
}

/**
 * Django's `EmailMultiAlternatives`: an `EmailMessage` with other renderings of the body,
 * typically HTML beside the text; mail clients show the last one they can.
 *
 * @example
 * ```ts
 * const email = new EmailMultiAlternatives({ subject: 'Hi', body: 'Hello', to: ['ann@example.com'] });
 * email.attachAlternative('<p>Hello</p>', 'text/html');
 * await email.send();
 * ```
 */
export class EmailMultiAlternatives extends EmailMessage {
  alternatives: [content: string | Uint8Array, mimetype: string][];

  constructor(
    options: EmailMessageOptions & {
      alternatives?: readonly (readonly [string | Uint8Array, string])[];
    } = {},
  ) {
    super(options);
    this.alternatives = (options.alternatives ?? []).map(([content, type]) => [content, type]);
  }

  /**
   * Adds another rendering of the body.
   *
   * @example
   * ```ts
   * email.attachAlternative('<p>Hello</p>', 'text/html');
   * ```
   */
  attachAlternative(content: string | Uint8Array, mimetype: string): void {
    if (content === undefined || content === null || !mimetype) {
      throw new TypeError('attachAlternative() needs content and a mimetype');
    }
    this.alternatives.push([content, mimetype]);
  }
}
