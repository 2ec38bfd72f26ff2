import { ValidationError } from '../errors.js';
import { parseDecimal } from '../internal/decimal.js';
import { CallableValidator } from './base.js';

export interface PluralMessage {
  readonly one: string;
  readonly other: string;
  readonly by: string;
}

/** The message to use for `params`, choosing the plural form by `message.by`. */
export function pluralize(
  message: string | PluralMessage,
  params: Record<string, unknown>,
): string {
  if (typeof message === 'string') return message;
  return Number(params[message.by]) === 1 ? message.one : message.other;
}

/**
 * Django's `BaseValidator`: compares `clean(value)` with `limitValue` (a value or a function
 * returning one) and fails when `compare()` says so.
 *
 * @example
 * ```ts
 * class MultipleOf extends BaseValidator {
 *   override message = 'Enter a multiple of %(limit_value)s.';
 *   override code = 'multiple_of';
 *   override compare(a: unknown, b: unknown) { return Number(a) % Number(b) !== 0; }
 * }
 * ```
 */
export class BaseValidator extends CallableValidator {
  message: string | PluralMessage = 'Ensure this value is %(limit_value)s (it is %(show_value)s).';
  code = 'limit_value';
  readonly limitValue: unknown;
  #customMessage: string | undefined;

  constructor(limitValue: unknown, message?: string) {
    super();
    this.limitValue = limitValue;
    this.#customMessage = message;
  }

  validate(value: unknown): void {
    const cleaned = this.clean(value);
    const limit =
      typeof this.limitValue === 'function'
        ? (this.limitValue as () => unknown)()
        : this.limitValue;
    const params = { limit_value: limit, show_value: cleaned, value };
    if (this.compare(cleaned, limit)) {
      const message = this.#customMessage ?? pluralize(this.message, params);
      throw new ValidationError(message, { code: this.code, params });
    }
  }

  compare(a: unknown, b: unknown): boolean {
    return a !== b;
  }

  clean(value: unknown): unknown {
    return value;
  }
}

/** Compares numbers, exact decimal strings and ISO date strings the way Python would. */
function greater(a: unknown, b: unknown): boolean {
  const da = typeof a === 'string' ? parseDecimal(a) : null;
  const db = typeof b === 'string' || typeof b === 'number' ? parseDecimal(String(b)) : null;
  if (da && db && da.isFinite && db.isFinite) return da.compare(db) > 0;
  return (a as number) > (b as number);
}

function less(a: unknown, b: unknown): boolean {
  const da = typeof a === 'string' ? parseDecimal(a) : null;
  const db = typeof b === 'string' || typeof b === 'number' ? parseDecimal(String(b)) : null;
  if (da && db && da.isFinite && db.isFinite) return da.compare(db) < 0;
  return (a as number) < (b as number);
}

/**
 * Django's `MaxValueValidator`.
 *
 * @example
 * ```ts
 * new MaxValueValidator(10).validate(11); // throws: Ensure this value is less than or equal to 10.
 * ```
 */
export class MaxValueValidator extends BaseValidator {
  override message: string | PluralMessage =
    'Ensure this value is less than or equal to %(limit_value)s.';
  override code = 'max_value';

  override compare(a: unknown, b: unknown): boolean {
    return greater(a, b);
  }
}

/**
 * Django's `MinValueValidator`.
 *
 * @example
 * ```ts
 * new MinValueValidator(1).validate(0); // throws: Ensure this value is greater than or equal to 1.
 * ```
 */
export class MinValueValidator extends BaseValidator {
  override message: string | PluralMessage =
    'Ensure this value is greater than or equal to %(limit_value)s.';
  override code = 'min_value';

  override compare(a: unknown, b: unknown): boolean {
    return less(a, b);
  }
}

/** Python's `len()` of a string: code points, not UTF-16 units. */
export function pyLen(value: unknown): number {
  if (typeof value === 'string') {
    let n = 0;
    for (const _ of value) n++;
    return n;
  }
  return (value as { length?: number } | null)?.length ?? 0;
}

/**
 * Django's `MinLengthValidator` (lengths in characters, as Python counts them).
 *
 * @example
 * ```ts
 * new MinLengthValidator(3).validate('ab'); // throws: Ensure this value has at least 3 characters (it has 2).
 * ```
 */
export class MinLengthValidator extends BaseValidator {
  override message: string | PluralMessage = {
    one: 'Ensure this value has at least %(limit_value)d character (it has %(show_value)d).',
    other: 'Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).',
    by: 'limit_value',
  };
  override code = 'min_length';

  override compare(a: unknown, b: unknown): boolean {
    return (a as number) < (b as number);
  }

  override clean(value: unknown): unknown {
    return pyLen(value);
  }
}

/**
 * Django's `MaxLengthValidator` (lengths in characters, as Python counts them).
 *
 * @example
 * ```ts
 * new MaxLengthValidator(2).validate('abc'); // throws: Ensure this value has at most 2 characters (it has 3).
 * ```
 */
export class MaxLengthValidator extends BaseValidator {
  override message: string | PluralMessage = {
    one: 'Ensure this value has at most %(limit_value)d character (it has %(show_value)d).',
    other: 'Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).',
    by: 'limit_value',
  };
  override code = 'max_length';

  override compare(a: unknown, b: unknown): boolean {
    return (a as number) > (b as number);
  }

  override clean(value: unknown): unknown {
    return pyLen(value);
  }
}

/**
 * Django's `DecimalValidator`: at most `maxDigits` digits, `decimalPlaces` of them after the
 * point. Values are decimal strings (`'12.50'`).
 *
 * @example
 * ```ts
 * new DecimalValidator(4, 2).validate('123.4'); // throws: …no more than 2 digits before the decimal point.
 * ```
 */
export class DecimalValidator extends CallableValidator {
  constructor(
    readonly maxDigits: number | null,
    readonly decimalPlaces: number | null,
  ) {
    super();
  }

  validate(value: unknown): void {
    const decimal = parseDecimal(String(value));
    if (!decimal || !decimal.isFinite)
      throw new ValidationError('Enter a number.', { code: 'invalid', params: { value } });
    const { digits, exponent } = decimal;
    let total: number;
    let decimals: number;
    if (exponent >= 0) {
      total = digits.length + exponent;
      decimals = 0;
    } else if (-exponent > digits.length) total = decimals = -exponent;
    else {
      total = digits.length;
      decimals = -exponent;
    }
    const whole = total - decimals;
    const fail = (code: string, one: string, other: string, max: number): never => {
      throw new ValidationError(max === 1 ? one : other, { code, params: { max, value } });
    };
    if (this.maxDigits !== null && total > this.maxDigits)
      fail(
        'max_digits',
        'Ensure that there are no more than %(max)s digit in total.',
        'Ensure that there are no more than %(max)s digits in total.',
        this.maxDigits,
      );
    if (this.decimalPlaces !== null && decimals > this.decimalPlaces)
      fail(
        'max_decimal_places',
        'Ensure that there are no more than %(max)s decimal place.',
        'Ensure that there are no more than %(max)s decimal places.',
        this.decimalPlaces,
      );
    if (
      this.maxDigits !== null &&
      this.decimalPlaces !== null &&
      whole > this.maxDigits - this.decimalPlaces
    )
      fail(
        'max_whole_digits',
        'Ensure that there are no more than %(max)s digit before the decimal point.',
        'Ensure that there are no more than %(max)s digits before the decimal point.',
        this.maxDigits - this.decimalPlaces,
      );
  }
}

/** What a file validator reads: at least a name. */
