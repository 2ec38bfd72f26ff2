import { ValidationError } from '../errors.js';
import { isEmptyValue } from '../internal/data.js';
import { pyStr } from '../internal/py.js';
import { pyTruthy, CheckboxInput, type Widget, type WidgetClass } from '../widgets/widget.js';
import {
  NullBooleanSelect,
  Select,
  SelectMultiple,
  ChoiceWidget,
  type Choice,
  type ChoiceGroup,
} from '../widgets/choice.js';
import { MultipleHiddenInput } from '../widgets/multi.js';
import { Field, pyEquals, type FieldOptions } from './field.js';

/**
 * Django's `BooleanField`: a checkbox. Required means it must be ticked; `'false'` and `'0'`
 * are false.
 *
 * @example
 * ```ts
 * new BooleanField({ required: false }).clean('on'); // true
 * ```
 */
export class BooleanField extends Field<boolean> {
  static override widget: WidgetClass = CheckboxInput;

  override toPython(value: unknown): boolean {
    if (typeof value === 'string' && ['false', '0'].includes(value.toLowerCase())) return false;
    return pyTruthy(value);
  }

  override validate(value: unknown): void {
    if (!value && this.required)
      throw new ValidationError(this.errorMessages.required as string, { code: 'required' });
  }

  override clean(value: unknown, initial?: unknown): boolean {
    return super.clean(value, initial) as boolean;
  }

  override hasChanged(initial: unknown, data: unknown): boolean {
    if (this.disabled) return false;
    return this.toPython(initial) !== this.toPython(data);
  }
}

/**
 * Django's `NullBooleanField`: true, false or unknown (`null`), from a Yes/No/Unknown select.
 *
 * @example
 * ```ts
 * new NullBooleanField().clean('unknown'); // null
 * ```
 */
export class NullBooleanField extends Field<boolean | null> {
  static override widget: WidgetClass = NullBooleanSelect;

  override toPython(value: unknown): boolean | null {
    if (value === true || value === 1 || value === 'True' || value === 'true' || value === '1')
      return true;
    if (value === false || value === 0 || value === 'False' || value === 'false' || value === '0')
      return false;
    return null;
  }

  override validate(): void {}

  override clean(value: unknown, initial?: unknown): boolean | null {
    return super.clean(value, initial) as boolean | null;
  }

  override hasChanged(initial: unknown, data: unknown): boolean {
    if (this.disabled) return false;
    return this.toPython(initial) !== this.toPython(data);
  }
}

/** Choices as Django takes them: a list of pairs and groups, or a function returning one. */
export type ChoicesInput = Iterable<Choice | ChoiceGroup> | (() => Iterable<Choice | ChoiceGroup>);

/** The options of `ChoiceField`. */
export interface ChoiceFieldOptions extends FieldOptions {
  choices?: ChoicesInput;
}

/**
 * What every choice field shares: its `choices` (handed to the widget) and how a value is
 * checked against them. `ChoiceField` cleans at once; model choice fields query the database.
 *
 * @example
 * ```ts
 * class ColorField extends BaseChoiceField<string> {}
 * ```
 */
export abstract class BaseChoiceField<T> extends Field<T> {
  static override widget: WidgetClass = Select;
  static override defaultErrorMessages: Readonly<Record<string, string>> = {
    invalid_choice: 'Select a valid choice. %(value)s is not one of the available choices.',
  };
  private _choices: (Choice | ChoiceGroup)[] | (() => Iterable<Choice | ChoiceGroup>) = [];

  constructor(options: ChoiceFieldOptions = {}) {
    super(options);
    this.choices = options.choices ?? [];
  }

  /** The choices (a function given as choices is called each time they are read). */
  get choices(): (Choice | ChoiceGroup)[] {
    const choices = this._choices;
    return typeof choices === 'function' ? [...choices()] : choices;
  }

  set choices(value: ChoicesInput) {
    this._choices = typeof value === 'function' ? value : [...value];
    this.pushChoices();
  }

  protected pushChoices(): void {
    if (this.hasBuiltWidget()) {
      const widget = this.widget;
      if (widget instanceof ChoiceWidget) widget.choices = this.choices;
    }
  }

  private hasBuiltWidget(): boolean {
    return (this as unknown as { builtWidget?: Widget }).builtWidget !== undefined;
  }

  protected override onWidgetBuilt(widget: Widget): void {
    if (widget instanceof ChoiceWidget) widget.choices = this.choices;
  }

  /** Whether `value` is one of the choices (as itself or as text). */
  validValue(value: unknown): boolean {
    const text = pyStr(value);
    for (const [k, v] of this.choices) {
      if (Array.isArray(v)) {
        for (const [k2] of v as readonly Choice[])
          if (pyEquals(value, k2) || text === pyStr(k2)) return true;
      } else if (pyEquals(value, k) || text === pyStr(k)) return true;
    }
    return false;
  }

  override clone(): this {
    const copy = super.clone();
    copy._choices = typeof this._choices === 'function' ? this._choices : [...this._choices];
    return copy;
  }
}

/**
 * Django's `ChoiceField`: one of `choices` (compared as text), from a `<select>`.
 *
 * @example
 * ```ts
 * const size = new ChoiceField({ choices: [['s', 'Small'], ['l', 'Large']] });
 * size.clean('l'); // 'l'
 * ```
 */
export class ChoiceField<T = string> extends BaseChoiceField<T> {
  override toPython(value: unknown): any {
    if (isEmptyValue(value)) return '';
    if (typeof value === 'object' && value !== null && !(value instanceof Date)) {
      throw new ValidationError(this.errorMessages.invalid_choice as string, {
        code: 'invalid_choice',
        params: { value: pyStr(value) },
      });
    }
    return pyStr(value);
  }

  override validate(value: unknown): void {
    super.validate(value);
    if (value && !this.validValue(value)) {
      throw new ValidationError(this.errorMessages.invalid_choice as string, {
        code: 'invalid_choice',
        params: { value },
      });
    }
  }

  override clean(value: unknown, initial?: unknown): T {
    return super.clean(value, initial) as T;
  }
}

/** The options of `TypedChoiceField`. */
export interface TypedChoiceFieldOptions<T, E> extends ChoiceFieldOptions {
  /** Turns the chosen text into the clean value (throw to refuse it). */
  coerce?: (value: string) => T;
  /** The clean value when nothing is chosen (default `''`). */
  emptyValue?: E;
}

/**
 * Django's `TypedChoiceField`: a choice converted by `coerce`.
 *
 * @example
 * ```ts
 * new TypedChoiceField({ choices: [[1, 'One'], [2, 'Two']], coerce: Number }).clean('2'); // 2
 * ```
 */
export class TypedChoiceField<T = string, E = ''> extends ChoiceField<T | E> {
  coerce: (value: string) => T;
  emptyValue: E;

  constructor(options: TypedChoiceFieldOptions<T, E> = {}) {
    super(options);
    this.coerce = options.coerce ?? ((v) => v as unknown as T);
    this.emptyValue = (options.emptyValue === undefined ? '' : options.emptyValue) as E;
  }

  override coerceValue(value: unknown): unknown {
    if (pyEquals(value, this.emptyValue) || isEmptyValue(value)) return this.emptyValue;
    try {
      return this.coerce(value as string);
    } catch {
      throw new ValidationError(this.errorMessages.invalid_choice as string, {
        code: 'invalid_choice',
        params: { value },
      });
    }
  }

  override clean(value: unknown, initial?: unknown): T | E {
    return this.coerceValue(super.clean(value, initial)) as T | E;
  }
}

/**
 * Django's `MultipleChoiceField`: several of `choices`, from a `<select multiple>`.
 *
 * @example
 * ```ts
 * new MultipleChoiceField({ choices: [['a', 'A'], ['b', 'B']] }).clean(['a', 'b']); // ['a', 'b']
 * ```
 */
export class MultipleChoiceField<T = string[]> extends ChoiceField<T> {
  static override widget: WidgetClass = SelectMultiple;
  static override hiddenWidget: WidgetClass = MultipleHiddenInput;
  static override defaultErrorMessages: Readonly<Record<string, string>> = {
    invalid_choice: 'Select a valid choice. %(value)s is not one of the available choices.',
    invalid_list: 'Enter a list of values.',
  };

  override toPython(value: unknown): any {
    if (!pyTruthy(value)) return [];
    if (!Array.isArray(value))
      throw new ValidationError(this.errorMessages.invalid_list as string, {
        code: 'invalid_list',
      });
    return value.map((item: unknown) => {
      if (typeof item === 'object' && item !== null)
        throw new ValidationError(this.errorMessages.invalid_list as string, {
          code: 'invalid_list',
        });
      return pyStr(item);
    });
  }

  override validate(value: unknown): void {
    const list = value as unknown[];
    if (this.required && list.length === 0)
      throw new ValidationError(this.errorMessages.required as string, { code: 'required' });
    for (const item of list) {
      if (!this.validValue(item)) {
        throw new ValidationError(this.errorMessages.invalid_choice as string, {
          code: 'invalid_choice',
          params: { value: item },
        });
      }
    }
  }

  override hasChanged(initial: unknown, data: unknown): boolean {
    if (this.disabled) return false;
    const a = (initial ?? []) as unknown[];
    const b = (data ?? []) as unknown[];
    if (a.length !== b.length) return true;
    const setA = new Set(a.map(pyStr));
    const setB = new Set(b.map(pyStr));
    return setA.size !== setB.size || [...setA].some((item) => !setB.has(item));
  }
}

/** The options of `TypedMultipleChoiceField`. */
export interface TypedMultipleChoiceFieldOptions<T> extends ChoiceFieldOptions {
  coerce?: (value: string) => T;
  emptyValue?: unknown;
}

/**
 * Django's `TypedMultipleChoiceField`: several choices, each converted by `coerce`.
 *
 * @example
 * ```ts
 * new TypedMultipleChoiceField({ choices: [[1, 'One'], [2, 'Two']], coerce: Number }).clean(['1', '2']); // [1, 2]
 * ```
 */
export class TypedMultipleChoiceField<T = string> extends MultipleChoiceField<T[]> {
  coerce: (value: string) => T;
  emptyValue: unknown;

  constructor(options: TypedMultipleChoiceFieldOptions<T> = {}) {
    super(options);
    this.coerce = options.coerce ?? ((v) => v as unknown as T);
    this.emptyValue = options.emptyValue === undefined ? [] : options.emptyValue;
  }

  override coerceValue(value: unknown): unknown {
    if (pyEquals(value, this.emptyValue) || isEmptyValue(value)) return this.emptyValue;
    return (value as string[]).map((choice) => {
      try {
        return this.coerce(choice);
      } catch {
        throw new ValidationError(this.errorMessages.invalid_choice as string, {
          code: 'invalid_choice',
          params: { value: choice },
        });
      }
    });
  }

  override clean(value: unknown, initial?: unknown): T[] {
    return this.coerceValue(super.clean(value, initial)) as T[];
  }

  override validate(value: unknown): void {
    if (!pyEquals(value, this.emptyValue)) super.validate(value);
    else if (this.required)
      throw new ValidationError(this.errorMessages.required as string, { code: 'required' });
  }
}
