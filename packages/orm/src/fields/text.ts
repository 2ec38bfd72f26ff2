import type { ColumnType } from '../internal/dialect.js';
import { Field, type FieldOptions } from './field.js';

/** Django's `Field.get_default()` for text: `''` when there is no default and no NULL. */
function emptyStringDefault(field: Field<string, boolean>, value: unknown): unknown {
  return value === undefined && !field.null && !field.primaryKey ? '' : value;
}

/**
 * A string of at most `maxLength` characters: `varchar(n)`.
 *
 * @example
 * ```ts
 * title: new CharField({ maxLength: 200 }) // "title" varchar(200) NOT NULL
 * ```
 */
export class CharField<N extends boolean = false> extends Field<string, N> {
  override readonly emptyStringsAllowed: boolean = true;
  readonly maxLength: number;

  constructor(options: FieldOptions<string, N> & { maxLength: number }) {
    super(options);
    this.maxLength = options.maxLength;
  }

  columnType(): ColumnType {
    return { kind: 'varchar', maxLength: this.maxLength };
  }

  /** `''` without a default, as Django's (empty strings are a CharField's empty value). */
  override getDefault(): unknown {
    return emptyStringDefault(this, super.getDefault());
  }

  override toPython(value: unknown): unknown {
    return value === null || value === undefined ? value : String(value);
  }

  protected override checkValue(value: unknown): string[] {
    if (typeof value !== 'string') return ['Enter a string.'];
    return value.length > this.maxLength
      ? [`Ensure this value has at most ${this.maxLength} characters (it has ${value.length}).`]
      : [];
  }
}

/**
 * Unbounded text: `text`.
 *
 * @example
 * ```ts
 * body: new TextField({ blank: true }) // "body" text NOT NULL
 * ```
 */
export class TextField<N extends boolean = false> extends Field<string, N> {
  override readonly emptyStringsAllowed: boolean = true;
  columnType(): ColumnType {
    return { kind: 'text' };
  }

  /** `''` without a default, as Django's. */
  override getDefault(): unknown {
    return emptyStringDefault(this, super.getDefault());
  }

  protected override checkValue(value: unknown): string[] {
    return typeof value === 'string' ? [] : ['Enter a string.'];
  }
}

function patterned(maxLength: number, pattern: RegExp, message: string) {
  return (value: unknown): string[] => {
    if (typeof value !== 'string') return ['Enter a string.'];
    if (value.length > maxLength) return [`Ensure this value has at most ${maxLength} characters.`];
    return pattern.test(value) ? [] : [message];
  };
}

/**
 * Letters, digits, `-` and `_` (default `maxLength` 50, indexed).
 *
 * @example
 * ```ts
 * slug: new SlugField({ unique: true }) // "slug" varchar(50) NOT NULL UNIQUE
 * ```
 */
export class SlugField<N extends boolean = false> extends CharField<N> {
  constructor(options: FieldOptions<string, N> & { maxLength?: number } = {}) {
    super({ dbIndex: true, ...options, maxLength: options.maxLength ?? 50 });
  }

  protected override checkValue(value: unknown): string[] {
    return patterned(
      this.maxLength,
      /^[-\w]+$/u,
      'Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.',
    )(value);
  }
}

/**
 * An e-mail address, checked by `fullClean()` (default `maxLength` 254).
 *
 * @example
 * ```ts
 * email: new EmailField({ unique: true }) // "email" varchar(254) NOT NULL UNIQUE
 * ```
 */
export class EmailField<N extends boolean = false> extends CharField<N> {
  constructor(options: FieldOptions<string, N> & { maxLength?: number } = {}) {
    super({ ...options, maxLength: options.maxLength ?? 254 });
  }

  protected override checkValue(value: unknown): string[] {
    return patterned(
      this.maxLength,
      /^[^\s@]+@[^\s@]+\.[^\s@]+$/u,
      'Enter a valid email address.',
    )(value);
  }
}

/**
 * An http(s) or ftp(s) URL, checked by `fullClean()` (default `maxLength` 200).
 *
 * @example
 * ```ts
 * homepage: new URLField({ blank: true }) // "homepage" varchar(200) NOT NULL
 * ```
 */
export class URLField<N extends boolean = false> extends CharField<N> {
  constructor(options: FieldOptions<string, N> & { maxLength?: number } = {}) {
    super({ ...options, maxLength: options.maxLength ?? 200 });
  }

  protected override checkValue(value: unknown): string[] {
    return patterned(
      this.maxLength,
      /^(?:https?|ftps?):\/\/[^\s/?#]+[^\s]*$/iu,
      'Enter a valid URL.',
    )(value);
  }
}
