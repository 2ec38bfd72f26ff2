import type { ColumnType, Dialect } from '../internal/dialect.js';
import type { AnyModelClass, ModelReference } from '../model/types.js';

/** A validator: throws a `ValidationError` (or returns a message) when a value is invalid. */
// Method syntax keeps validators bivariant, so a Field<number> is still a Field<unknown>.
export type Validator<T = unknown> = { check(value: T): string | void }['check'];

/** The options every field takes (Django's field options, camelCased). */
export interface FieldOptions<T, N extends boolean = boolean> {
  /** Store SQL NULL for a missing value (default false). */
  null?: N;
  /** Allow an empty value in `fullClean()` (default false). */
  blank?: boolean;
  /** A value, or a function called for each new instance. */
  default?: T | (() => T);
  unique?: boolean;
  dbIndex?: boolean;
  /** Allowed values with their labels; `fullClean()` refuses others. */
  choices?: ReadonlyArray<readonly [T, string]>;
  /** The column name (default: the field name in snake_case). */
  dbColumn?: string;
  validators?: ReadonlyArray<Validator<T>>;
  verboseName?: string;
  helpText?: string;
  primaryKey?: boolean;
  /** False hides the field from forms and `fullClean()`. */
  editable?: boolean;
}

/** The value type a field holds on an instance, `null` included when the field is nullable. */
export type ValueOf<F> =
  F extends Field<infer T, infer N> ? (N extends true ? T | null : T) : never;

/**
 * camelCase → snake_case, the column naming rule (`pubDate` → `pub_date`).
 *
 * @example
 * ```ts
 * snakeCase('pubDate'); // 'pub_date'
 * ```
 */
export function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/**
 * The base of every field: its options, its column, and how its values cross into and out of the
 * database. `T` is the value type on an instance; `N` whether it may be null.
 *
 * @example
 * ```ts
 * class ColorField extends CharField {
 *   override clean(value: string) { return value.toLowerCase(); }
 * }
 * ```
 */
export abstract class Field<T = unknown, N extends boolean = false> {
  /** Phantom: the value type, for inference only. */
  declare readonly __value: T;
  declare readonly __null: N;
  /** The field's name on the model, set when the model is defined. */
  name = '';
  /** The instance property holding the stored value (`authorId` for a ForeignKey `author`). */
  attname = '';
  /** The column name. */
  column = '';
  /** The model the field belongs to, set when the model is defined. */
  model: AnyModelClass | undefined;
  readonly options: FieldOptions<T, N>;
  /** Whether the field has a column (false for a ManyToManyField). */
  readonly concrete: boolean = true;
  /** Whether the field is a relation. */
  readonly isRelation: boolean = false;
  /**
   * Whether `''` is a value of this field (Django's `empty_strings_allowed`): text and file
   * fields. A blank such field added by a migration fills existing rows with `''`, unasked.
   */
  readonly emptyStringsAllowed: boolean = false;

  constructor(options: FieldOptions<T, N> = {}) {
    this.options = options;
  }

  get null(): boolean {
    return this.options.null === true;
  }

  get primaryKey(): boolean {
    return this.options.primaryKey === true;
  }

  get unique(): boolean {
    return this.options.unique === true || this.primaryKey;
  }

  /** The abstract column type the dialect turns into SQL. */
  abstract columnType(): ColumnType;

  /**
   * Turns a relation reference into a model class; given by `defineModel`, which knows the
   * registry (fields sit below it and never import it).
   */
  resolveModel: ((ref: ModelReference) => AnyModelClass) | undefined;

  /** Called once when the model is defined. */
  contribute(
    model: AnyModelClass,
    name: string,
    resolveModel?: (ref: ModelReference) => AnyModelClass,
  ): void {
    this.model = model;
    this.resolveModel = resolveModel;
    this.name = name;
    this.attname = name;
    this.column = this.options.dbColumn ?? snakeCase(name);
  }

  /** Copies the field for another model (abstract bases share definitions, not instances). */
  clone(): this {
    return Object.assign(Object.create(Object.getPrototypeOf(this) as object) as this, this, {
      model: undefined,
    });
  }

  get hasDefault(): boolean {
    return this.options.default !== undefined;
  }

  /** The default for a new instance (`null` for a nullable field without one). */
  getDefault(): unknown {
    const d = this.options.default;
    if (typeof d === 'function') return (d as () => T)();
    if (d !== undefined) return d;
    return this.null ? null : undefined;
  }

  /** A value as the driver binds it. `null` passes through. */
  toDb(value: unknown, dialect: Dialect): unknown {
    void dialect;
    return value;
  }

  /** A driver value as the instance holds it; `undefined` when no conversion is needed. */
  fromDb: ((value: unknown, dialect: Dialect) => unknown) | undefined = undefined;

  /** Turns a loosely typed value (a form string) into the field's type; throws on failure. */
  toPython(value: unknown): unknown {
    return value;
  }

  /** Validation messages for `value` (empty when valid): type, choices, blank, validators. */
  validate(value: unknown): string[] {
    const errors: string[] = [];
    const empty = value === null || value === undefined || value === '';
    if (empty) {
      if (value === null || value === undefined) {
        if (!this.null && !this.options.blank) errors.push('This field cannot be null.');
      } else if (!this.options.blank) errors.push('This field cannot be blank.');
      return errors;
    }
    const choices = this.options.choices;
    if (choices !== undefined && !choices.some(([v]) => v === value)) {
      errors.push(`Value ${JSON.stringify(value)} is not a valid choice.`);
    }
    errors.push(...this.checkValue(value));
    for (const validator of this.options.validators ?? []) {
      try {
        const message = validator(value as T);
        if (typeof message === 'string') errors.push(message);
      } catch (error) {
        errors.push(error instanceof Error ? error.message : String(error));
      }
    }
    return errors;
  }

  /** Field-specific checks of a non-empty value. */
  protected checkValue(value: unknown): string[] {
    void value;
    return [];
  }
}
