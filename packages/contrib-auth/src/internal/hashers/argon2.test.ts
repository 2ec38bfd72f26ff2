import { describe, expect, it } from 'vitest';
import { checkPassword, configurePasswordHashers, getHashers } from '../../hashers.js';
import { Argon2PasswordHasher } from './argon2.js';

// Vectors made by Django 3.2 itself (argon2-cffi 21.1: a 16-byte hash), prefixed with Django's
// `argon2` algorithm name.
const DJANGO_DEFAULT =
  'argon2$argon2id$v=19$m=102400,t=2,p=8$R2Z1VVRKTkFuYzJacW00WGVvMHhNQQ$4fqWUjjsZ35mI1z3pvTz0w';
// A salt of 14 characters carries 83 bits: Django 3.2 asks to update such a hash.
const SHORT_SALT =
  'argon2$argon2id$v=19$m=102400,t=2,p=8$c2Vhc2FsdHNlYXNhbHQ$n/a6+o5lve5+w7Q7gx8Uuw';
// Argon2 1.0 (no `v=`), from Django's test_hashers.
const NO_VERSION =
  'argon2$argon2i$m=8,t=1,p=1$c29tZXNhbHQ$gwQOXSNhxiOxPOA0+PY10P9QFO4NAYysnqRt1GSQLE55m+2GYDt9FEjPMHhP2Cuf0nOEXXMocVrsJAtNSsKyfg';
const LEGACY_ARGON2I =
  'argon2$argon2i$v=19$m=64,t=1,p=1$c2Vhc2FsdHNlYXNhbHQ$u4d0dhg4/thOt2jMU8U8Pp+pu7b2e18I2BSE2FZ0qFo';

const defaults = [...getHashers()];

describe('Argon2PasswordHasher', () => {
  it('reproduces Django’s hash with its default costs and 16-byte hash length', async () => {
    expect(await new Argon2PasswordHasher().encode('lètmein', 'GfuUTJNAnc2Zqm4Xeo0xMA')).toBe(
      DJANGO_DEFAULT,
    );
    expect(await new Argon2PasswordHasher().encode('lètmein', 'seasaltseasalt')).toBe(SHORT_SALT);
  });

  it('verifies an Argon2 1.0 hash without v=, and asks to update it', async () => {
    const hasher = new Argon2PasswordHasher();
    expect(await hasher.verify('secret', NO_VERSION)).toBe(true);
    expect(await hasher.verify('wrong', NO_VERSION)).toBe(false);
    expect(hasher.mustUpdate(NO_VERSION)).toBe(true);
  });

  it('asks to update a hash whose salt is under 128 bits or whose hash is not 16 bytes', () => {
    const hasher = new Argon2PasswordHasher();
    expect(hasher.mustUpdate(SHORT_SALT)).toBe(true);
    const long =
      'argon2$argon2id$v=19$m=102400,t=2,p=8$R2Z1VVRKTkFuYzJacW00WGVvMHhNQQ$5X8M3A6KY2o98xsl1DnfJpaxc9OdBrgUbl3HjifV1qo';
    expect(hasher.mustUpdate(long)).toBe(true);
  });

  it('verifies Django’s hashes, including older argon2i ones, and asks to upgrade those', async () => {
    const hasher = new Argon2PasswordHasher();
    expect(await hasher.verify('lètmein', DJANGO_DEFAULT)).toBe(true);
    expect(await hasher.verify('letmein', DJANGO_DEFAULT)).toBe(false);
    expect(await hasher.verify('lètmein', LEGACY_ARGON2I)).toBe(true);
    expect(hasher.mustUpdate(DJANGO_DEFAULT)).toBe(false);
    expect(hasher.mustUpdate(LEGACY_ARGON2I)).toBe(true);
  });

  it('decodes the parameters and masks the secrets in its summary', () => {
    expect(new Argon2PasswordHasher().safeSummary(DJANGO_DEFAULT)).toMatchObject({
      algorithm: 'argon2',
      variety: 'argon2id',
      version: 19,
      memoryCost: 102400,
      timeCost: 2,
      parallelism: 8,
      salt: `GfuUTJ${'*'.repeat(16)}`,
    });
  });

  it.each([
    'argon2$argon2x$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$aGFzaA',
    'argon2$argon2id$v=19$m=99999999999,t=1,p=1$c2FsdHNhbHQ$aGFzaA',
    'argon2$argon2id$v=19$garbage$c2FsdHNhbHQ$aGFzaA',
    'argon2$argon2id$v=19$m=64,t=1,p=1$$',
    'argon2$__proto__$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$aGFzaA',
  ])('returns false for the malformed hash %s', async (encoded) => {
    configurePasswordHashers([new Argon2PasswordHasher()]);
    try {
      expect(await checkPassword('x', encoded)).toBe(false);
      expect(await checkPassword('lètmein', DJANGO_DEFAULT)).toBe(true);
    } finally {
      configurePasswordHashers(defaults);
    }
  });
});
