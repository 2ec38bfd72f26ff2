import { ValidationError } from '../errors.js';
import { isEmptyValue } from '../internal/data.js';
import { classMessages, dict } from '../internal/py.js';
import { runValidator, type Validator } from '../validators.js';
import {
  HiddenInput,
  TextInput,
  type Attrs,
  type Widget,
  type WidgetClass,
} from '../widgets/widget.js';

/** The options every form field takes (Django's `Field` arguments, camelCased). */
export interface FieldOptions {
  /** Whether a value must be given (default true). */
  required?: boolean;
  /** The widget, as a class or an instance (each form gets its own copy). */
  widget?: Widget | WidgetClass | null;
  /** The label; by default the field name made pretty (`first_name` → `First name`). */
  label?: string | null;
  /** The value shown by an unbound form (a function is called each time). */
  initial?: unknown;
  helpText?: string;
  /** Messages by error code, replacing the defaults. */
  errorMessages?: Readonly<Record<string, string>>;
  /** Also render the initial value in a hidden input, to tell changes apart. */
  showHiddenInitial?: boolean;
  validators?: readonly Validator[];
  localize?: boolean;
  /** Shown but not editable: the submitted value is ignored for the initial one. */
  disabled?: boolean;
  /** Overrides the form's `labelSuffix` for this field. */
  labelSuffix?: string | null;
}

/** A field's declared-class defaults (Django's class attributes). */
export interface FieldClass {
  widget: WidgetClass;
  hiddenWidget: WidgetClass;
  defaultValidators: readonly Validator[];
  defaultErrorMessages: Readonly<Record<string, string>>;
}

/** Python's `==` for the values fields hold (dates by time, lists item by item). */
export function pyEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((item, i) => pyEquals(item, b[i]));
  if (typeof a === 'boolean' && typeof b === 'number') return Number(a) === b;
  if (typeof b === 'boolean' && typeof a === 'number') return Number(b) === a;
  return false;
}

/**
 * Django's form `Field`: turns a submitted value into a clean one (`clean()`: `toPython`,
 * `validate`, then the validators), and knows its widget, label and messages. `T` is the type
 * of the clean value, which `form.cleanedData` carries.
 *
 * @example
 * ```ts
 * class PhoneField extends Field<string> {
 *   override toPython(value: unknown): string {
 *     return String(value ?? '').replace(/[^\d+]/g, '');
 *   }
 * }
 * ```
 */
export abstract class Field<T = unknown> {
  /** Phantom: the clean value's type, for inference only. */
  declare readonly __cleaned: T;
  static widget: WidgetClass = TextInput;
  static hiddenWidget: WidgetClass = HiddenInput;
  static defaultValidators: readonly Validator[] = [];
  static defaultErrorMessages: Readonly<Record<string, string>> = {
    required: 'This field is required.',
  };

  required: boolean;
  label: string | null;
  initial: unknown;
  helpText: string;
  showHiddenInitial: boolean;
  disabled: boolean;
  labelSuffix: string | null;
  localize: boolean;
  /** Messages by code: the class defaults, then `errorMessages`. */
  errorMessages: Record<string, string>;
  validators: Validator[];
  /** The widget class used to render the field as hidden. */
  hiddenWidget: WidgetClass;
  private widgetSpec: Widget | WidgetClass;
  private builtWidget: Widget | undefined;

  constructor(options: FieldOptions = {}) {
    const klass = this.constructor as unknown as FieldClass;
    this.required = options.required ?? true;
    this.label = options.label ?? null;
    this.initial = options.initial;
    this.helpText = options.helpText ?? '';
    this.showHiddenInitial = options.showHiddenInitial ?? false;
    this.disabled = options.disabled ?? false;
    this.labelSuffix = options.labelSuffix ?? null;
    this.localize = options.localize ?? false;
    this.hiddenWidget = klass.hiddenWidget;
    this.widgetSpec = options.widget ?? klass.widget;
    this.builtWidget = undefined;
    this.errorMessages = classMessages(klass, options.errorMessages);
    this.validators = [...klass.defaultValidators, ...(options.validators ?? [])];
  }

  /**
   * The widget: built on first use from the class or instance given (so every constructor has
   * run), told whether the field is required, and given the field's own attributes
   * (`widgetAttrs()`: `maxlength`, `min`, `step`…).
   */
  get widget(): Widget {
    if (!this.builtWidget) {
      const spec = this.widgetSpec;
      const widget = typeof spec === 'function' ? new spec() : spec.clone();
      if (this.localize) widget.isLocalized = true;
      widget.isRequired = this.required;
      Object.assign(widget.attrs, this.widgetAttrs(widget));
      this.builtWidget = widget;
      this.onWidgetBuilt(widget);
    }
    return this.builtWidget;
  }

  /** Replaces the widget as it is (Django: assigning `field.widget`). */
  set widget(widget: Widget | WidgetClass) {
    this.builtWidget = typeof widget === 'function' ? new widget() : widget;
    this.onWidgetBuilt(this.builtWidget);
  }

  /** Called when the widget is built or replaced (choice fields hand it their choices). */
  protected onWidgetBuilt(_widget: Widget): void {}

  /** The value as the widget should show it. */
  prepareValue(value: unknown): unknown {
    return value;
  }

  /**
   * The value as the widget should show it, when it is the initial value rather than submitted
   * text (a date field formats its ISO text with the widget's format, as Django formats a date).
   */
  prepareInitial(value: unknown): unknown {
    return this.prepareValue(value);
  }

  /** The submitted value in the field's type; throws ValidationError when it cannot be. */
  toPython(value: unknown): unknown {
    return value;
  }

  /** Checks that need the whole value (required, choices); throws ValidationError. */
  validate(value: unknown): void {
    if (this.required && isEmptyValue(value))
      throw new ValidationError(this.errorMessages.required as string, { code: 'required' });
  }

  /** Runs the validators on a non-empty value, collecting every error. */
  runValidators(value: unknown): void {
    if (isEmptyValue(value)) return;
    const errors: ValidationError[] = [];
    for (const validator of this.validators) {
      try {
        runValidator(validator, value);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        for (const item of error.errorList) {
          if (
            item.code !== undefined &&
            Object.prototype.hasOwnProperty.call(this.errorMessages, item.code)
          )
            item.message = this.errorMessages[item.code] as string;
          errors.push(item);
        }
      }
    }
    if (errors.length > 0) throw new ValidationError(errors);
  }

  /**
   * The clean value of a submitted one, or a ValidationError. `initial` is the form's initial
   * value (file fields keep it when nothing new was sent). Model choice and image fields need
   * to wait (a query, a file read) and return a promise.
   */
  clean(value: unknown, _initial?: unknown): T | Promise<T> {
    const python = this.toPython(value);
    this.validate(python);
    this.runValidators(python);
    return python as T;
  }

  /** What a bound form shows: the submitted data, or the initial value for a disabled field. */
  boundData(data: unknown, initial: unknown): unknown {
    return this.disabled ? initial : data;
  }

  /** HTML attributes this field adds to its widget. */
  widgetAttrs(_widget: Widget): Attrs {
    return {};
  }

  /** Whether the submitted data differs from the initial value. */
  hasChanged(initial: unknown, data: unknown): boolean {
    if (this.disabled) return false;
    let value: unknown;
    try {
      value = this.toPython(data);
      if (this.coerceValue) return !pyEquals(this.coerceValue(value), this.coerceValue(initial));
    } catch (error) {
      if (error instanceof ValidationError) return true;
      throw error;
    }
    const initialValue = initial === null || initial === undefined ? '' : initial;
    const dataValue = value === null || value === undefined ? '' : value;
    return !pyEquals(initialValue, dataValue);
  }

  /** Typed choice fields convert values with their `coerce` (Django's `_coerce`). */
  coerceValue?(value: unknown): unknown;

  /**
   * Loads what rendering needs and cannot get synchronously (a model choice field's rows);
   * called before the field is rendered.
   */
  async load(): Promise<void> {}

  /** A copy for one form (Django's `__deepcopy__`): its own widget, messages and validators. */
  clone(): this {
    const copy = Object.assign(Object.create(Object.getPrototypeOf(this) as object) as this, this);
    copy.builtWidget = this.widget.clone();
    copy.widgetSpec = copy.builtWidget;
    copy.errorMessages = Object.assign(dict<string>(), this.errorMessages);
    copy.validators = [...this.validators];
    return copy;
  }
}
