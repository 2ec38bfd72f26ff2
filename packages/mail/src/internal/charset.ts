import { MailError } from '../errors.js';

/** A charset text parts can be written in, and the largest code point it holds. */
export interface Charset {
  name: string;
  encoding: BufferEncoding;
  max: number;
}

const UTF8: Charset = { name: 'utf-8', encoding: 'utf8', max: 0x10ffff };
const LATIN1: Charset = { name: 'iso-8859-1', encoding: 'latin1', max: 0xff };
const ASCII: Charset = { name: 'us-ascii', encoding: 'ascii', max: 0x7f };

const CHARSETS = new Map<string, Charset>([
  ['utf-8', UTF8],
  ['utf8', UTF8],
  ['iso-8859-1', LATIN1],
  ['iso8859-1', LATIN1],
  ['latin-1', LATIN1],
  ['latin1', LATIN1],
  ['us-ascii', ASCII],
  ['ascii', ASCII],
]);

/** The charset named by a message's `encoding` (or `defaultCharset`). */
export function charsetNamed(name: string): Charset {
  const charset = CHARSETS.get(name.trim().toLowerCase());
  if (!charset) {
    throw new MailError(
      `Unsupported charset ${JSON.stringify(name)}: use 'utf-8', 'iso-8859-1' or 'us-ascii'.`,
    );
  }
  return charset;
}

/** Text in that charset: a string for UTF-8 (nodemailer's own), bytes for the others. */
export function encodeText(text: string, charset: Charset): string | Buffer {
  if (charset === UTF8) return text;
  for (const char of text) {
    if (char.codePointAt(0)! > charset.max) {
      throw new MailError(
        `${JSON.stringify(char)} cannot be written in ${charset.name}: use 'utf-8' instead.`,
      );
    }
  }
  return Buffer.from(text, charset.encoding);
}

/** Whether text parts in this charset may go as 8bit (Django: UTF-8 only, others are QP). */
export function allows8bit(charset: Charset): boolean {
  return charset === UTF8;
}
