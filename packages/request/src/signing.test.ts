import { describe, expect, it } from 'vitest';
import {
  BadSignature,
  SignatureExpired,
  Signer,
  TimestampSigner,
  b62Decode,
  b62Encode,
  cookieSigner,
  dumps,
  loads,
} from './signing.js';
import { saltedHmac } from './index.js';

// Expected strings computed by a stdlib-only Python re-implementation of Django 5's
// django.core.signing (salted_hmac, Signer, TimestampSigner, dumps with zlib), timestamp
// pinned to 1700000000.
const T = 1_700_000_000;
const now = () => T;

describe('Django compatibility vectors', () => {
  it('salted_hmac matches', () => {
    expect(saltedHmac('salt', 'value', 'secret').toString('hex')).toBe(
      'a82be9ba6efe61405ee8d2e8a3781c37e103360a',
    );
  });

  it('Signer matches for default, salt, sep, algorithm and unicode', () => {
    expect(new Signer({ key: 'secret' }).sign('hello')).toBe(
      'hello:FRBs_KKrjaVe9zJEdlQdiuJ2n9jBEsFOL1Capquoa18',
    );
    expect(new Signer({ key: 'secret', salt: 'extra' }).sign('hello')).toBe(
      'hello:X9jRVCptZJtpkMmhaViOf95HsF0mjIncJ6CwvBFjBm4',
    );
    expect(new Signer({ key: 'secret', sep: '/' }).sign('hello')).toBe(
      'hello/FRBs_KKrjaVe9zJEdlQdiuJ2n9jBEsFOL1Capquoa18',
    );
    expect(new Signer({ key: 'secret', algorithm: 'sha1' }).sign('hello')).toBe(
      'hello:AmyOTQY9JAikz0u2GebORkTo4LA',
    );
    expect(new Signer({ key: 'sécret' }).sign('héllo ☃')).toBe(
      'héllo ☃:0WJebz30CqvhudHefEWM7mNwunJ4hgzSD_7yzBJhc9g',
    );
  });

  it('TimestampSigner and dumps match, with and without compression', () => {
    expect(new TimestampSigner({ key: 'secret', now }).sign('hello')).toBe(
      'hello:1r31eq:cd3olmP207LffIZrXNJ8LTxzeEF4brfUrRYVM3D-t8Q',
    );
    expect(dumps({ a: 1, b: [1, 2, 'x'], u: 'é☃' }, { key: 'secret', now })).toBe(
      'eyJhIjoxLCJiIjpbMSwyLCJ4Il0sInUiOiJcdTAwZTlcdTI2MDMifQ:1r31eq:hOGwqZiofJJpcMEd1pbdBVRR0HPmkDr5kxp19c-Thpc',
    );
    expect(dumps('hello', { key: 'secret', salt: 'password-reset', now })).toBe(
      'ImhlbGxvIg:1r31eq:qs-K3Js_jlT9z_fQNwuPcLQeGhyC_C_BH4kJEh29i3E',
    );
    expect(dumps({ list: Array(50).fill('repeat') }, { key: 'secret', compress: true, now })).toBe(
      '.eJyrVsrJLC5RsopWKkotSE0sUdIZZQxNRmwtAMNkltE:1r31eq:p-UizqabnTbT3XS5pPqiZ_bOTwXVHR1Fe1pxlRg0rd8',
    );
    expect(dumps({ a: 1 }, { key: 'secret', compress: true, now })).toBe(
      'eyJhIjoxfQ:1r31eq:I6FHvRuDt1QvhGrC5_GTBgUKxFXLKQmzsPKrgrC89_U',
    );
  });

  it('reads values Django signed', () => {
    expect(
      loads(
        '.eJyrVsrJLC5RsopWKkotSE0sUdIZZQxNRmwtAMNkltE:1r31eq:p-UizqabnTbT3XS5pPqiZ_bOTwXVHR1Fe1pxlRg0rd8',
        {
          key: 'secret',
        },
      ),
    ).toEqual({ list: Array(50).fill('repeat') });
    expect(
      loads('ImhlbGxvIg:1r31eq:qs-K3Js_jlT9z_fQNwuPcLQeGhyC_C_BH4kJEh29i3E', {
        key: 'secret',
        salt: 'password-reset',
      }),
    ).toBe('hello');
  });

  it('encodes base 62 as Django', () => {
    expect([0, 61, 62, -100, T].map(b62Encode)).toEqual(['0', 'z', '10', '-1c', '1r31eq']);
    expect(['0', 'z', '10', '-1c', '1r31eq'].map(b62Decode)).toEqual([0, 61, 62, -100, T]);
  });
});

describe('Signer', () => {
  const signer = new Signer({ key: 'secret' });

  it('round-trips and refuses tampering, a wrong salt and a missing separator', () => {
    expect(signer.unsign(signer.sign('a:b'))).toBe('a:b');
    expect(() => signer.unsign('hello:' + 'A'.repeat(43))).toThrow(BadSignature);
    expect(() => signer.unsign('hello')).toThrow(BadSignature);
    expect(() => new Signer({ key: 'secret', salt: 'other' }).unsign(signer.sign('x'))).toThrow(
      BadSignature,
    );
    expect(() => signer.unsign('')).toThrow(BadSignature);
  });

  it('accepts values signed with a fallback key (key rotation), not with unknown keys', () => {
    const old = new Signer({ key: 'old' }).sign('v');
    expect(new Signer({ key: 'new', fallbackKeys: ['old'] }).unsign(old)).toBe('v');
    expect(() => new Signer({ key: 'new' }).unsign(old)).toThrow(BadSignature);
  });

  it('refuses separators from the signature alphabet', () => {
    for (const sep of ['', 'a', '-', '_', '=', '0'])
      expect(() => new Signer({ key: 'k', sep })).toThrow(TypeError);
  });

  it('turns a garbled object payload into BadSignature, never a crash', () => {
    const garbage = signer.sign('.!!!');
    expect(() => signer.unsignObject(garbage)).toThrow(BadSignature);
    expect(() => signer.unsignObject(signer.sign('.eJzLSM3JyQcABiwCFQ'.slice(0, 10)))).toThrow(
      BadSignature,
    );
    expect(() => signer.unsignObject(signer.sign('bm90IGpzb24'))).toThrow(BadSignature);
  });
});

describe('TimestampSigner', () => {
  it('enforces maxAge at the boundary', () => {
    let clock = T;
    const signer = new TimestampSigner({ key: 'secret', now: () => clock });
    const value = signer.sign('x');
    clock = T + 10;
    expect(signer.unsign(value, { maxAge: 10 })).toBe('x');
    clock = T + 11;
    expect(() => signer.unsign(value, { maxAge: 10 })).toThrow(SignatureExpired);
    expect(signer.unsign(value)).toBe('x');
  });

  it('loads honours maxAge and fallback keys', () => {
    const token = dumps({ id: 1 }, { key: 'old', now });
    expect(
      loads(token, { key: 'new', fallbackKeys: ['old'], now: () => T + 5, maxAge: 5 }),
    ).toEqual({ id: 1 });
    expect(() =>
      loads(token, { key: 'new', fallbackKeys: ['old'], now: () => T + 6, maxAge: 5 }),
    ).toThrow(SignatureExpired);
  });
});

describe('cookieSigner', () => {
  it('derives a salt from (name, salt) that cannot collide', () => {
    const a = cookieSigner({ secretKey: 'k', name: 'a', salt: 'bc' });
    const b = cookieSigner({ secretKey: 'k', name: 'ab', salt: 'c' });
    expect(a.salt).not.toBe(b.salt);
    expect(() => b.unsign(a.sign('v'))).toThrow(BadSignature);
  });
});
