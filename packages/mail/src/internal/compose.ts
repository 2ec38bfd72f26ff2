import type {
  MailComposerAlternative,
  MailComposerAttachment,
  MailComposerOptions,
} from 'nodemailer/lib/mail-composer';
import type MimeNode from 'nodemailer/lib/mime-node';
import { MailError } from '../errors.js';
import type { EmailAttachment, EmailMessage } from '../message.js';
import { getMailSettings } from '../settings.js';
import { allows8bit, charsetNamed, encodeText, type Charset } from './charset.js';
import { checkHeader, parseMailbox } from './headers.js';
import { mailComposer, mimeFuncs } from './nodemailer.js';

/** RFC 5322's hard limit on a line, CRLF aside. */
const MAX_LINE = 998;
const MIMETYPE = /^[A-Za-z0-9!#$&^_.+-]+\/[A-Za-z0-9!#$&^_.+-]+$/;
// eslint-disable-next-line no-control-regex -- control characters are what it finds
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

type Part = readonly [content: string | Uint8Array, mimetype: string];
type HeaderValue = string | { prepared: true; foldLines: true; value: string };

function checkMimetype(mimetype: string): void {
  if (!MIMETYPE.test(mimetype)) throw new MailError(`Invalid mimetype ${JSON.stringify(mimetype)}`);
}

/**
 * A header value as nodemailer takes it. A word too long for one line cannot be folded, so the
 * value goes as encoded words, which can (Django sends the over-long line).
 */
function headerValue(name: string, value: string): HeaderValue {
  checkHeader(name, value);
  const longest = Math.max(0, ...value.split(/[ \t]+/).map((word) => word.length));
  if (name.length + 2 + longest <= MAX_LINE) return value;
  return { prepared: true, foldLines: true, value: mimeFuncs().encodeWord(value, 'Q', 52) };
}

function textType(mimetype: string, charset: Charset): string {
  return /;\s*charset=/i.test(mimetype) ? mimetype : `${mimetype}; charset=${charset.name}`;
}

/** One text or binary part; text bytes that are not UTF-8 go as `application/octet-stream`. */
function part([content, mimetype]: Part, charset: Charset): MailComposerAlternative {
  checkMimetype(mimetype);
  if (/^text\//i.test(mimetype)) {
    let text: string | undefined;
    try {
      text = typeof content === 'string' ? content : utf8.decode(content);
    } catch {
      return { contentType: 'application/octet-stream', content: Buffer.from(content) };
    }
    return { contentType: textType(mimetype, charset), content: encodeText(text, charset) };
  }
  return {
    contentType: mimetype,
    content: typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content),
  };
}

async function attachment(given: EmailAttachment, charset: Charset) {
  if (given.filename !== null) checkHeader('Content-Disposition', given.filename);
  const headers = Object.entries(given.headers ?? {}).map(([key, value]) => ({
    key,
    value: headerValue(key, String(value)),
  }));
  const base: MailComposerAttachment = {
    filename: given.filename ?? false,
    ...(headers.length > 0 && { headers }),
  };
  if (given.contentId !== undefined) {
    checkHeader('Content-ID', given.contentId);
    base.cid = given.contentId;
  }
  const content = given.content;
  if (typeof content === 'object' && !(content instanceof Uint8Array)) {
    return { ...base, contentType: 'message/rfc822', content: await composeMessage(content) };
  }
  return { ...base, ...part([content, given.mimetype], charset) };
}

/** The body and its alternatives, in Django's order: the body left out when it is empty. */
function bodyParts(message: EmailMessage): Part[] {
  const alternatives = (message as { alternatives?: Part[] }).alternatives ?? [];
  const subtype = message.contentSubtype;
  if (!/^[A-Za-z0-9!#$&^_.+-]+$/.test(subtype)) {
    throw new MailError(`Invalid contentSubtype ${JSON.stringify(subtype)}`);
  }
  const withBody = message.body !== '' || (!alternatives.length && !message.attachments.length);
  return [...(withBody ? [[message.body, `text/${subtype}`] as const] : []), ...alternatives];
}

/**
 * Django's transfer encodings for text: as is (`7bit`, or `8bit` for UTF-8) when every line
 * fits in 998 bytes, so a link in the console backend's output can be copied; nodemailer's
 * quoted-printable otherwise. nodemailer would quote any line over 76 characters.
 */
function useDjangoTransferEncodings(node: MimeNode, charset: Charset): void {
  for (const child of node.childNodes) useDjangoTransferEncodings(child, charset);
  const type = String(node.getHeader('Content-Type') ?? '');
  const content = node.content;
  if (node.childNodes.length > 0 || !/^text\//i.test(type)) return;
  if (typeof content !== 'string' && !Buffer.isBuffer(content)) return;
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const text = bytes.toString('latin1');
  if (CONTROL.test(text) || text.split(/\r\n|\r|\n/).some((line) => line.length > MAX_LINE)) return;
  if (!/[^\t\r\n\x20-\x7e]/.test(text)) node.getTransferEncoding = () => '7bit';
  else if (allows8bit(charset) && /charset=utf-8/i.test(type))
    node.getTransferEncoding = () => '8bit';
}

/**
 * The message's bytes (CRLF line ends), built by nodemailer's MailComposer after every header
 * and address was checked: a newline raises `BadHeaderError`, a bad address
 * `InvalidAddressError`. File and URL access are off, so content is only what was given.
 */
export async function composeMessage(message: EmailMessage): Promise<Buffer> {
  const charset = charsetNamed(message.encoding ?? getMailSettings().defaultCharset);
  const extras = Object.entries(message.extraHeaders).map(([key, value]) => ({
    key,
    value: headerValue(key, String(value)),
  }));
  const given = new Set(extras.map(({ key }) => key.toLowerCase()));
  const mailboxes = (field: string, values: readonly string[]) =>
    values.map((value) => parseMailbox(value, field));
  const from = parseMailbox(message.fromEmail, 'From');
  const lists = {
    to: mailboxes('To', message.to),
    cc: mailboxes('Cc', message.cc),
    replyTo: mailboxes('Reply-To', message.replyTo),
  };
  mailboxes('Bcc', message.bcc);
  const header = (name: string) => !given.has(name.toLowerCase());
  const mail: MailComposerOptions = {
    headers: [{ key: 'Subject', value: headerValue('Subject', message.subject) }, ...extras],
    ...(header('From') && { from }),
    ...(header('To') && lists.to.length > 0 && { to: lists.to }),
    ...(header('Cc') && lists.cc.length > 0 && { cc: lists.cc }),
    ...(header('Reply-To') && lists.replyTo.length > 0 && { replyTo: lists.replyTo }),
    alternatives: bodyParts(message).map((body) => part(body, charset)),
    attachments: await Promise.all(message.attachments.map((a) => attachment(a, charset))),
    newline: 'win',
    disableFileAccess: true,
    disableUrlAccess: true,
  };
  const MailComposer = mailComposer();
  const root = new MailComposer(mail).compile();
  useDjangoTransferEncodings(root, charset);
  return root.build();
}

/** The SMTP envelope: the sender and every recipient (`bcc` included), domains in ASCII. */
export function envelopeOf(message: EmailMessage): { from: string; to: string[] } {
  return {
    from: parseMailbox(message.fromEmail, 'From').address,
    to: message.recipients().map((address) => parseMailbox(address, 'To').address),
  };
}
