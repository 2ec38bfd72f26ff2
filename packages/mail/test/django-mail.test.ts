import { readFileSync } from 'node:fs';
import { domainToUnicode } from 'node:url';
import { simpleParser, type AddressObject } from 'mailparser';
import addressparser from 'nodemailer/lib/addressparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BadHeaderError,
  configureMail,
  EmailMessage,
  InvalidAddressError,
  mailAdmins,
  outbox,
  resetMailSettings,
  type EmailMultiAlternatives,
} from '../src/index.js';
import { checkHeader, parseMailbox } from '../src/internal/headers.js';

// Django 3.2's answers, harvested by conformance/harvest/mail.py; differences.json lists
// where we answer otherwise on purpose.
type Case =
  | {
      kind: 'address';
      origin: string;
      input: string;
      encoding: string;
      error?: string;
      name?: string;
      local?: string;
      domain?: string;
    }
  | { kind: 'header'; origin: string; name: string; value: string; ok?: boolean; error?: string }
  | {
      kind: 'message';
      kwargs: Record<string, unknown>;
      recipients: string[];
      error?: string;
      headers?: Record<string, string>;
      body?: string;
    }
  | { kind: 'listArgument'; argument: string; error?: string }
  | { kind: 'admins'; admins: unknown[]; error?: string; sent?: Record<string, unknown>[] };

const data = JSON.parse(readFileSync(new URL('django/mail.json', import.meta.url), 'utf8')) as {
  django: string;
  cases: Case[];
};
const casesOf = <K extends Case['kind']>(kind: K) =>
  data.cases.filter((c): c is Extract<Case, { kind: K }> => c.kind === kind);
const differences = JSON.parse(
  readFileSync(new URL('django/differences.json', import.meta.url), 'utf8'),
) as { addresses: Record<string, string> };

const unquote = (local: string) =>
  local.startsWith('"') ? local.slice(1, -1).replace(/\\(.)/g, '$1') : local;

beforeEach(() => {
  outbox.length = 0;
  configureMail({ emailBackend: 'locmem', emailSubjectPrefix: '[Django] ' });
});
afterEach(resetMailSettings);

describe(`addresses, as Django ${data.django}'s sanitize_address reads them`, () => {
  for (const expected of casesOf('address')) {
    const name = `${JSON.stringify(expected.input).slice(0, 70)} (${expected.origin}, ${expected.encoding})`;
    const difference = differences.addresses[expected.input];
    if (difference) {
      it(`differs on ${name}: ${difference}`, () => {
        expect(expected.error).toBeUndefined();
        expect(() => parseMailbox(expected.input, 'To')).toThrow(InvalidAddressError);
      });
    } else if (expected.error) {
      it(`refuses ${name} (Django: ${expected.error})`, () => {
        expect(() => parseMailbox(expected.input, 'To')).toThrow(
          /[\r\n]/.test(expected.input) ? BadHeaderError : InvalidAddressError,
        );
      });
    } else {
      it(`reads ${name} as Django does`, () => {
        const { name: display, address } = parseMailbox(expected.input, 'To');
        const at = address.lastIndexOf('@');
        expect([display, unquote(address.slice(0, at)), address.slice(at + 1)]).toEqual([
          expected.name,
          expected.local,
          expected.domain,
        ]);
      });
    }
  }
});

describe('header values, as forbid_multi_line_headers checks them', () => {
  for (const expected of casesOf('header')) {
    it(`${expected.ok ? 'accepts' : 'refuses'} ${expected.name}: ${JSON.stringify(expected.value).slice(0, 70)} (${expected.origin})`, () => {
      const check = () => checkHeader(expected.name, expected.value);
      if (expected.ok) expect(check).not.toThrow();
      else expect(check).toThrow(BadHeaderError);
    });
  }
});

function camel(kwargs: Record<string, unknown>) {
  const { from_email, reply_to, ...rest } = kwargs;
  return { ...rest, fromEmail: from_email as string | undefined, replyTo: reply_to as string[] };
}

/** An address header as [name, address] pairs, domains in Unicode (mailparser shows them so). */
function mailboxes(text: string): [string, string][] {
  return addressparser(text).map((entry) => {
    const address = entry.address ?? '';
    const at = address.lastIndexOf('@');
    return [entry.name ?? '', `${address.slice(0, at)}@${domainToUnicode(address.slice(at + 1))}`];
  });
}

describe('messages, as EmailMessage.message() builds them', () => {
  const addressHeaders: Record<string, 'from' | 'to' | 'cc' | 'replyTo'> = {
    From: 'from',
    To: 'to',
    Cc: 'cc',
    'Reply-To': 'replyTo',
  };
  for (const expected of casesOf('message')) {
    const title = JSON.stringify(expected.kwargs).slice(0, 90);
    it(`${expected.error ? 'refuses' : 'builds'} ${title}`, async () => {
      const message = new EmailMessage(camel(expected.kwargs));
      expect(message.recipients()).toEqual(expected.recipients);
      if (expected.error) {
        await expect(message.message()).rejects.toThrow(BadHeaderError);
        return;
      }
      const mime = await message.message();
      const parsed = await simpleParser(mime.asBytes());
      for (const [name, value] of Object.entries(expected.headers!)) {
        const field = addressHeaders[name];
        if (field) {
          const got = parsed[field] as AddressObject;
          const ours = got.value.map((a) => [a.name, a.address ?? '']);
          expect(ours, name).toEqual(mailboxes(value));
        } else if (name === 'Subject') {
          expect(parsed.subject ?? '', name).toBe(value);
        } else {
          expect(mime.get(name), name).toBe(name === 'X-Custom' ? '=?UTF-8?Q?caf=C3=A9?=' : value);
        }
      }
      expect(mime.get('Bcc')).toBeUndefined();
      const missing = ['To', 'Cc', 'Reply-To'].filter((h) => !(h in expected.headers!));
      for (const name of missing) expect(mime.get(name), name).toBeUndefined();
      expect((parsed.text ?? '').replace(/\n$/, '')).toBe(expected.body);
    });
  }
});

describe('list arguments', () => {
  for (const expected of casesOf('listArgument')) {
    const name = expected.argument === 'reply_to' ? 'replyTo' : expected.argument;
    it(`refuses a string for ${name} with a TypeError, as Django does`, () => {
      expect(expected.error).toBe('TypeError');
      expect(() => new EmailMessage({ [name]: 'to@example.com' })).toThrow(TypeError);
    });
  }
});

describe('mailAdmins', () => {
  for (const expected of casesOf('admins')) {
    it(`with admins ${JSON.stringify(expected.admins)}`, async () => {
      configureMail({ admins: expected.admins as never });
      const sending = mailAdmins('Subject', 'Body', { htmlMessage: '<p>Body</p>' });
      if (expected.error) {
        await expect(sending).rejects.toThrow(/must be a list of \[name, email\] pairs/);
        return;
      }
      await sending;
      expect(
        outbox.map((m) => ({
          subject: m.subject,
          from: m.fromEmail,
          to: m.to,
          alternatives: (m as EmailMultiAlternatives).alternatives,
        })),
      ).toEqual(expected.sent!.map((m) => ({ ...m, from: 'root@localhost' })));
    });
  }
});

describe('the harvest', () => {
  it('is replayed whole: every case above, the documented differences included', () => {
    const documented = Object.keys(differences.addresses).length;
    console.log(
      `mail conformance: ${data.cases.length} cases from Django ${data.django}, ` +
        `${data.cases.length - documented} agreeing, ${documented} documented differences, 0 not portable`,
    );
    const inputs = new Set(casesOf('address').map((c) => c.input));
    for (const listed of Object.keys(differences.addresses)) expect(inputs).toContain(listed);
  });
});
