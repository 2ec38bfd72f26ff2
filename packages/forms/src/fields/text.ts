import { ValidationError } from '../errors.js';
import { isEmptyValue } from '../internal/data.js';
import { cleanIpv6Address } from '../internal/ip.js';
import { pyStr, pyStrip } from '../internal/py.js';
import { urlsplit, urlunsplit, type SplitUrl } from '../internal/urls.js';
import {
  MaxLengthValidator,
  MinLengthValidator,
  ProhibitNullCharactersValidator,
  RegexValidator,
  URLValidator,
  ipAddressValidators,
  validateEmail,
  validateSlug,
  validateUnicodeSlug,
  type Validator,
} from '../validators.js';
import {
  EmailInput,
  Textarea,
  URLInput,
  type Attrs,
  type Widget,
  type WidgetClass,
} from '../widgets/widget.js';
import { Field, type FieldOptions } from './field.js';

/** The options of `CharField` and the text fields built on it. */
export interface CharFieldOptions<E extends string | null = string> extends FieldOptions {
  maxLength?: number | null;
  minLength?: number | null;
  /** Strip surrounding whitespace (default true). */
  strip?: boolean;
  /** The clean value of an empty submission (default `''`; `null` is common). */
  emptyValue?: E;
}

/**
 * The clean type of a text field: `string`, or `string | null` with `emptyValue: null` (a
 * conditional type, so a field's type never widens to `any` from the context it is declared in).
 */
export type TextValue<E extends string | null> = [E] extends [null] ? string | null : string;

/** Text of a submitted value: strings as they are, numbers and booleans as Python prints them. */
function textOf(value: unknown, field: Field): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return pyStr(value);
  // An object or a list where text was expected (a crafted JSON body, `a[]=` keys): refuse it
  // rather than print it.
  throw new ValidationError(field.errorMessages.invalid ?? 'Enter a valid value.', {
    code: 'invalid',
  });
}

/**
 * Django's `CharField`: text, stripped by default, with optional `maxLength`/`minLength`
 * (also rendered as `maxlength`/`minlength`); null characters are refused.
 *
 * @example
 * ```ts
 * const subject = new CharField({ maxLength: 100 });
 * subject.clean('  Hello  '); // 'Hello'
 * ```
 */
export class CharField<E extends string | null = string> extends Field<TextValue<E>> {
  maxLength: number | null;
  minLength: number | null;
  strip: boolean;
  emptyValue: string | null;

  constructor(options: CharFieldOptions<E> = {}) {
    super(options);
    this.maxLength = options.maxLength ?? null;
    this.minLength = options.minLength ?? null;
    this.strip = options.strip ?? true;
    this.emptyValue = options.emptyValue === undefined ? '' : options.emptyValue;
    if (this.minLength !== null)
      this.validators.push(new MinLengthValidator(Math.trunc(this.minLength)));
    if (this.maxLength !== null)
      this.validators.push(new MaxLengthValidator(Math.trunc(this.maxLength)));
    this.validators.push(new ProhibitNullCharactersValidator());
  }

  override toPython(value: unknown): any {
    let text: unknown = value;
    if (!isEmptyValue(value)) {
      text = textOf(value, this);
      if (this.strip) text = pyStrip(text as string);
    }
    if (isEmptyValue(text)) return this.emptyValue;
    return text as string;
  }

  override clean(value: unknown, initial?: unknown): TextValue<E> {
    return super.clean(value, initial) as TextValue<E>;
  }

  override widgetAttrs(widget: Widget): Attrs {
    const attrs = super.widgetAttrs(widget);
    if (this.maxLength !== null && !widget.isHidden) attrs.maxlength = String(this.maxLength);
    if (this.minLength !== null && !widget.isHidden) attrs.minlength = String(this.minLength);
    return attrs;
  }
}

/**
 * Django's `RegexField`: a `CharField` whose value must match `regex` (not stripped unless asked).
 *
 * @example
 * ```ts
 * new RegexField({ regex: /^[A-Z]{2}\d{4}$/, errorMessages: { invalid: 'Two letters, four digits.' } })
 * ```
 */
export class RegexField<E extends string | null = string> extends CharField<E> {
  private regexValidator: Validator;

  constructor(options: CharFieldOptions<E> & { regex: RegExp | string }) {
    super({ strip: false, ...options });
    this.regexValidator = new RegexValidator({ regex: options.regex });
    this.validators.push(this.regexValidator);
  }

  get regex(): RegExp {
    return (this.regexValidator as RegexValidator).regex;
  }

  set regex(regex: RegExp | string) {
    const index = this.validators.indexOf(this.regexValidator);
    this.regexValidator = new RegexValidator({ regex });
    if (index === -1) this.validators.push(this.regexValidator);
    else this.validators[index] = this.regexValidator;
  }
}

/**
 * Django's `EmailField`: a stripped text checked by `validateEmail`, at most 320 characters.
 *
 * @example
 * ```ts
 * new EmailField().clean('ann@example.com'); // 'ann@example.com'
 * ```
 */
export class EmailField<E extends string | null = string> extends CharField<E> {
  static override widget: WidgetClass = EmailInput;
  static override defaultValidators: readonly Validator[] = [validateEmail];

  constructor(options: CharFieldOptions<E> = {}) {
    super({ maxLength: 320, ...options, strip: true });
  }
}

/**
 * Django's `URLField`: `http://` is added when the scheme is missing, then `URLValidator`.
 *
 * @example
 * ```ts
 * new URLField().clean('example.com'); // 'http://example.com'
 * ```
 */
export class URLField<E extends string | null = string> extends CharField<E> {
  static override widget: WidgetClass = URLInput;
  static override defaultErrorMessages: Readonly<Record<string, string>> = {
    invalid: 'Enter a valid URL.',
  };
  static override defaultValidators: readonly Validator[] = [new URLValidator()];

  constructor(options: CharFieldOptions<E> = {}) {
    super({ ...options, strip: true });
  }

  override toPython(value: unknown): any {
    const text = super.toPython(value);
    if (typeof text !== 'string' || !text) return text;
    const split = (url: string): SplitUrl => {
      try {
        return urlsplit(url);
      } catch {
        throw new ValidationError(this.errorMessages.invalid as string, { code: 'invalid' });
      }
    };
    let fields = split(text);
    if (!fields[0]) fields[0] = 'http';
    if (!fields[1]) {
      fields[1] = fields[2];
      fields[2] = '';
      fields = split(urlunsplit(fields));
    }
    return urlunsplit(fields);
  }
}

/**
 * Django's `SlugField`: letters, digits, `_` and `-` (any script with `allowUnicode`).
 *
 * @example
 * ```ts
 * new SlugField({ maxLength: 50 }).clean('my-first-post'); // 'my-first-post'
 * ```
 */
export class SlugField<E extends string | null = string> extends CharField<E> {
  static override defaultValidators: readonly Validator[] = [validateSlug];
  allowUnicode: boolean;

  constructor(options: CharFieldOptions<E> & { allowUnicode?: boolean } = {}) {
    super(options);
    this.allowUnicode = options.allowUnicode ?? false;
    if (this.allowUnicode) {
      const index = this.validators.indexOf(validateSlug);
      if (index !== -1) this.validators[index] = validateUnicodeSlug;
    }
  }
}

const UUID_HEX = /^[0-9a-f]{32}$/;

/**
 * Django's `UUIDField`: any form Python's `uuid.UUID()` reads (with or without hyphens or
 * braces, `urn:uuid:`), cleaned to the lower-case hyphenated text.
 *
 * @example
 * ```ts
 * new UUIDField().clean('{12345678-1234-5678-1234-567812345678}'); // '12345678-1234-5678-1234-567812345678'
 * ```
 */
export class UUIDField<R extends boolean = true> extends CharField<
  R extends false ? null : string
> {
  static override defaultErrorMessages: Readonly<Record<string, string>> = {
    invalid: 'Enter a valid UUID.',
  };

  constructor(options: Omit<CharFieldOptions, 'emptyValue'> & { required?: R } = {}) {
    super(options as CharFieldOptions<R extends false ? null : string>);
  }

  override toPython(value: unknown): any {
    const text = super.toPython(value);
    if (isEmptyValue(text)) return null;
    const hex = String(text)
      .replace(/^urn:/, '')
      .replace(/^uuid:/, '')
      .replace(/^[{]|[}]$/g, '')
      .replace(/-/g, '')
      .toLowerCase();
    if (!UUID_HEX.test(hex))
      throw new ValidationError(this.errorMessages.invalid as string, { code: 'invalid' });
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
}

/** The options of `GenericIPAddressField`. */
export interface GenericIPAddressFieldOptions<E extends string | null> extends CharFieldOptions<E> {
  /** `'both'` (default), `'ipv4'` or `'ipv6'`. */
  protocol?: 'both' | 'ipv4' | 'ipv6' | 'IPv4' | 'IPv6';
  /** Return IPv4-mapped IPv6 addresses as IPv4. */
  unpackIpv4?: boolean;
}

/**
 * Django's `GenericIPAddressField`: an IPv4 or IPv6 address; IPv6 comes back compressed.
 *
 * @example
 * ```ts
 * new GenericIPAddressField().clean('2001:0db8:0000:0000:0000:0000:0000:0001'); // '2001:db8::1'
 * ```
 */
export class GenericIPAddressField<E extends string | null = string> extends CharField<E> {
  unpackIpv4: boolean;

  constructor(options: GenericIPAddressFieldOptions<E> = {}) {
    const [validators] = ipAddressValidators(
      options.protocol ?? 'both',
      options.unpackIpv4 ?? false,
    );
    // Debian's Django 3.2.25 caps addresses at 39 characters (a security fix Django 4.2 has too).
    super({
      maxLength: 39,
      ...options,
      validators: [...validators, ...(options.validators ?? [])],
    });
    this.unpackIpv4 = options.unpackIpv4 ?? false;
  }

  override toPython(value: unknown): any {
    if (isEmptyValue(value)) return '';
    const text = pyStrip(textOf(value, this));
    if (text && text.includes(':')) {
      const tooLong = text.length > (this.maxLength ?? 39);
      const clean = tooLong ? null : cleanIpv6Address(text, this.unpackIpv4);
      if (clean === null)
        throw new ValidationError('This is not a valid IPv6 address.', { code: 'invalid' });
      return clean;
    }
    return text;
  }
}

/** A JSON value. */
export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Text that failed to parse as JSON, shown back as typed. */
class InvalidJSONInput {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

/** A JSON string value, kept apart from raw text. */
class JSONString {
  constructor(readonly value: string) {}
}

/**
 * Django's `JSONField`: JSON text in a `<textarea>`, cleaned to the parsed value; a JSON body
 * may also hand it an already parsed object or list.
 *
 * @example
 * ```ts
 * new JSONField().clean('{"a": [1, 2]}'); // { a: [1, 2] }
 * ```
 */
export class JSONField<T = JsonValue> extends Field<T | null> {
  static override widget: WidgetClass = Textarea;
  static override defaultErrorMessages: Readonly<Record<string, string>> = {
    invalid: 'Enter a valid JSON.',
  };

  constructor(options: FieldOptions = {}) {
    super(options);
    this.validators.push(new ProhibitNullCharactersValidator());
  }

  override toPython(value: unknown): any {
    if (this.disabled) return value;
    if (isEmptyValue(value)) return null;
    if (value instanceof JSONString) return value.value;
    if (typeof value === 'number' || (typeof value === 'object' && value !== null)) return value;
    try {
      const parsed = JSON.parse(String(value)) as unknown;
      return typeof parsed === 'string' ? new JSONString(parsed) : parsed;
    } catch {
      throw new ValidationError(this.errorMessages.invalid as string, {
        code: 'invalid',
        params: { value },
      });
    }
  }

  override clean(value: unknown, initial?: unknown): any {
    const result = super.clean(value, initial);
    return result instanceof JSONString ? result.value : result;
  }

  override boundData(data: unknown, initial: unknown): unknown {
    if (this.disabled) return initial;
    if (typeof data !== 'string') return data;
    try {
      return JSON.parse(data) as unknown;
    } catch {
      return new InvalidJSONInput(data);
    }
  }

  override prepareValue(value: unknown): unknown {
    if (value instanceof InvalidJSONInput) return value.text;
    return pyJsonDumps(value === undefined ? null : value);
  }

  override hasChanged(initial: unknown, data: unknown): boolean {
    if (super.hasChanged(initial, data)) return true;
    let parsed: unknown;
    try {
      parsed = this.toPython(data);
    } catch {
      return true;
    }
    return sortedJson(initial) !== sortedJson(parsed instanceof JSONString ? parsed.value : parsed);
  }
}

/** `json.dumps(value, ensure_ascii=False)`: Python's separators, non-ASCII kept. */
function pyJsonDumps(value: unknown, sortKeys = false): string {
  if (value === null || value === undefined) return 'null';
  if (value === true) return 'true';
  if (value === false) return 'false';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN';
    if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
    return JSON.stringify(value);
  }
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => pyJsonDumps(v, sortKeys)).join(', ')}]`;
  if (value instanceof Date)
    return Number.isNaN(value.getTime()) ? 'null' : JSON.stringify(value.toISOString());
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (sortKeys) keys.sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}: ${pyJsonDumps(record[k], sortKeys)}`).join(', ')}}`;
}

function sortedJson(value: unknown): string {
  return pyJsonDumps(value, true);
}
