/**
 * A validator: a function, or an object with `validate()` (the classes below), that throws a
 * ValidationError when a value is invalid (Django's callables).
 *
 * @example
 * ```ts
 * const even: Validator = (value) => {
 *   if (Number(value) % 2) throw new ValidationError('%(value)s is not even', { params: { value } });
 * };
 * ```
 */
export type Validator = ((value: any) => void) | { validate(value: any): void };

/** Runs a validator of either kind. */
export function runValidator(validator: Validator, value: unknown): void {
  if (typeof validator === 'function') validator(value);
  else validator.validate(value);
}

/** The base of the class validators: `validate()` throws a ValidationError. */
export abstract class CallableValidator {
  /** Throws a ValidationError when `value` is invalid. */
  abstract validate(value: unknown): void;
}

/** The options of `RegexValidator`. */
