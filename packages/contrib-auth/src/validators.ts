import { escape } from '@stack/utils';
import { DEFAULT_PASSWORD_LIST_PATH } from './common-passwords-path.js';
import { PasswordValidationError, type PasswordProblem } from './errors.js';
import {
  defaultCommonPasswords,
  loadPasswordList,
} from './internal/validators/common-passwords.js';
import { PYTHON_DIGIT } from './internal/validators/digits.js';
import { quickRatio } from './internal/validators/quick-ratio.js';

/** What validators may read from the user whose password is checked. */
export type PasswordUser = object;

/** Django's password validator protocol; `validate` throws `PasswordValidationError`. */
export interface PasswordValidator {
  validate(password: string, user?: PasswordUser | null): void | Promise<void>;
  getHelpText(): string;
  passwordChanged?(password: string, user?: PasswordUser | null): void | Promise<void>;
}

function refuse(message: string, code: string, params: Record<string, unknown> = {}): never {
  throw new PasswordValidationError([{ message, code, params }]);
}

/**
 * Refuses passwords shorter than `minLength` (8 by default).
 *
 * @example
 * ```ts
 * new MinimumLengthValidator({ minLength: 12 }).validate('short'); // throws
 * ```
 */
export class MinimumLengthValidator implements PasswordValidator {
  readonly minLength: number;
  constructor(options: { minLength?: number } = {}) {
    this.minLength = options.minLength ?? 8;
  }
  validate(password: string): void {
    if (Array.from(password).length < this.minLength) {
      refuse(
        `This password is too short. It must contain at least ${this.minLength} ${this.characters()}.`,
        'password_too_short',
        { min_length: this.minLength },
      );
    }
  }
  getHelpText(): string {
    return `Your password must contain at least ${this.minLength} ${this.characters()}.`;
  }
  private characters(): string {
    return this.minLength === 1 ? 'character' : 'characters';
  }
}

const DEFAULT_USER_ATTRIBUTES: Record<string, string> = {
  username: 'username',
  firstName: 'first name',
  lastName: 'last name',
  email: 'email address',
};

/**
 * Refuses passwords too similar to the user's attributes (username, names, e-mail and each
 * part of them), with Python's `SequenceMatcher.quick_ratio` and a 0.7 threshold by default.
 *
 * @example
 * ```ts
 * new UserAttributeSimilarityValidator().validate('alice2024', { username: 'alice2024' }); // throws
 * ```
 */
export class UserAttributeSimilarityValidator implements PasswordValidator {
  readonly userAttributes: Record<string, string>;
  readonly maxSimilarity: number;

  constructor(
    options: {
      userAttributes?: readonly string[] | Record<string, string>;
      maxSimilarity?: number;
    } = {},
  ) {
    const attributes = options.userAttributes ?? DEFAULT_USER_ATTRIBUTES;
    this.userAttributes = Array.isArray(attributes)
      ? Object.fromEntries(attributes.map((name) => [name, DEFAULT_USER_ATTRIBUTES[name] ?? name]))
      : { ...(attributes as Record<string, string>) };
    this.maxSimilarity = options.maxSimilarity ?? 0.7;
    if (this.maxSimilarity < 0.1) throw new RangeError('maxSimilarity must be at least 0.1');
  }

  validate(password: string, user?: PasswordUser | null): void {
    if (!user) return;
    const lower = password.toLowerCase();
    for (const [name, verboseName] of Object.entries(this.userAttributes)) {
      const value: unknown = (user as Record<string, unknown>)[name];
      if (!value || typeof value !== 'string') continue;
      const valueLower = value.toLowerCase();
      for (const part of [...valueLower.split(/[^\p{L}\p{N}_]+/u), valueLower]) {
        if (this.exceedsMaximumLengthRatio(lower, part)) continue;
        if (quickRatio(lower, part) >= this.maxSimilarity) {
          refuse(`The password is too similar to the ${verboseName}.`, 'password_too_similar', {
            verbose_name: verboseName,
          });
        }
      }
    }
  }

  getHelpText(): string {
    return 'Your password can’t be too similar to your other personal information.';
  }

  /** Django's shortcut: a much longer password cannot be similar enough to a short value. */
  private exceedsMaximumLengthRatio(password: string, value: string): boolean {
    const passwordLength = Array.from(password).length;
    const valueLength = Array.from(value).length;
    return (
      passwordLength >= 10 * valueLength && valueLength < (this.maxSimilarity / 2) * passwordLength
    );
  }
}

/**
 * Refuses passwords found in a list of common ones: Django's list of 20,000 by default
 * (`CommonPasswordValidator.DEFAULT_PASSWORD_LIST_PATH`, shipped gzipped), or a file of one
 * password a line (gzipped when its name ends in `.gz`), or the `passwords` given.
 *
 * @example
 * ```ts
 * await new CommonPasswordValidator().validate('password123'); // throws
 * ```
 */
export class CommonPasswordValidator implements PasswordValidator {
  /** The shipped list: Django 3.2's `common-passwords.txt.gz`, unchanged. */
  static readonly DEFAULT_PASSWORD_LIST_PATH: string = DEFAULT_PASSWORD_LIST_PATH;
  private passwords: Set<string> | Promise<Set<string>>;

  constructor(options: { passwordListPath?: string; passwords?: Iterable<string> } = {}) {
    if (options.passwords) {
      this.passwords = new Set(Array.from(options.passwords, (p) => p.trim().toLowerCase()));
    } else if (options.passwordListPath) {
      this.passwords = loadPasswordList(options.passwordListPath);
    } else {
      this.passwords = defaultCommonPasswords();
    }
  }

  async validate(password: string): Promise<void> {
    const list = await this.passwords;
    if (list.has(password.toLowerCase().trim()))
      refuse('This password is too common.', 'password_too_common');
  }

  getHelpText(): string {
    return 'Your password can’t be a commonly used password.';
  }
}

/**
 * Refuses passwords made only of digits, in the sense of Python's `str.isdigit()`: decimal digits
 * of any script (`'١٢٣'`) and the other Unicode digits (`'²³⁴'`, `'①②③'`), as Django does.
 *
 * @example
 * ```ts
 * new NumericPasswordValidator().validate('20242025'); // throws
 * ```
 */
export class NumericPasswordValidator implements PasswordValidator {
  validate(password: string): void {
    if (password.length > 0 && PYTHON_DIGIT.test(password))
      refuse('This password is entirely numeric.', 'password_entirely_numeric');
  }
  getHelpText(): string {
    return 'Your password can’t be entirely numeric.';
  }
}

let configuredValidators: readonly PasswordValidator[] = [
  new UserAttributeSimilarityValidator(),
  new MinimumLengthValidator(),
  new CommonPasswordValidator(),
  new NumericPasswordValidator(),
];

/**
 * Sets the validators `validatePassword` uses by default (Django's `AUTH_PASSWORD_VALIDATORS`).
 * Stack starts with all four built-ins, as Django's project template does.
 *
 * @example
 * ```ts
 * configurePasswordValidators([new MinimumLengthValidator({ minLength: 12 })]);
 * ```
 */
export function configurePasswordValidators(validators: readonly PasswordValidator[]): void {
  configuredValidators = [...validators];
}

/**
 * The validators in use.
 *
 * @example
 * ```ts
 * getDefaultPasswordValidators().length; // 4
 * ```
 */
export function getDefaultPasswordValidators(): readonly PasswordValidator[] {
  return configuredValidators;
}

/**
 * Runs every validator and throws one `PasswordValidationError` listing all the problems found.
 *
 * @example
 * ```ts
 * await validatePassword('alice', user); // throws: too short, too similar to the username
 * ```
 */
export async function validatePassword(
  password: string,
  user?: PasswordUser | null,
  validators: readonly PasswordValidator[] = configuredValidators,
): Promise<void> {
  const problems: PasswordProblem[] = [];
  for (const validator of validators) {
    try {
      await validator.validate(password, user);
    } catch (error) {
      if (!(error instanceof PasswordValidationError)) throw error;
      problems.push(...error.errorList);
    }
  }
  if (problems.length > 0) throw new PasswordValidationError(problems);
}

/**
 * Tells every validator that has a `passwordChanged` hook that the password was changed.
 *
 * @example
 * ```ts
 * await passwordChanged(raw, user);
 * ```
 */
export async function passwordChanged(
  password: string,
  user?: PasswordUser | null,
  validators: readonly PasswordValidator[] = configuredValidators,
): Promise<void> {
  for (const validator of validators) await validator.passwordChanged?.(password, user);
}

/**
 * The help texts of the validators, for a form to show under the password field.
 *
 * @example
 * ```ts
 * passwordValidatorsHelpTexts(); // ['Your password can’t be too similar ...', ...]
 * ```
 */
export function passwordValidatorsHelpTexts(
  validators: readonly PasswordValidator[] = configuredValidators,
): string[] {
  return validators.map((validator) => validator.getHelpText());
}

/**
 * The help texts as an HTML `<ul>`, escaped, or an empty string when there are none.
 *
 * @example
 * ```ts
 * passwordValidatorsHelpTextHtml(); // '<ul><li>Your password ...</li></ul>'
 * ```
 */
export function passwordValidatorsHelpTextHtml(
  validators: readonly PasswordValidator[] = configuredValidators,
): string {
  const items = passwordValidatorsHelpTexts(validators).map((text) => `<li>${escape(text)}</li>`);
  return items.length > 0 ? `<ul>${items.join('')}</ul>` : '';
}
