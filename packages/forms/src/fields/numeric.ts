import { ValidationError } from '../errors.js';
import { isEmptyValue } from '../internal/data.js';
import { parseDecimal, type PyDecimal } from '../internal/decimal.js';
import { pyStr, pyStrip } from '../internal/py.js';
import { DecimalValidator, MaxValueValidator, MinValueValidator } from '../validators.js';
import {
  NumberInput,
  TextInput,
  type Attrs,
  type Widget,
  type WidgetClass,
} from '../widgets/widget.js';
import { Field, pyEquals, type FieldOptions } from './field.js';

/** The options of `IntegerField` and `FloatField`. */
export interface NumberFieldOptions<R extends boolean> extends FieldOptions {
  required?: R;
  maxValue?: number | null;
  minValue?: number | null;
}

/** A localized number is typed as text: browsers handle `type="number"` badly with separators. */
function localizedWidget<O extends FieldOptions>(options: O, klass: unknown): O {
  const declared = (klass as { widget: WidgetClass }).widget;
  return options.localize && declared === NumberInput && options.widget === undefined
    ? { ...options, widget: TextInput }
    : options;
}

/** `number`, or `number | null` when the field is optional. */
type Optional<T, R extends boolean> = R extends false ? T | null : T;

function invalid(field: Field): ValidationError {
  return new ValidationError(field.errorMessages.invalid as string, { code: 'invalid' });
}

/** The text of a submitted number, or `null` when it is neither text nor a number. */
function numberText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return pyStr(value);
  return null;
}

const PY_INT = /^[+-]?(?:\d(?:_?\d)*)$/;

/**
 * Django's `IntegerField`: a whole number (`'12'`, `' 12 '`, `'12.0'`), rendered as
 * `<input type="number">` with `min`/`max` from `minValue`/`maxValue`. Whole numbers past
 * `Number.MAX_SAFE_INTEGER` are refused (JavaScript cannot hold them exactly).
 *
 * @example
 * ```ts
 * new IntegerField({ minValue: 1 }).clean('42'); // 42
 * ```
 */
export class IntegerField<R extends boolean = true> extends Field<Optional<number, R>> {
  static override widget: WidgetClass = NumberInput;
  static override defaultErrorMessages: Readonly<Record<string, string>> = {
    invalid: 'Enter a whole number.',
  };
  maxValue: number | null;
  minValue: number | null;

  constructor(options: NumberFieldOptions<R> = {}) {
    super(localizedWidget(options, new.target));
    this.maxValue = options.maxValue ?? null;
    this.minValue = options.minValue ?? null;
    if (this.maxValue !== null) this.validators.push(new MaxValueValidator(this.maxValue));
    if (this.minValue !== null) this.validators.push(new MinValueValidator(this.minValue));
  }

  override toPython(value: unknown): Optional<number, R> {
    if (isEmptyValue(value)) return null as Optional<number, R>;
    const text = numberText(value);
    if (text === null) throw invalid(this);
    const stripped = pyStrip(text.replace(/\.0*\s*$/, ''));
    if (!PY_INT.test(stripped)) throw invalid(this);
    const number = Number(stripped.replace(/_/g, ''));
    if (!Number.isSafeInteger(number)) throw invalid(this);
    return number === 0 ? 0 : number;
  }

  override clean(value: unknown, initial?: unknown): Optional<number, R> {
    return super.clean(value, initial) as Optional<number, R>;
  }

  override widgetAttrs(widget: Widget): Attrs {
    const attrs = super.widgetAttrs(widget);
    if (widget instanceof NumberInput) {
      if (this.minValue !== null) attrs.min = this.minValue;
      if (this.maxValue !== null) attrs.max = this.maxValue;
    }
    return attrs;
  }
}

const PY_FLOAT =
  /^[+-]?(?:(?:\d(?:_?\d)*)?\.?\d(?:_?\d)*(?:[eE][+-]?\d(?:_?\d)*)?|\d(?:_?\d)*\.(?:[eE][+-]?\d(?:_?\d)*)?|inf(?:inity)?|nan)$/i;

/**
 * Django's `FloatField`: a number as Python's `float()` reads it; infinities and NaN refused.
 * `step="any"` on the number input.
 *
 * @example
 * ```ts
 * new FloatField().clean('1e3'); // 1000
 * ```
 */
export class FloatField<R extends boolean = true> extends IntegerField<R> {
  static override defaultErrorMessages: Readonly<Record<string, string>> = {
    invalid: 'Enter a number.',
  };

  override toPython(value: unknown): Optional<number, R> {
    if (isEmptyValue(value)) return null as Optional<number, R>;
    const text = numberText(value);
    if (text === null) throw invalid(this);
    const stripped = pyStrip(text);
    if (!PY_FLOAT.test(stripped)) throw invalid(this);
    const lower = stripped.toLowerCase().replace(/_/g, '');
    if (lower.endsWith('nan')) return NaN;
    if (lower.endsWith('inf') || lower.endsWith('infinity'))
      return lower.startsWith('-') ? -Infinity : Infinity;
    return Number(lower);
  }

  override validate(value: unknown): void {
    super.validate(value);
    if (isEmptyValue(value)) return;
    if (!Number.isFinite(value)) throw invalid(this);
  }

  override widgetAttrs(widget: Widget): Attrs {
    const attrs = super.widgetAttrs(widget);
    if (widget instanceof NumberInput && !('step' in widget.attrs) && !('step' in attrs))
      attrs.step = 'any';
    return attrs;
  }
}

/** The options of `DecimalField`. */
export interface DecimalFieldOptions<R extends boolean> extends FieldOptions {
  required?: R;
  maxValue?: number | string | null;
  minValue?: number | string | null;
  maxDigits?: number | null;
  decimalPlaces?: number | null;
}

/**
 * Django's `DecimalField`: an exact decimal, cleaned to Python's text of it (`'12.50'`, as the
 * ORM's `DecimalField` holds it), with `maxDigits`/`decimalPlaces` checks and a matching `step`.
 *
 * @example
 * ```ts
 * new DecimalField({ maxDigits: 5, decimalPlaces: 2 }).clean('3.14'); // '3.14'
 * ```
 */
export class DecimalField<R extends boolean = true> extends Field<Optional<string, R>> {
  static override widget: WidgetClass = NumberInput;
  static override defaultErrorMessages: Readonly<Record<string, string>> = {
    invalid: 'Enter a number.',
  };
  maxValue: number | string | null;
  minValue: number | string | null;
  maxDigits: number | null;
  decimalPlaces: number | null;

  constructor(options: DecimalFieldOptions<R> = {}) {
    super(localizedWidget(options, new.target));
    this.maxValue = options.maxValue ?? null;
    this.minValue = options.minValue ?? null;
    this.maxDigits = options.maxDigits ?? null;
    this.decimalPlaces = options.decimalPlaces ?? null;
    if (this.maxValue !== null) this.validators.push(new MaxValueValidator(String(this.maxValue)));
    if (this.minValue !== null) this.validators.push(new MinValueValidator(String(this.minValue)));
    this.validators.push(new DecimalValidator(this.maxDigits, this.decimalPlaces));
  }

  /** The value parsed, or throws `invalid`. */
  parse(value: unknown): PyDecimal {
    const text = numberText(value);
    const decimal = text === null ? null : parseDecimal(pyStrip(text));
    if (!decimal) throw invalid(this);
    return decimal;
  }

  override toPython(value: unknown): Optional<string, R> {
    if (isEmptyValue(value)) return null as Optional<string, R>;
    return this.parse(value).toString();
  }

  override validate(value: unknown): void {
    super.validate(value);
    if (isEmptyValue(value)) return;
    if (!this.parse(value).isFinite)
      throw new ValidationError(this.errorMessages.invalid as string, {
        code: 'invalid',
        params: { value },
      });
  }

  override clean(value: unknown, initial?: unknown): Optional<string, R> {
    return super.clean(value, initial) as Optional<string, R>;
  }

  override hasChanged(initial: unknown, data: unknown): boolean {
    if (this.disabled) return false;
    let value: unknown;
    try {
      value = this.toPython(data);
    } catch (error) {
      if (error instanceof ValidationError) return true;
      throw error;
    }
    const a =
      initial === null || initial === undefined || initial === ''
        ? null
        : parseDecimal(String(initial));
    const b = value === null ? null : parseDecimal(String(value));
    if (a === null || b === null)
      return !pyEquals(a === null ? '' : initial, b === null ? '' : value);
    if (!a.isFinite || !b.isFinite) return a.toString() !== b.toString();
    return a.compare(b) !== 0;
  }

  override widgetAttrs(widget: Widget): Attrs {
    const attrs = super.widgetAttrs(widget);
    if (widget instanceof NumberInput) {
      if (this.minValue !== null) attrs.min = this.minValue;
      if (this.maxValue !== null) attrs.max = this.maxValue;
      if (!('step' in widget.attrs)) {
        const places = this.decimalPlaces;
        attrs.step =
          places === null
            ? 'any'
            : places === 0
              ? '1'
              : places <= 6
                ? (10 ** -places).toFixed(places)
                : `1e-${places}`;
      }
    }
    return attrs;
  }
}
