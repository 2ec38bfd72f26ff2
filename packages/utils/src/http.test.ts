import { describe, expect, it } from 'vitest';
import {
  parseHttpDate,
  parseHttpDateSafe,
  urlencode,
  urlHasAllowedHostAndScheme,
  urlsafeBase64Decode,
  urlquote,
} from './index.js';

describe('urlHasAllowedHostAndScheme', () => {
  const hosts = new Set(['example.com', 'testserver']);

  it('refuses the open-redirect tricks browsers follow', () => {
    for (const url of [
      '\\\\\\example.com',
      '/\\\\/example.com',
      '\\\\//example.com',
      '/\\/example.com',
      '\n',
      '///evil.com',
      '/\t/evil.com',
      '/\n/evil.com',
      '\x08//evil.com',
      'javascript:alert(1)',
      'http:///evil.com',
      'https://evil.com',
      '//evil.com',
      'http://testserver\\@evil.com',
    ]) {
      expect(urlHasAllowedHostAndScheme(url, hosts), JSON.stringify(url)).toBe(false);
    }
  });

  it('refuses a scheme-relative URL when HTTPS is required, since it could load over http', () => {
    expect(urlHasAllowedHostAndScheme('//example.com/p', hosts, { requireHttps: true })).toBe(
      false,
    );
    expect(urlHasAllowedHostAndScheme('https://example.com/p', hosts, { requireHttps: true })).toBe(
      true,
    );
  });

  it('allows relative URLs and the allowed hosts, given as a set, an array or one string', () => {
    expect(urlHasAllowedHostAndScheme('/account/?next=//evil.com', [])).toBe(true);
    expect(urlHasAllowedHostAndScheme('https://example.com/', ['example.com'])).toBe(true);
    expect(urlHasAllowedHostAndScheme('//testserver/', 'testserver')).toBe(true);
    expect(urlHasAllowedHostAndScheme('', hosts)).toBe(false);
    expect(urlHasAllowedHostAndScheme(null, hosts)).toBe(false);
  });
});

describe('urlencode', () => {
  it('refuses null and undefined as Django refuses None, and ignores hostile keys as data', () => {
    expect(() => urlencode({ a: null })).toThrow(TypeError);
    expect(() => urlencode({ a: [undefined] }, { doseq: true })).toThrow(TypeError);
    expect(urlencode(JSON.parse('{"__proto__": "x", "constructor": "y"}'))).toBe(
      '__proto__=x&constructor=y',
    );
  });

  it('accepts pairs, a Map and anything with lists() (a QueryDict)', () => {
    expect(
      urlencode([
        ['a', '1'],
        ['a', '2'],
      ]),
    ).toBe('a=1&a=2');
    expect(urlencode(new Map([['k y', 'v&w']]))).toBe('k+y=v%26w');
    const query = { lists: () => [['tag', ['x', 'y']] as const] };
    expect(urlencode(query, { doseq: true })).toBe('tag=x&tag=y');
  });
});

describe('parseHttpDate', () => {
  it('refuses oversized and malformed input quickly', () => {
    expect(parseHttpDateSafe('x'.repeat(100_000))).toBeUndefined();
    expect(
      parseHttpDateSafe(`Sun, 06 Nov 1994 08:49:37 GMT${' '.repeat(100_000)}`),
    ).toBeUndefined();
    expect(() => parseHttpDate('Sun, 31 Feb 1994 08:49:37 GMT')).toThrow(RangeError);
  });
});

describe('urlsafeBase64Decode', () => {
  it('skips characters outside the alphabet and refuses impossible lengths', () => {
    expect(urlsafeBase64Decode('NDI').toString()).toBe('42');
    expect(urlsafeBase64Decode('N!D?I').toString()).toBe('42');
    expect(() => urlsafeBase64Decode('Z')).toThrow(RangeError);
  });
});

describe('ASCII only where the protocol is ASCII', () => {
  it('refuses non-ASCII digits in HTTP dates and encodes lone surrogates as U+FFFD', () => {
    expect(parseHttpDateSafe('Sun, \u0660\u0666 Nov 1994 08:49:37 GMT')).toBeUndefined();
    expect(urlquote('\ud800')).toBe('%EF%BF%BD');
  });
});
