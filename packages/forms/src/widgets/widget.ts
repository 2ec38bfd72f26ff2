import { SafeString } from '@stack/utils';
import { dataGet, dataHas, type FormInput } from '../internal/data.js';
import { pyStr } from '../internal/py.js';
import { getDefaultRenderer, type FormRenderer } from '../renderers.js';

/** HTML attributes: `true` renders a bare attribute, `false` leaves it out. */
export type Attrs = Record<string, unknown>;

/** What every widget takes (Django's `attrs=`). */
export interface WidgetOptions {
  attrs?: Attrs | null;
}

/** The `widget` dictionary a widget's template receives (keys camelCased; templates may snake_case them). */
export interface WidgetData {
  name: string;
  isHidden: boolean;
  required: boolean;
  value: unknown;
  attrs: Attrs;
  templateName: string;
  [key: string]: unknown;
}

/** The options of `widget.render()`. */
export interface RenderOptions {
  attrs?: Attrs | null;
  renderer?: FormRenderer | null;
}

/** A widget class with a no-argument constructor, as fields accept it (`widget: Textarea`). */
export type WidgetClass = new () => Widget;

/**
 * Django's `Widget`: turns a value into HTML through its template, and reads its value back
 * from submitted data. Subclass it with a `templateName` and override `getContext()`.
 *
 * @example
 * ```ts
 * class ColorInput extends Input {
 *   override inputType = 'color';
 * }
 * (await new ColorInput({ attrs: { class: 'wide' } }).render('tint', '#ff0000')).value;
 * // '<input type="color" name="tint" value="#ff0000" class="wide">'
 * ```
 */
export class Widget {
  /** Attributes rendered on the element. */
  attrs: Attrs;
  isLocalized = false;
  /** Set by the field: whether a value is required (the clear checkbox and empty choices depend on it). */
  isRequired = false;
  /** Whether the widget's text keeps microseconds (date/time inputs drop them). */
  supportsMicroseconds = true;
  templateName = '';

  constructor(options: WidgetOptions = {}) {
    this.attrs = { ...(options.attrs ?? {}) };
  }

  /** Whether the form must be sent as `multipart/form-data`. */
  get needsMultipartForm(): boolean {
    return false;
  }

  get isHidden(): boolean {
    return false;
  }

  /** A copy whose attributes can change without touching this one (Django's `__deepcopy__`). */
  clone(): this {
    const copy = Object.assign(Object.create(Object.getPrototypeOf(this) as object) as this, this);
    copy.attrs = { ...this.attrs };
    return copy;
  }

  /** The data of each sub-widget (one for most widgets; one per choice for radios). */
  subwidgets(name: string, value: unknown, attrs: Attrs | null = null): WidgetData[] {
    return [this.getContext(name, value, attrs).widget];
  }

  /** The value as the template shows it: `null` for empty, else its text. */
  formatValue(value: unknown): unknown {
    if (value === '' || value === null || value === undefined) return null;
    return pyStr(value);
  }

  getContext(name: string, value: unknown, attrs: Attrs | null): { widget: WidgetData } {
    return {
      widget: {
        name,
        isHidden: this.isHidden,
        required: this.isRequired,
        value: this.formatValue(value),
        attrs: this.buildAttrs(this.attrs, attrs),
        templateName: this.templateName,
      },
    };
  }

  /** The widget as HTML (through its template, hence a promise). */
  render(name: string, value: unknown, options: RenderOptions = {}): Promise<SafeString> {
    const context = this.getContext(name, value, options.attrs ?? null);
    return this.renderTemplate(this.templateName, context, options.renderer ?? null);
  }

  /** Renders one template of this widget with `renderer` (the default one when none). */
  async renderTemplate(
    templateName: string,
    context: Record<string, unknown>,
    renderer: FormRenderer | null,
  ): Promise<SafeString> {
    return new SafeString(await (renderer ?? getDefaultRenderer()).render(templateName, context));
  }

  buildAttrs(baseAttrs: Attrs, extraAttrs: Attrs | null = null): Attrs {
    return { ...baseAttrs, ...(extraAttrs ?? {}) };
  }

  /** The submitted value of this widget, or `undefined` when it was not sent. */
  valueFromDatadict(data: FormInput, _files: FormInput, name: string): unknown {
    return dataGet(data, name);
  }

  /** Whether the submitted data leaves this widget out entirely. */
  valueOmittedFromData(data: FormInput, _files: FormInput, name: string): boolean {
    return !dataHas(data, name);
  }

  /** The id a `<label for>` should name, given the field's id. */
  idForLabel(id: string): string {
    return id;
  }

  /** Whether to render the `required` attribute. */
  useRequiredAttribute(_initial: unknown): boolean {
    return !this.isHidden;
  }
}

/**
 * Django's `Input`: an `<input>` of some `type` (an `attrs.type` overrides it).
 *
 * @example
 * ```ts
 * await new TextInput({ attrs: { type: 'tel' } }).render('phone', ''); // <input type="tel" name="phone">
 * ```
 */
export class Input extends Widget {
  inputType: string;

  constructor(
    options: WidgetOptions = {},
    defaults: { inputType: string; templateName: string } = {
      inputType: 'text',
      templateName: 'django/forms/widgets/input.html',
    },
  ) {
    const { type, ...attrs } = options.attrs ?? {};
    super({ attrs });
    this.inputType = type === undefined ? defaults.inputType : String(type);
    this.templateName = defaults.templateName;
  }

  override get isHidden(): boolean {
    return this.inputType === 'hidden';
  }

  override getContext(name: string, value: unknown, attrs: Attrs | null): { widget: WidgetData } {
    const context = super.getContext(name, value, attrs);
    context.widget.type = this.inputType;
    return context;
  }
}

function inputClass(inputType: string, template: string) {
  const defaults = { inputType, templateName: `django/forms/widgets/${template}.html` };
  return class extends Input {
    constructor(options: WidgetOptions = {}) {
      super(options, defaults);
    }
  };
}

/** `<input type="text">`. @example `new TextInput({ attrs: { size: 10 } })` */
export class TextInput extends inputClass('text', 'text') {}
/** `<input type="number">`. @example `new NumberInput({ attrs: { step: 5 } })` */
export class NumberInput extends inputClass('number', 'number') {}
/** `<input type="email">`. @example `new EmailInput()` */
export class EmailInput extends inputClass('email', 'email') {}
/** `<input type="url">`. @example `new URLInput()` */
export class URLInput extends inputClass('url', 'url') {}
/** `<input type="hidden">`. @example `new HiddenInput()` */
export class HiddenInput extends inputClass('hidden', 'hidden') {}

/**
 * `<input type="password">`; the value is not rendered back unless `renderValue`.
 *
 * @example
 * ```ts
 * new PasswordInput({ renderValue: true })
 * ```
 */
export class PasswordInput extends inputClass('password', 'password') {
  renderValue: boolean;

  constructor(options: WidgetOptions & { renderValue?: boolean } = {}) {
    super(options);
    this.renderValue = options.renderValue ?? false;
  }

  override getContext(name: string, value: unknown, attrs: Attrs | null): { widget: WidgetData } {
    return super.getContext(name, this.renderValue ? value : null, attrs);
  }
}

/**
 * `<textarea>`, 40 columns by 10 rows unless `attrs` say otherwise.
 *
 * @example
 * ```ts
 * new Textarea({ attrs: { rows: 3 } })
 * ```
 */
export class Textarea extends Widget {
  constructor(options: WidgetOptions = {}) {
    super({ attrs: { cols: '40', rows: '10', ...(options.attrs ?? {}) } });
    this.templateName = 'django/forms/widgets/textarea.html';
  }
}

/**
 * Django's `CheckboxInput`: checked when `checkTest(value)` (by default: not `false`, `null`
 * or `''`); an unchecked box sends nothing, so a missing value reads as `false`.
 *
 * @example
 * ```ts
 * new CheckboxInput({ checkTest: (v) => v === 'yes' })
 * ```
 */
export class CheckboxInput extends inputClass('checkbox', 'checkbox') {
  checkTest: (value: unknown) => boolean;

  constructor(options: WidgetOptions & { checkTest?: (value: unknown) => boolean } = {}) {
    super(options);
    this.checkTest =
      options.checkTest ?? ((v) => !(v === false || v === null || v === undefined || v === ''));
  }

  override formatValue(value: unknown): unknown {
    if (value === true || value === false || value === null || value === undefined || value === '')
      return null;
    return pyStr(value);
  }

  override getContext(name: string, value: unknown, attrs: Attrs | null): { widget: WidgetData } {
    const extra = this.checkTest(value) ? { ...(attrs ?? {}), checked: true } : attrs;
    return super.getContext(name, value, extra);
  }

  override valueFromDatadict(data: FormInput, _files: FormInput, name: string): unknown {
    if (!dataHas(data, name)) return false;
    let value = dataGet(data, name);
    if (typeof value === 'string') {
      const lower = value.toLowerCase();
      if (lower === 'true') value = true;
      else if (lower === 'false') value = false;
    }
    return pyTruthy(value);
  }

  override valueOmittedFromData(): boolean {
    return false;
  }
}

/** Python's `bool()`. */
export function pyTruthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (value !== null && typeof value === 'object') {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto === Object.prototype || proto === null) return Object.keys(value).length > 0;
    return true;
  }
  if (typeof value === 'number') return value !== 0;
  return Boolean(value);
}
