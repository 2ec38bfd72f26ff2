import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  checkPassword,
  configurePasswordHashers,
  getHasher,
  identifyHasher,
  isPasswordUsable,
  makePassword,
  verifyPassword,
} from './hashers.js';
import { PBKDF2PasswordHasher, PBKDF2SHA1PasswordHasher } from './internal/hashers/pbkdf2.js';
import { ScryptPasswordHasher } from './internal/hashers/scrypt.js';

const fast = () => [
  new PBKDF2PasswordHasher({ iterations: 1000 }),
  new PBKDF2SHA1PasswordHasher({ iterations: 1000 }),
  new ScryptPasswordHasher({ workFactor: 1024 }),
];

afterEach(() => {
  configurePasswordHashers([
    new PBKDF2PasswordHasher(),
    new PBKDF2SHA1PasswordHasher(),
    new ScryptPasswordHasher(),
  ]);
});

describe('PBKDF2PasswordHasher', () => {
  it('reproduces Django’s vector for lètmein with salt seasalt at 1,000,000 iterations', async () => {
    const encoded = await new PBKDF2PasswordHasher({ iterations: 1_000_000 }).encode(
      'lètmein',
      'seasalt',
    );
    expect(encoded).toBe(
      'pbkdf2_sha256$1000000$seasalt$r1uLUxoxpP2Ued/qxvmje7UH9PUJBkRrvf9gGPL7Cps=',
    );
  });

  it('verifies a hash taken from a Django database', async () => {
    const django = 'pbkdf2_sha256$1000000$seasalt$r1uLUxoxpP2Ued/qxvmje7UH9PUJBkRrvf9gGPL7Cps=';
    expect(await checkPassword('lètmein', django)).toBe(true);
    expect(await checkPassword('letmein', django)).toBe(false);
  });

  it('uses Django 6.0’s 1,200,000 iterations by default', () => {
    expect(new PBKDF2PasswordHasher().iterations).toBe(1_200_000);
    expect(getHasher().algorithm).toBe('pbkdf2_sha256');
  });

  it('masks the salt and hash in its safe summary', () => {
    const summary = new PBKDF2PasswordHasher().safeSummary(
      'pbkdf2_sha256$1000$seasaltlong$r1uLUxoxpP2Ued',
    );
    expect(summary).toEqual({
      algorithm: 'pbkdf2_sha256',
      iterations: 1000,
      salt: 'seasal*****',
      hash: 'r1uLUx********',
    });
  });
});

describe('PBKDF2SHA1PasswordHasher', () => {
  it('matches the PBKDF2-HMAC-SHA1 output of Python’s hashlib', async () => {
    const encoded = await new PBKDF2SHA1PasswordHasher().encode('lètmein', 'seasalt2', 1000);
    expect(encoded).toBe('pbkdf2_sha1$1000$seasalt2$4O6tM3Kd5cOD3UmnpGuCKdAiHa8=');
  });
});

describe('ScryptPasswordHasher', () => {
  it('reproduces Django’s scrypt vector', async () => {
    const encoded = await new ScryptPasswordHasher().encode('lètmein', 'seasalt');
    expect(encoded).toBe(
      'scrypt$16384$seasalt$8$5$ECMIUp+LMxMSK8xB/IVyba+KYGTI7FTnet025q/1f/vBAVnnP3hdYqJuRi+mJn6ji6ze3Fbb7JEFPKGpuEf5vw==',
    );
    expect(await checkPassword('lètmein', encoded)).toBe(true);
  });

  it('asks for an update when the work factor changed', async () => {
    const salt = 'GfuUTJNAnc2Zqm4Xeo0xMA';
    const weak = await new ScryptPasswordHasher({ workFactor: 1024 }).encode('pw', salt);
    expect(new ScryptPasswordHasher().mustUpdate(weak)).toBe(true);
    expect(new ScryptPasswordHasher({ workFactor: 1024 }).mustUpdate(weak)).toBe(false);
    // A salt under 128 bits (Django 3.2's must_update_salt) asks for an update too.
    const short = await new ScryptPasswordHasher({ workFactor: 1024 }).encode('pw', 'salt');
    expect(new ScryptPasswordHasher({ workFactor: 1024 }).mustUpdate(short)).toBe(true);
  });
});

describe('makePassword', () => {
  it('salts every hash differently with 22 alphanumeric characters', async () => {
    configurePasswordHashers(fast());
    const a = await makePassword('same');
    const b = await makePassword('same');
    expect(a).not.toBe(b);
    expect(a.split('$')[2]).toMatch(/^[A-Za-z0-9]{22}$/);
  });

  it('makes an unusable password from null', async () => {
    const encoded = await makePassword(null);
    expect(encoded).toMatch(/^![A-Za-z0-9]{40}$/);
    expect(isPasswordUsable(encoded)).toBe(false);
    expect(await checkPassword('', encoded)).toBe(false);
  });

  it('uses the named hasher and refuses an unknown one', async () => {
    configurePasswordHashers(fast());
    expect(await makePassword('pw', { hasher: 'scrypt' })).toMatch(/^scrypt\$1024\$/);
    await expect(makePassword('pw', { hasher: 'md5' })).rejects.toThrow(/Unknown password hashing/);
  });

  it('refuses a salt containing $', async () => {
    await expect(makePassword('pw', { salt: 'a$b' })).rejects.toThrow(/cannot contain \$/);
  });
});

describe('checkPassword', () => {
  it.each([
    ['null', null],
    ['undefined', undefined],
    ['empty', ''],
    ['unusable', '!abcdef'],
    ['unknown algorithm', 'md5$salt$abc'],
    ['no dollar', 'plaintext'],
    ['missing parts', 'pbkdf2_sha256$1000$salt'],
    ['non-numeric iterations', 'pbkdf2_sha256$abc$salt$hash'],
    ['absurd iterations', 'pbkdf2_sha256$99999999999$salt$hash'],
    ['zero iterations', 'pbkdf2_sha256$0$salt$hash'],
    ['scrypt n not a power of two', 'scrypt$1000$salt$8$1$hash'],
    ['scrypt huge r', 'scrypt$16384$salt$9999$1$hash'],
    ['prototype key', '__proto__$1$a$b'],
  ])('returns false for a %s hash without throwing', async (_name, encoded) => {
    configurePasswordHashers(fast());
    expect(await checkPassword('pw', encoded)).toBe(false);
  });

  it('returns false for a null password', async () => {
    configurePasswordHashers(fast());
    expect(await checkPassword(null, await makePassword('pw'))).toBe(false);
  });

  it('upgrades an outdated hash through the setter on success only', async () => {
    configurePasswordHashers(fast());
    const old = await makePassword('pw', { hasher: 'pbkdf2_sha1' });
    const setter = vi.fn();
    expect(await checkPassword('wrong', old, setter)).toBe(false);
    expect(setter).not.toHaveBeenCalled();
    expect(await checkPassword('pw', old, setter)).toBe(true);
    expect(setter).toHaveBeenCalledWith('pw');
  });

  it('upgrades when the iteration count changed, not when it is current', async () => {
    configurePasswordHashers([new PBKDF2PasswordHasher({ iterations: 500 })]);
    const old = await makePassword('pw');
    configurePasswordHashers([new PBKDF2PasswordHasher({ iterations: 1000 })]);
    const setter = vi.fn();
    expect(await checkPassword('pw', old, setter)).toBe(true);
    expect(setter).toHaveBeenCalledOnce();
    const current = await makePassword('pw');
    const untouched = vi.fn();
    expect(await checkPassword('pw', current, untouched)).toBe(true);
    expect(untouched).not.toHaveBeenCalled();
  });

  it('runs the missing iterations on a failed check of a weaker hash', async () => {
    const hasher = new PBKDF2PasswordHasher({ iterations: 1000 });
    configurePasswordHashers([hasher]);
    const weak = await new PBKDF2PasswordHasher({ iterations: 400 }).encode('pw', 'salt');
    const spy = vi.spyOn(hasher, 'encode');
    await checkPassword('wrong', weak);
    expect(spy.mock.calls.map((call) => call[2])).toEqual([400, 600]);
  });

  it('handles a 1 MB password without blocking the event loop', async () => {
    configurePasswordHashers([new PBKDF2PasswordHasher(), new ScryptPasswordHasher()]);
    const huge = 'x'.repeat(1024 * 1024);
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 1);
    const encoded = await makePassword(huge);
    expect(await checkPassword(huge, encoded)).toBe(true);
    expect(await checkPassword(huge, await makePassword(huge, { hasher: 'scrypt' }))).toBe(true);
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(0);
  });
});

describe('verifyPassword', () => {
  it('reports mustUpdate when the preferred hasher differs', async () => {
    configurePasswordHashers(fast());
    const encoded = await makePassword('pw', { hasher: 'scrypt' });
    expect(await verifyPassword('pw', encoded)).toEqual({ isCorrect: true, mustUpdate: true });
  });
});

describe('identifyHasher', () => {
  it('finds the hasher from the prefix and refuses unknown formats', () => {
    expect(identifyHasher('pbkdf2_sha1$1$a$b').algorithm).toBe('pbkdf2_sha1');
    expect(() => identifyHasher('nope')).toThrow(/not in a known hash format/);
    expect(() => identifyHasher('bcrypt$x')).toThrow(/Unknown password hashing algorithm 'bcrypt'/);
  });
});
