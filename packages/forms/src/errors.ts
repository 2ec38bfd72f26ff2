import { dict, hasOwn, pyFormat, pyRepr } from './internal/py.js';

/** The key of errors that belong to no field (Django's `NON_FIELD_ERRORS`). */
export const NON_FIELD_ERRORS = '__all__';

/** The values a message's `%(name)s` placeholders are filled from. */
export type ErrorParams = Readonly<Record<string, unknown>>;

/** What `new ValidationError(…)` accepts: one message, a list, a dict by field, or errors. */
export type ValidationErrorInput =
  | string
  | ValidationError
  | ReadonlyArray<string | ValidationError>
  | Readonly<Record<string, string | ValidationError | ReadonlyArray<string | ValidationError>>>;

/** The options of a single-message ValidationError. */
export interface ValidationErrorOptions {
  /** A short identifier (`'required'`, `'invalid'`) that `errorMessages` can override. */
  code?: string;
  /** Values for the message's `%(name)s` placeholders. */
  params?: ErrorParams;
}

/**
 * Django's `ValidationError`: one message (with a `code` and `params`), a list of errors, or
 * errors by field name. Raised by validators, fields and `clean()` hooks; forms turn it into
 * their `errors`. The message keeps its `%(name)s` placeholders; `messages` fills them in.
 *
 * @example
 * ```ts
 * throw new ValidationError('Invalid value: %(value)s', { code: 'invalid', params: { value: '42' } });
 * throw new ValidationError({ title: 'Too short.', body: ['Required.'] });
 * ```
 */
export class ValidationError extends Error {
  /** The identifier of a single-message error (`undefined` for lists and dicts). */
  code: string | undefined;
  /** The placeholder values of a single-message error. */
  params: ErrorParams | undefined;
  /** Every single-message error this one holds (for a dict: all of them, in order). */
  readonly errorList: ValidationError[];
  /** Errors by field name, when built from a dict (a prototype-less object). */
  readonly errorDict: Record<string, ValidationError[]> | undefined;
  readonly #single: boolean;

  constructor(message: ValidationErrorInput, options: ValidationErrorOptions = {}) {
    super();
    this.name = 'ValidationError';
    let code = options.code;
    let params = options.params;
    let input: ValidationErrorInput = message;
    if (input instanceof ValidationError) {
      if (input.errorDict) input = input.errorDict;
      else if (!input.#single) input = input.errorList;
      else {
        code = input.code;
        params = input.params;
        input = input.message;
      }
    }
    this.code = undefined;
    this.params = undefined;
    this.errorDict = undefined;
    this.#single = false;
    if (typeof input === 'string') {
      this.message = input;
      this.code = code;
      this.params = params;
      this.errorList = [this];
      this.#single = true;
    } else if (Array.isArray(input)) {
      this.errorList = [];
      for (const item of input as ReadonlyArray<string | ValidationError>) {
        const error = item instanceof ValidationError ? item : new ValidationError(item);
        this.errorList.push(...error.errorList);
      }
      this.message = pyListRepr(this.messages);
    } else {
      const byField = dict<ValidationError[]>();
      const all: ValidationError[] = [];
      for (const field of Object.keys(input)) {
        const value = (input as Record<string, ValidationErrorInput>)[
          field
        ] as ValidationErrorInput;
        const list = (value instanceof ValidationError ? value : new ValidationError(value))
          .errorList;
        byField[field] = list;
        all.push(...list);
      }
      this.errorDict = byField;
      this.errorList = all;
      this.message = pyDictRepr(this.messageDict);
    }
  }

  /** Whether this error is one message (Django: it has a `message` attribute). */
  get isSingle(): boolean {
    return this.#single;
  }

  /** The messages, placeholders filled in (for a dict: every field's, in order). */
  get messages(): string[] {
    return this.errorList.map((error) =>
      error.params ? pyFormat(error.message, error.params) : error.message,
    );
  }

  /** The messages by field; throws for an error that is not a dict, as Django does. */
  get messageDict(): Record<string, string[]> {
    if (!this.errorDict) throw new TypeError('This ValidationError has no errorDict.');
    const out = dict<string[]>();
    for (const field of Object.keys(this.errorDict))
      out[field] = new ValidationError(this.errorDict[field] as ValidationError[]).messages;
    return out;
  }

  /** Adds this error's messages to `errorDict` (non-field errors under `__all__`). */
  updateErrorDict(errorDict: Record<string, ValidationError[]>): Record<string, ValidationError[]> {
    if (this.errorDict) {
      for (const field of Object.keys(this.errorDict)) {
        const list = hasOwn(errorDict, field) ? (errorDict[field] as ValidationError[]) : [];
        errorDict[field] = [...list, ...(this.errorDict[field] as ValidationError[])];
      }
    } else {
      const list = hasOwn(errorDict, NON_FIELD_ERRORS)
        ? (errorDict[NON_FIELD_ERRORS] as ValidationError[])
        : [];
      errorDict[NON_FIELD_ERRORS] = [...list, ...this.errorList];
    }
    return errorDict;
  }

  /** Iterates the formatted messages (Django's `list(error)`). */
  [Symbol.iterator](): Iterator<string> {
    return this.messages[Symbol.iterator]();
  }

  override toString(): string {
    if (this.#single) return pyListRepr(this.messages);
    return this.message;
  }
}

function pyListRepr(messages: readonly string[]): string {
  return `[${messages.map(pyRepr).join(', ')}]`;
}

function pyDictRepr(byField: Record<string, string[]>): string {
  const items = Object.keys(byField).map(
    (field) => `${pyRepr(field)}: ${pyListRepr(byField[field] as string[])}`,
  );
  return `{${items.join(', ')}}`;
}
