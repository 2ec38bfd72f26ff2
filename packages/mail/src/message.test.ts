import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BaseEmailBackend } from './backends/base.js';
import { BadHeaderError, InvalidAddressError, MailError } from './errors.js';
import { EmailMessage, EmailMultiAlternatives, type EmailAttachment } from './message.js';
import { configureMail, resetMailSettings } from './settings.js';

const base = {
  subject: 'Subject',
  body: 'Content',
  fromEmail: 'from@example.com',
  to: ['to@example.com'],
};

async function parse(message: EmailMessage): Promise<ParsedMail> {
  return simpleParser((await message.message()).asBytes('\r\n'));
}

function header(parsed: ParsedMail, name: string): string | undefined {
  return parsed.headerLines.find((line) => line.key === name.toLowerCase())?.line;
}

afterEach(resetMailSettings);

describe('EmailMessage refuses header injection', () => {
  it.each([
    ['the subject', { subject: 'Hi\nBcc: evil@example.com' }],
    ['the sender', { fromEmail: 'from@example.com\nBcc: evil@example.com' }],
    ['a To address', { to: ['to@example.com\nBcc: evil@example.com'] }],
    ['a Cc address', { cc: ['cc@example.com\r\nBcc: evil@example.com'] }],
    ['a Bcc address', { bcc: ['bcc@example.com\rX-Evil: 1'] }],
    ['a Reply-To address', { replyTo: ['reply@example.com\nBcc: evil@example.com'] }],
    ['an extra header', { headers: { 'X-Evil': 'a\nBcc: evil@example.com' } }],
    ['an extra header name', { headers: { 'X-Evil\r\nBcc': 'evil@example.com' } }],
    ['an extra header name with a colon', { headers: { 'Bcc: evil@example.com\r\nX': 'y' } }],
  ])('with BadHeaderError for a newline in %s', async (_where, options) => {
    await expect(new EmailMessage({ ...base, ...options }).message()).rejects.toThrow(
      BadHeaderError,
    );
  });

  it('with BadHeaderError for a newline set after construction, as Django fields are mutable', async () => {
    const message = new EmailMessage(base);
    message.subject = 'ok\r\nBcc: evil@example.com';
    await expect(message.message()).rejects.toThrow(BadHeaderError);
  });

  it('in attachment file names, content ids and part headers', async () => {
    const cases: EmailAttachment[] = [
      { filename: 'a.txt\r\nX-Evil: 1', content: 'x', mimetype: 'text/plain' },
      { filename: 'a.png', content: new Uint8Array([1]), mimetype: 'image/png', contentId: 'x\ny' },
      { filename: 'a.txt', content: 'x', mimetype: 'text/plain', headers: { 'X-A': 'b\nc' } },
    ];
    for (const attachment of cases) {
      const message = new EmailMessage(base);
      message.attach(attachment);
      await expect(message.message()).rejects.toThrow(BadHeaderError);
    }
  });

  it('and refuses a mimetype or a content subtype that is not a type', async () => {
    const message = new EmailMessage(base);
    message.attach('a.txt', 'x', 'text/plain\r\nX-Evil: 1');
    await expect(message.message()).rejects.toThrow(MailError);
    const html = new EmailMessage(base);
    html.contentSubtype = 'html; charset=evil';
    await expect(html.message()).rejects.toThrow(MailError);
    const alternatives = new EmailMultiAlternatives(base);
    alternatives.attachAlternative('<p>x</p>', 'nonsense');
    await expect(alternatives.message()).rejects.toThrow(MailError);
  });

  it('refuses an invalid address with InvalidAddressError', async () => {
    await expect(
      new EmailMessage({ ...base, to: ['a@example.com, b@example.org'] }).message(),
    ).rejects.toThrow(InvalidAddressError);
  });

  it('refuses a string where Django wants a list, with a TypeError', () => {
    for (const key of ['to', 'cc', 'bcc', 'replyTo']) {
      expect(() => new EmailMessage({ [key]: 'to@example.com' })).toThrow(TypeError);
    }
  });

  it('keeps a header named __proto__ as a header and pollutes nothing', async () => {
    const headers = JSON.parse('{"__proto__": "x", "X-Ok": "y"}') as Record<string, string>;
    const mime = await new EmailMessage({ ...base, headers }).message();
    expect(mime.get('__proto__')).toBe('x');
    expect(mime.get('X-Ok')).toBe('y');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('X-Ok');
  });
});

describe('EmailMessage.message()', () => {
  it('writes Subject, From, To, Cc and Reply-To, never Bcc, and a Date and Message-ID', async () => {
    const message = new EmailMessage({
      ...base,
      to: ['to@example.com', 'Other <other@example.com>'],
      cc: ['cc@example.com'],
      bcc: ['bcc@example.com'],
      replyTo: ['reply@example.com'],
    });
    const mime = await message.message();
    expect(mime.get('Subject')).toBe('Subject');
    expect(mime.get('From')).toBe('from@example.com');
    expect(mime.get('To')).toBe('to@example.com, Other <other@example.com>');
    expect(mime.get('Cc')).toBe('cc@example.com');
    expect(mime.get('Reply-To')).toBe('reply@example.com');
    expect(mime.get('Bcc')).toBeUndefined();
    expect(mime.asString()).not.toContain('bcc@example.com');
    expect(mime.get('Date')).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
    expect(mime.get('Message-ID')).toMatch(/^<[^<>@\s]+@example\.com>$/);
    expect(mime.get('MIME-Version')).toBe('1.0');
    expect(mime.get('Content-Type')).toBe('text/plain; charset=utf-8');
    expect(mime.isMultipart()).toBe(false);
    expect(message.recipients()).toEqual([
      'to@example.com',
      'Other <other@example.com>',
      'cc@example.com',
      'bcc@example.com',
    ]);
  });

  it('lets extra headers replace From, To, Cc, Reply-To, Date and Message-ID, case-insensitively', async () => {
    const mime = await new EmailMessage({
      ...base,
      cc: ['cc@example.com'],
      replyTo: ['reply@example.com'],
      headers: {
        from: 'Site <site@example.com>',
        To: 'Mailing list <list@example.com>',
        CC: 'override@example.com',
        'Reply-To': 'other@example.com',
        Date: 'Fri, 09 Nov 2001 01:08:47 -0000',
        'Message-ID': '<fixed@example.com>',
      },
    }).message();
    expect(mime.get('From')).toBe('Site <site@example.com>');
    expect(mime.get('To')).toBe('Mailing list <list@example.com>');
    expect(mime.get('Cc')).toBe('override@example.com');
    expect(mime.get('Reply-To')).toBe('other@example.com');
    expect(mime.get('Date')).toBe('Fri, 09 Nov 2001 01:08:47 -0000');
    expect(mime.get('Message-ID')).toBe('<fixed@example.com>');
    expect(mime.getAll('To')).toHaveLength(1);
  });

  it('uses defaultFromEmail when no sender is given', async () => {
    configureMail({ defaultFromEmail: 'Site <noreply@example.com>' });
    const mime = await new EmailMessage({ to: ['to@example.com'] }).message();
    expect(mime.get('From')).toBe('Site <noreply@example.com>');
  });

  it('encodes non-ASCII headers, names and bodies, and writes IDN domains in punycode', async () => {
    const parsed = await parse(
      new EmailMessage({
        subject: 'Gżegżółka',
        body: 'Zażółć gęślą jaźń',
        fromEmail: 'Jörg <from@exämple.com>',
        to: ['Jörg <to@exämple.com>', 'jörg@example.com'],
        headers: { 'X-Custom': 'café' },
      }),
    );
    expect(parsed.subject).toBe('Gżegżółka');
    expect(parsed.text).toBe('Zażółć gęślą jaźń\n'); // the line end before the end of DATA
    // On the wire the domain is punycode; mailparser shows it in Unicode again.
    expect(header(parsed, 'From')).toBe('From: =?UTF-8?Q?J=C3=B6rg?= <from@xn--exmple-cua.com>');
    expect(header(parsed, 'To')).toContain('<to@xn--exmple-cua.com>');
    expect(parsed.from?.value).toEqual([{ name: 'Jörg', address: 'from@exämple.com' }]);
    const to = Array.isArray(parsed.to) ? parsed.to[0]! : parsed.to!;
    expect(to.value).toEqual([
      { name: 'Jörg', address: 'to@exämple.com' },
      { name: '', address: 'jörg@example.com' },
    ]);
    expect(header(parsed, 'X-Custom')).toBe('X-Custom: =?UTF-8?Q?caf=C3=A9?=');
    expect(header(parsed, 'Subject')).toMatch(/^Subject: =\?UTF-8\?Q\?/);
  });

  it('folds a long subject within 78 columns, and one endless word within 998', async () => {
    const words = `Long ${'word '.repeat(80)}end`;
    const endless = 'x'.repeat(2000);
    for (const subject of [words, endless, `é${endless}`]) {
      const raw = (await new EmailMessage({ ...base, subject }).message()).asString();
      const headerBlock = raw.slice(0, raw.indexOf('\n\n'));
      const longest = Math.max(...headerBlock.split('\n').map((line) => line.length));
      expect(longest).toBeLessThanOrEqual(subject === words ? 78 : 998);
      expect((await simpleParser(raw)).subject).toBe(subject);
    }
  });

  it('sends text as is when every line fits (7bit, or 8bit for UTF-8), as Django does', async () => {
    const link = `http://testserver/reset/MQ/${'a'.repeat(120)}/`;
    const ascii = await new EmailMessage({ ...base, body: `Follow:\n${link}\n` }).message();
    expect(ascii.get('Content-Transfer-Encoding')).toBe('7bit');
    expect(ascii.asString()).toContain(`\n${link}\n`);
    const utf8 = await new EmailMessage({ ...base, body: 'Zażółć gęślą jaźń' }).message();
    expect(utf8.get('Content-Transfer-Encoding')).toBe('8bit');
    expect(utf8.asString()).toContain('Zażółć gęślą jaźń');
    const long = new EmailMessage({ ...base, body: `${'é'.repeat(600)}\nend` });
    const mime = await long.message();
    expect(mime.get('Content-Transfer-Encoding')).toMatch(/^(quoted-printable|base64)$/);
    expect((await simpleParser(mime.asBytes())).text).toBe(long.body);
  });

  it('writes ISO-8859-1 and US-ASCII when asked, and refuses what the charset cannot hold', async () => {
    const latin = new EmailMessage({ ...base, body: 'Café crème' });
    latin.encoding = 'iso-8859-1';
    const mime = await latin.message();
    expect(mime.get('Content-Type')).toBe('text/plain; charset=iso-8859-1');
    expect((await simpleParser(mime.asBytes())).text).toBe('Café crème\n');
    configureMail({ defaultCharset: 'us-ascii' });
    const ascii = await new EmailMessage(base).message();
    expect(ascii.get('Content-Type')).toBe('text/plain; charset=us-ascii');
    await expect(new EmailMessage({ ...base, body: 'Café' }).message()).rejects.toThrow(
      /cannot be written in us-ascii/,
    );
    const odd = new EmailMessage(base);
    odd.encoding = 'ebcdic';
    await expect(odd.message()).rejects.toThrow(/Unsupported charset/);
  });

  it('sends the body as HTML with contentSubtype "html"', async () => {
    const message = new EmailMessage({ ...base, body: '<p>Hello</p>' });
    message.contentSubtype = 'html';
    const parsed = await parse(message);
    expect(parsed.html).toBe('<p>Hello</p>\n');
    expect((await message.message()).get('Content-Type')).toBe('text/html; charset=utf-8');
  });

  it('gives bytes with \\n or \\r\\n line ends, and the header names in order', async () => {
    const mime = await new EmailMessage(base).message();
    expect(mime.asBytes().includes('\r\n')).toBe(false);
    expect(mime.asBytes('\r\n').toString()).toMatch(/\r\n\r\nContent\r\n$/);
    expect(mime.keys()).toEqual(expect.arrayContaining(['Subject', 'From', 'To', 'Message-ID']));
    expect(String(mime)).toBe(mime.asString());
  });
});

describe('attachments', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'stack-mail-attach-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('attaches text, bytes and files, guessing mimetypes from names', async () => {
    const file = path.join(dir, 'report.csv');
    await writeFile(file, 'a,b\n1,2\n');
    const message = new EmailMessage(base);
    message.attach('notes.txt', 'Zażółć');
    message.attach('photo.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47]));
    message.attach('data.unknownext', new Uint8Array([1, 2, 3]));
    message.attach('binary.txt', new Uint8Array([0xff, 0xfe, 0x00]));
    message.attachFile(file);
    expect(message.attachments.map((a) => a.mimetype)).toEqual([
      'text/plain',
      'image/png',
      'application/octet-stream',
      'application/octet-stream',
      'text/csv',
    ]);
    const parsed = await parse(message);
    expect(parsed.text).toBe('Content');
    expect(
      parsed.attachments.map((a) => [a.filename, a.contentType, a.content.toString('latin1')]),
    ).toEqual([
      ['notes.txt', 'text/plain', Buffer.from('Zażółć').toString('latin1')],
      ['photo.png', 'image/png', '\x89PNG'],
      ['data.unknownext', 'application/octet-stream', '\x01\x02\x03'],
      // mailparser guesses text/plain from the name; the header says octet-stream (below).
      ['binary.txt', 'text/plain', '\xff\xfe\x00'],
      // Text parts travel in MIME's canonical form, CRLF, as Django's as_bytes() writes them.
      ['report.csv', 'text/csv', 'a,b\r\n1,2\r\n'],
    ]);
    expect((await message.message()).asString()).toContain(
      'Content-Type: application/octet-stream; name=binary.txt',
    );
    expect((await message.message()).get('Content-Type')).toMatch(/^multipart\/mixed; boundary=/);
  });

  it('takes Django triples in the constructor and names non-ASCII files', async () => {
    const message = new EmailMessage({
      ...base,
      attachments: [['résumé.pdf', new Uint8Array([37, 80, 68, 70]), 'application/pdf']],
    });
    const parsed = await parse(message);
    expect(parsed.attachments[0]).toMatchObject({
      filename: 'résumé.pdf',
      contentType: 'application/pdf',
    });
  });

  it('attaches another message as message/rfc822', async () => {
    const inner = new EmailMessage({ ...base, subject: 'Forwarded', body: 'Inner body' });
    const message = new EmailMessage(base);
    message.attach(null, inner);
    const raw = (await message.message()).asString();
    expect(raw).toContain('Content-Type: message/rfc822');
    expect(raw).toContain('Subject: Forwarded');
    expect(raw).toContain('Inner body');
  });

  it('shows an inline image by its Content-ID beside the HTML (multipart/related)', async () => {
    const message = new EmailMultiAlternatives({ ...base, body: 'Our logo' });
    message.attachAlternative('<p><img src="cid:logo@example"></p>', 'text/html');
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    message.attach({
      filename: 'logo.png',
      content: png,
      mimetype: 'image/png',
      contentId: 'logo@example',
    });
    const raw = (await message.message()).asString();
    expect(raw).toMatch(/Content-Type: multipart\/related; type="text\/html"/);
    expect(raw).toContain('Content-ID: <logo@example>');
    expect(raw).toMatch(/Content-Disposition: inline; filename=logo\.png/);
    const parsed = await simpleParser(raw);
    expect(parsed.attachments[0]).toMatchObject({ cid: 'logo@example', related: true });
    expect(parsed.text).toBe('Our logo');
  });

  it('decodes text bytes as UTF-8, and refuses an attachment without content', () => {
    const message = new EmailMessage(base);
    message.attach('a.txt', new TextEncoder().encode('żółw'), 'text/plain');
    expect(message.attachments[0]!.content).toBe('żółw');
    expect(() => message.attach('a.txt', undefined as never)).toThrow(TypeError);
  });
});

describe('EmailMultiAlternatives', () => {
  it('sends the text and its HTML rendering as multipart/alternative', async () => {
    const message = new EmailMultiAlternatives({ ...base, body: 'Hello' });
    message.attachAlternative('<p>Hello</p>', 'text/html');
    const mime = await message.message();
    expect(mime.get('Content-Type')).toMatch(/^multipart\/alternative; boundary=/);
    const parsed = await simpleParser(mime.asBytes());
    expect([parsed.text, parsed.html]).toEqual(['Hello', '<p>Hello</p>']);
  });

  it('leaves an empty body out, as Django does', async () => {
    const message = new EmailMultiAlternatives({ ...base, body: '' });
    message.attachAlternative('<p>Only HTML</p>', 'text/html');
    const mime = await message.message();
    expect(mime.get('Content-Type')).toBe('text/html; charset=utf-8');
  });

  it('takes alternatives in the constructor, with attachments around them', async () => {
    const message = new EmailMultiAlternatives({
      ...base,
      alternatives: [['<p>Content</p>', 'text/html']],
      attachments: [['a.txt', 'attached', 'text/plain']],
    });
    const parsed = await parse(message);
    expect(parsed.html).toBe('<p>Content</p>');
    expect(parsed.attachments.map((a) => a.filename)).toEqual(['a.txt']);
    expect(() => message.attachAlternative('<p>x</p>', '')).toThrow(TypeError);
  });
});

describe('EmailMessage.send()', () => {
  class CountingBackend extends BaseEmailBackend {
    static made = 0;
    sent: EmailMessage[] = [];
    constructor() {
      super();
      CountingBackend.made += 1;
    }
    override async sendMessages(messages: readonly EmailMessage[]) {
      this.sent.push(...messages);
      return messages.length;
    }
  }

  it('opens no connection when there is nobody to send to', async () => {
    configureMail({ emailBackend: CountingBackend });
    expect(await new EmailMessage({ subject: 'x' }).send()).toBe(0);
    expect(CountingBackend.made).toBe(0);
  });

  it('sends through its own connection, else one from the settings kept for later', async () => {
    configureMail({ emailBackend: CountingBackend });
    const message = new EmailMessage({ ...base, bcc: ['hidden@example.com'] });
    expect(await message.send()).toBe(1);
    expect(message.connection).toBeInstanceOf(CountingBackend);
    expect((message.connection as CountingBackend).sent).toEqual([message]);
    const own = new CountingBackend();
    expect(await new EmailMessage({ ...base, connection: own }).send()).toBe(1);
    expect(own.sent).toHaveLength(1);
  });
});
