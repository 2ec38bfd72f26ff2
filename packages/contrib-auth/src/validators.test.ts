import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, onTestFinished, expect, it } from 'vitest';
import { PasswordValidationError } from './errors.js';
import { quickRatio } from './internal/validators/quick-ratio.js';
import {
  CommonPasswordValidator,
  MinimumLengthValidator,
  NumericPasswordValidator,
  UserAttributeSimilarityValidator,
  passwordValidatorsHelpTextHtml,
  passwordValidatorsHelpTexts,
  validatePassword,
} from './validators.js';

async function codesOf(run: () => unknown): Promise<string[]> {
  try {
    await run();
  } catch (error) {
    if (error instanceof PasswordValidationError) return error.codes;
    throw error;
  }
  return [];
}

describe('quickRatio', () => {
  it('matches Python’s SequenceMatcher.quick_ratio', () => {
    expect(quickRatio('alice2024', 'alice')).toBeCloseTo(0.7142857142857143);
    expect(quickRatio('testclient', 'example.com')).toBeCloseTo(0.38095238095238093);
    expect(quickRatio('ñandú', 'úñ')).toBeCloseTo(0.5714285714285714);
    expect(quickRatio('', '')).toBe(1);
  });
});

describe('MinimumLengthValidator', () => {
  it('refuses passwords shorter than 8 characters with Django’s message', () => {
    const validator = new MinimumLengthValidator();
    expect(() => validator.validate('1234567')).toThrow(
      'This password is too short. It must contain at least 8 characters.',
    );
    expect(() => validator.validate('12345678')).not.toThrow();
    expect(validator.getHelpText()).toBe('Your password must contain at least 8 characters.');
  });

  it('says character in the singular for a minimum of one', () => {
    expect(new MinimumLengthValidator({ minLength: 1 }).getHelpText()).toBe(
      'Your password must contain at least 1 character.',
    );
  });
});

describe('UserAttributeSimilarityValidator', () => {
  const user = {
    username: 'testclient',
    firstName: 'Test',
    lastName: 'Client',
    email: 'testclient@example.com',
  };

  it('refuses a password too similar to the username', async () => {
    expect(
      await codesOf(() => new UserAttributeSimilarityValidator().validate('testclient', user)),
    ).toEqual(['password_too_similar']);
  });

  it('names the attribute in the message', () => {
    expect(() => new UserAttributeSimilarityValidator().validate('example.com', user)).toThrow(
      'The password is too similar to the email address.',
    );
  });

  it('accepts a dissimilar password and no user', () => {
    const validator = new UserAttributeSimilarityValidator();
    expect(() => validator.validate('correct horse battery', user)).not.toThrow();
    expect(() => validator.validate('testclient')).not.toThrow();
  });

  it('skips values too short to matter for a long password', () => {
    expect(() =>
      new UserAttributeSimilarityValidator().validate('a'.repeat(40), { username: 'a' }),
    ).not.toThrow();
  });

  it('ignores non-string and hostile attributes', () => {
    const hostile = JSON.parse('{"__proto__": {"username": "x"}, "username": 5}') as object;
    expect(() => new UserAttributeSimilarityValidator().validate('x', hostile)).not.toThrow();
  });

  it('refuses a maxSimilarity below 0.1', () => {
    expect(() => new UserAttributeSimilarityValidator({ maxSimilarity: 0.05 })).toThrow(RangeError);
  });
});

describe('CommonPasswordValidator', () => {
  it('refuses common passwords whatever their case and surrounding space', async () => {
    const validator = new CommonPasswordValidator();
    await expect(validator.validate(' PassWord123 ')).rejects.toThrow(
      'This password is too common.',
    );
    await expect(validator.validate('qwerty123')).rejects.toThrow(PasswordValidationError);
    await expect(validator.validate('glimmering-otter-ladder')).resolves.toBeUndefined();
  });

  it('uses Django 3.2’s own list of 19,727 common passwords, shipped gzipped', async () => {
    const { gunzipSync } = await import('node:zlib');
    const { readFileSync } = await import('node:fs');
    const path = CommonPasswordValidator.DEFAULT_PASSWORD_LIST_PATH;
    expect(path.endsWith('common-passwords.txt.gz')).toBe(true);
    const list = gunzipSync(readFileSync(path)).toString('utf8').trim().split('\n');
    expect(list).toHaveLength(19_727);
    const validator = new CommonPasswordValidator();
    // Every 500th entry of Django's list is refused.
    for (const password of list.filter((_, i) => i % 500 === 0))
      await expect(validator.validate(password)).rejects.toThrow(PasswordValidationError);
  });

  it('reads a plain or gzipped list from a file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'stack-auth-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    await writeFile(join(dir, 'list.txt'), 'Hunter2\nswordfish\n');
    await writeFile(join(dir, 'list.txt.gz'), gzipSync('swordfish\n'));
    await expect(
      new CommonPasswordValidator({ passwordListPath: join(dir, 'list.txt') }).validate('hunter2'),
    ).rejects.toThrow();
    await expect(
      new CommonPasswordValidator({ passwordListPath: join(dir, 'list.txt.gz') }).validate(
        'swordfish',
      ),
    ).rejects.toThrow();
    await expect(
      new CommonPasswordValidator({ passwordListPath: join(dir, 'list.txt.gz') }).validate(
        'hunter2',
      ),
    ).resolves.toBeUndefined();
  });
});

describe('NumericPasswordValidator', () => {
  it('refuses entirely numeric passwords, including non-ASCII digits', () => {
    const validator = new NumericPasswordValidator();
    expect(() => validator.validate('12345678901')).toThrow('This password is entirely numeric.');
    expect(() => validator.validate('١٢٣٤٥٦٧٨')).toThrow(PasswordValidationError);
    expect(() => validator.validate('1234a5678')).not.toThrow();
  });

  it('counts as digits what Python’s isdigit() does: superscripts and circled digits too', () => {
    const validator = new NumericPasswordValidator();
    for (const password of ['²³⁴', '①②③', '₁₂₃', '⑴⑵', '𝟏𝟐𝟑'])
      expect(() => validator.validate(password), password).toThrow(PasswordValidationError);
    for (const password of ['½', 'Ⅷ', '', '12 3'])
      expect(() => validator.validate(password), password).not.toThrow();
  });
});

describe('validatePassword', () => {
  it('collects every problem into one error', async () => {
    expect(await codesOf(() => validatePassword('1234', { username: 'x' }))).toEqual([
      'password_too_short',
      'password_too_common',
      'password_entirely_numeric',
    ]);
  });

  it('passes a strong password', async () => {
    await expect(
      validatePassword('correct horse battery staple', { username: 'ann' }),
    ).resolves.toBeUndefined();
  });

  it('uses only the validators given', async () => {
    await expect(validatePassword('1', null, [])).resolves.toBeUndefined();
  });
});

describe('passwordValidatorsHelpTexts', () => {
  it('lists the help texts and renders them as escaped HTML', () => {
    expect(passwordValidatorsHelpTexts()).toHaveLength(4);
    const html = passwordValidatorsHelpTextHtml([new NumericPasswordValidator()]);
    expect(html).toBe('<ul><li>Your password can’t be entirely numeric.</li></ul>');
    expect(passwordValidatorsHelpTextHtml([])).toBe('');
  });
});
