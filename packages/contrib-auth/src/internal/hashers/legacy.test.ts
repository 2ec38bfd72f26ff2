import { describe, expect, it } from 'vitest';
import { checkPassword, identifyHasher, makePassword } from '../../hashers.js';
import { BCryptPasswordHasher, BCryptSHA256PasswordHasher } from './bcrypt.js';
import {
  CryptPasswordHasher,
  MD5PasswordHasher,
  SHA1PasswordHasher,
  UnsaltedMD5PasswordHasher,
  UnsaltedSHA1PasswordHasher,
} from './legacy.js';

// Made by Django 3.2's make_password('lètmein', salt, algorithm).
const DJANGO = {
  sha1: 'sha1$seasalt$cff36ea83f5706ce9aa7454e63e431fc726b2dc8',
  md5: 'md5$seasalt$3f86d0d3d465b7b458c231bf3555c0e3',
  unsalted_sha1: 'sha1$$6d138ca3ae545631b3abd71a4f076ce759c5700b',
  unsalted_md5: '88a434c88cca4e900f7874cd98123f43',
  crypt: 'crypt$$abprj99vCww4M',
  bcrypt_sha256: 'bcrypt_sha256$$2b$04$abcdefghijklmnopqrstuulyx/yrfLnuLCi6gwFG5mrkJjuQKpL6S',
  bcrypt: 'bcrypt$$2b$04$abcdefghijklmnopqrstuuanVo7Xut1CH8VGIGlz1JovQh9GJbbtG',
};

describe('the hashers Django 3.2 verifies besides its defaults', () => {
  it('reproduces Django’s hashes byte for byte', async () => {
    expect(await new SHA1PasswordHasher().encode('lètmein', 'seasalt')).toBe(DJANGO.sha1);
    expect(await new MD5PasswordHasher().encode('lètmein', 'seasalt')).toBe(DJANGO.md5);
    expect(await new UnsaltedSHA1PasswordHasher().encode('lètmein', '')).toBe(DJANGO.unsalted_sha1);
    expect(await new UnsaltedMD5PasswordHasher().encode('lètmein', '')).toBe(DJANGO.unsalted_md5);
    expect(await new CryptPasswordHasher().encode('lètmein', 'ab')).toBe(DJANGO.crypt);
    const salt = '$2b$04$abcdefghijklmnopqrstuu';
    expect(await new BCryptSHA256PasswordHasher().encode('lètmein', salt)).toBe(
      DJANGO.bcrypt_sha256,
    );
    expect(await new BCryptPasswordHasher().encode('lètmein', salt)).toBe(DJANGO.bcrypt);
  });

  it('verifies each with the default hashers, and rehashes it on a good login only', async () => {
    for (const [algorithm, encoded] of Object.entries(DJANGO)) {
      expect(identifyHasher(encoded).algorithm, algorithm).toBe(algorithm);
      const stored: string[] = [];
      expect(await checkPassword('wrong', encoded, (raw) => stored.push(raw)), algorithm).toBe(
        false,
      );
      expect(stored).toEqual([]);
      expect(await checkPassword('lètmein', encoded, (raw) => stored.push(raw)), algorithm).toBe(
        true,
      );
      expect(stored, algorithm).toEqual(['lètmein']);
    }
  });

  it('reads the bare 32-hex MD5 and md5$$ forms as unsalted_md5, sha1$$ as unsalted_sha1', async () => {
    expect(identifyHasher(`md5$$${DJANGO.unsalted_md5}`).algorithm).toBe('unsalted_md5');
    expect(await checkPassword('lètmein', `md5$$${DJANGO.unsalted_md5}`)).toBe(true);
    expect(identifyHasher('sha1$$' + 'a'.repeat(40)).algorithm).toBe('unsalted_sha1');
    expect(identifyHasher('sha1$salt$' + 'a'.repeat(40)).algorithm).toBe('sha1');
  });

  it('asks to update a salted hash whose salt is under 128 bits', () => {
    expect(new SHA1PasswordHasher().mustUpdate(DJANGO.sha1)).toBe(true);
    expect(new MD5PasswordHasher().mustUpdate('md5$GfuUTJNAnc2Zqm4Xeo0xMA$x')).toBe(false);
  });

  it('asks to update bcrypt hashes of another cost; bcrypt_sha256 does not truncate', async () => {
    const hasher = new BCryptSHA256PasswordHasher();
    expect(hasher.mustUpdate(DJANGO.bcrypt_sha256)).toBe(true);
    expect(new BCryptSHA256PasswordHasher({ rounds: 4 }).mustUpdate(DJANGO.bcrypt_sha256)).toBe(
      false,
    );
    const long = await hasher.encode('x'.repeat(80), '$2b$04$abcdefghijklmnopqrstuu');
    expect(long).toBe('bcrypt_sha256$$2b$04$abcdefghijklmnopqrstuuVTgWIlfVafOdCoNj73.S3YIYkZL7g7S');
    expect(await hasher.verify('x'.repeat(79), long)).toBe(false);
    const salt = hasher.salt();
    expect(salt).toMatch(/^\$2b\$12\$[./A-Za-z0-9]{22}$/);
  });

  it.each([
    'bcrypt$$2b$99$abcdefghijklmnopqrstuuanVo7Xut1CH8VGIGlz1JovQh9GJbbtG',
    'bcrypt$$2b$04$short',
    'bcrypt$$2z$04$abcdefghijklmnopqrstuuanVo7Xut1CH8VGIGlz1JovQh9GJbbtG',
    'bcrypt$__proto__',
    'crypt$$ab',
    'crypt$$$1$abc$OGyl6dDvZCDiGmIVbeuCq/',
    'md5$',
    'sha1$x',
    'constructor$x$y',
  ])('answers false, never throws, for the malformed hash %s', async (encoded) => {
    expect(await checkPassword('lètmein', encoded)).toBe(false);
  });

  it('makes new hashes with each when asked, which then verify', async () => {
    for (const hasher of ['sha1', 'md5', 'unsalted_sha1', 'unsalted_md5', 'crypt']) {
      const encoded = await makePassword('pässword', { hasher });
      expect(identifyHasher(encoded).algorithm).toBe(hasher);
      expect(await checkPassword('pässword', encoded)).toBe(true);
    }
    const bcrypt = await makePassword('pässword', {
      hasher: 'bcrypt_sha256',
      salt: new BCryptSHA256PasswordHasher({ rounds: 4 }).salt(),
    });
    expect(await checkPassword('pässword', bcrypt)).toBe(true);
  });
});
