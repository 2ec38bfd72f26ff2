import { describe, expect, it } from 'vitest';
import { BadHeaderError, InvalidAddressError } from '../errors.js';
import { checkHeader, parseMailbox } from './headers.js';

describe('checkHeader', () => {
  it.each([
    ['Subject', 'Hi\nBcc: evil@example.com'],
    ['Subject', 'Hi\rBcc: evil@example.com'],
    ['Subject', 'Hi\r\n'],
    ['X-Custom', '\n'],
  ])('refuses a newline in %s: %j', (name, value) => {
    expect(() => checkHeader(name, value)).toThrow(BadHeaderError);
  });

  it.each(['X-Evil\r\nBcc', 'X-Evil\nBcc', 'X-Evil: yes', 'X Evil', '', 'X-Ünicode', 'X-Tab\t'])(
    'refuses the header name %j, which Django lets through',
    (name) => {
      expect(() => checkHeader(name, 'value')).toThrow(BadHeaderError);
    },
  );

  it('accepts names such as __proto__ as plain text, and values with tabs and Unicode', () => {
    expect(() => checkHeader('__proto__', 'x')).not.toThrow();
    expect(() => checkHeader('Subject', 'Tab\there, Gżegżółka\u2028')).not.toThrow();
  });
});

describe('parseMailbox', () => {
  it.each([
    'to@example.com\nBcc: evil@example.com',
    'to@example.com\r\nBcc: evil@example.com',
    '"evil\r\n" <a@example.com>',
    'Name\n <to@example.com>',
    'to@example.com\r',
  ])('refuses header injection through an address: %j', (input) => {
    expect(() => parseMailbox(input, 'To')).toThrow(BadHeaderError);
  });

  it.each([
    ['two addresses in one entry', 'a@example.com, b@example.org'],
    ['two addresses with a semicolon', 'a@example.com; b@example.org'],
    ['a group', 'friends: a@example.com, b@example.org;'],
    ['no local part', '@example.com'],
    ['no domain', 'to@'],
    ['no @ at all', 'not an address'],
    ['two @', 'to@@example.com'],
    ['nothing', ''],
    ['only spaces', '   '],
    ['empty angle brackets', '<>'],
    ['an unbalanced bracket', 'to@example.com>'],
    ['an unclosed bracket', '<to@example.com'],
    ['an address as the display name', 'a@example.com <c@example.org>'],
    ['text after the address', 'Name <to@example.com> trailing'],
    ['two angle addresses', 'x <a@example.com> <c@example.org>'],
    ['a space in the domain', 'to@exa mple.com'],
    ['an empty label', 'to@example..com'],
    ['a trailing dot', 'to@example.com.'],
    ['a label over 63 characters', `to@${'a'.repeat(64)}.com`],
    ['a bad address literal', 'to@[999.1.1.1]'],
    ['an IPv6 literal without its tag', 'to@[::1]'],
    ['an unquoted comma in the name', 'Doe, John <j@example.com>'],
    ['a comment', 'to@example.com (comment)'],
    ['an address over 254 characters', `${'x'.repeat(250)}@example.com`],
    ['a control character in the local part', 'to\u0000x@example.com'],
  ])('refuses %s', (_why, input) => {
    expect(() => parseMailbox(input, 'To')).toThrow(InvalidAddressError);
  });

  it('refuses what is not a string', () => {
    expect(() => parseMailbox(42 as never, 'To')).toThrow(InvalidAddressError);
  });

  it('parses a megabyte of garbage quickly into a refusal, not a hang', () => {
    const garbage = `${'"'.repeat(200_000)}${'<'.repeat(200_000)}${'a@'.repeat(300_000)}`;
    expect(() => parseMailbox(garbage, 'To')).toThrow(InvalidAddressError);
  });

  it.each([
    ['to@example.com', '', 'to@example.com'],
    ['Name <to@example.com>', 'Name', 'to@example.com'],
    ['Name<to@example.com>', 'Name', 'to@example.com'],
    ['Name <to@example.com >', 'Name', 'to@example.com'],
    ['<to@example.com>', '', 'to@example.com'],
    ['  to@example.com ', '', 'to@example.com'],
    ['"Name, Jr." <to@example.com>', 'Name, Jr.', 'to@example.com'],
    ['"<a@example.com>" <b@example.com>', '<a@example.com>', 'b@example.com'],
    ['"Too \\"quoted\\"" <to@example.com>', 'Too "quoted"', 'to@example.com'],
    ['Jörg <joerg@example.com>', 'Jörg', 'joerg@example.com'],
    ['first.last+tag@sub.example.co.uk', '', 'first.last+tag@sub.example.co.uk'],
    ['to@localhost', '', 'to@localhost'],
    ['to@[127.0.0.1]', '', 'to@[127.0.0.1]'],
    ['to@[IPv6:::1]', '', 'to@[IPv6:::1]'],
    ['"quoted local"@example.com', '', '"quoted local"@example.com'],
    ['to..x@example.com', '', 'to..x@example.com'],
  ])('parses %j', (input, name, address) => {
    expect(parseMailbox(input, 'To')).toEqual({ name, address });
  });

  it('writes an international domain in punycode and keeps a UTF-8 local part', () => {
    expect(parseMailbox('Jörg <joerg@exämple.com>', 'To')).toEqual({
      name: 'Jörg',
      address: 'joerg@xn--exmple-cua.com',
    });
    expect(parseMailbox('to@éxample.com', 'To').address).toBe('to@xn--xample-9ua.com');
    expect(parseMailbox('jörg@example.com', 'To').address).toBe('jörg@example.com');
    expect(parseMailbox('用户@例子.广告', 'To').address).toBe('用户@xn--fsqu00a.xn--4rr70v');
  });
});
