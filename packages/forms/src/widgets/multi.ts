import { MONTHS } from '@stack/utils';
import { dataGet, dataGetList, dataHas, type FormInput } from '../internal/data.js';
import { NaiveDateTime, isValidDate, strptime, toZone } from '../internal/dates.js';
import { pyStr } from '../internal/py.js';
import { DATE_FORMAT, DateInput, TimeInput } from './dates.js';
import { Select, type Choice } from './choice.js';
import {
  HiddenInput,
  Widget,
  type Attrs,
  type WidgetClass,
  type WidgetData,
  type WidgetOptions,
} from './widget.js';

/**
 * One `<input type="hidden">` per value of a list (Django's `MultipleHiddenInput`), ids
 * suffixed `_0`, `_1`, ….
 *
 * @example
 * ```ts
 * await new MultipleHiddenInput().render('tags', ['a', 'b']);
 * // <input type="hidden" name="tags" value="a"><input type="hidden" name="tags" value="b">
 * ```
 */
export class MultipleHiddenInput extends HiddenInput {
  constructor(options: WidgetOptions = {}) {
    super(options);
    this.templateName = 'django/forms/widgets/multiple_hidden.html';
  }

  override getContext(name: string, value: unknown, attrs: Attrs | null): { widget: WidgetData } {
    const context = super.getContext(name, value, attrs);
    const finalAttrs = context.widget.attrs;
    const id = finalAttrs.id;
    const subwidgets: WidgetData[] = [];
    (context.widget.value as unknown[]).forEach((item, index) => {
      const widgetAttrs = { ...finalAttrs };
      if (id) widgetAttrs.id = `${String(id)}_${index}`;
      const widget = new HiddenInput();
      widget.isRequired = this.isRequired;
      subwidgets.push(widget.getContext(name, item, widgetAttrs).widget);
    });
    context.widget.subwidgets = subwidgets;
    return context;
  }

  override valueFromDatadict(data: FormInput, _files: FormInput, name: string): unknown {
    return dataGetList(data, name);
  }

  override formatValue(value: unknown): unknown {
    if (value === null || value === undefined) return [];
    return value;
  }
}

/** The options of a `MultiWidget`: its widgets, as a list or by name suffix. */
export interface MultiWidgetOptions extends WidgetOptions {
  widgets: ReadonlyArray<Widget | WidgetClass> | Readonly<Record<string, Widget | WidgetClass>>;
}

/**
 * Django's `MultiWidget`: several widgets for one value; subclasses say how to split the value
 * (`decompress`). Sub-widgets are named `<name>_0`, `<name>_1` (or `<name>_<key>` when given by name).
 *
 * @example
 * ```ts
 * class PhoneWidget extends MultiWidget {
 *   constructor() { super({ widgets: [TextInput, TextInput] }); }
 *   override decompress(value: unknown) { return value ? String(value).split('-') : [null, null]; }
 * }
 * ```
 */
export class MultiWidget extends Widget {
  widgets: Widget[];
  widgetsNames: string[];

  constructor(options: MultiWidgetOptions) {
    super(options);
    this.templateName = 'django/forms/widgets/multiwidget.html';
    const given = options.widgets;
    let list: ReadonlyArray<Widget | WidgetClass>;
    if (Array.isArray(given)) {
      list = given;
      this.widgetsNames = list.map((_, i) => `_${i}`);
    } else {
      const byName = given as Readonly<Record<string, Widget | WidgetClass>>;
      this.widgetsNames = Object.keys(byName).map((name) => (name ? `_${name}` : ''));
      list = Object.values(byName);
    }
    this.widgets = list.map((w) => (typeof w === 'function' ? new w() : w));
  }

  override get isHidden(): boolean {
    return this.widgets.every((w) => w.isHidden);
  }

  override get needsMultipartForm(): boolean {
    return this.widgets.some((w) => w.needsMultipartForm);
  }

  override clone(): this {
    const copy = super.clone();
    copy.widgets = this.widgets.map((w) => w.clone());
    return copy;
  }

  override getContext(name: string, value: unknown, attrs: Attrs | null): { widget: WidgetData } {
    const context = super.getContext(name, value, attrs);
    if (this.isLocalized) for (const widget of this.widgets) widget.isLocalized = true;
    const values = Array.isArray(value) ? value : this.decompress(value);
    const finalAttrs = context.widget.attrs;
    const inputType = finalAttrs.type;
    delete finalAttrs.type;
    const id = finalAttrs.id;
    context.widget.subwidgets = this.widgets.map((widget, i) => {
      if (inputType !== undefined && 'inputType' in widget)
        (widget as { inputType: unknown }).inputType = inputType;
      const widgetAttrs = id ? { ...finalAttrs, id: `${String(id)}_${i}` } : finalAttrs;
      return widget.getContext(
        name + (this.widgetsNames[i] as string),
        values[i] ?? null,
        widgetAttrs,
      ).widget;
    });
    return context;
  }

  override idForLabel(id: string): string {
    return id ? `${id}_0` : id;
  }

  override valueFromDatadict(data: FormInput, files: FormInput, name: string): unknown {
    return this.widgets.map((widget, i) =>
      widget.valueFromDatadict(data, files, name + (this.widgetsNames[i] as string)),
    );
  }

  override valueOmittedFromData(data: FormInput, files: FormInput, name: string): boolean {
    return this.widgets.every((widget, i) =>
      widget.valueOmittedFromData(data, files, name + (this.widgetsNames[i] as string)),
    );
  }

  /** Splits a value into one value per widget; subclasses must say how. */
  decompress(_value: unknown): unknown[] {
    throw new Error('Subclasses must implement this method.');
  }
}

/** The options of `SplitDateTimeWidget`. */
export interface SplitDateTimeWidgetOptions extends WidgetOptions {
  dateFormat?: string | null;
  timeFormat?: string | null;
  dateAttrs?: Attrs | null;
  timeAttrs?: Attrs | null;
  /** The zone a `Date` is shown in (default UTC). */
  timeZone?: string;
}

/**
 * A date input and a time input for one date-time (Django's `SplitDateTimeWidget`).
 *
 * @example
 * ```ts
 * new SplitDateTimeWidget({ dateAttrs: { type: 'date' }, timeAttrs: { type: 'time' } })
 * ```
 */
export class SplitDateTimeWidget extends MultiWidget {
  override supportsMicroseconds = false;
  timeZone: string;

  constructor(options: SplitDateTimeWidgetOptions = {}) {
    const attrs = options.attrs ?? null;
    super({
      widgets: [
        new DateInput({ attrs: options.dateAttrs ?? attrs, format: options.dateFormat ?? null }),
        new TimeInput({ attrs: options.timeAttrs ?? attrs, format: options.timeFormat ?? null }),
      ],
    });
    this.templateName = 'django/forms/widgets/splitdatetime.html';
    this.timeZone = options.timeZone ?? 'UTC';
  }

  override decompress(value: unknown): unknown[] {
    if (value instanceof NaiveDateTime) return [value, value];
    if (value instanceof Date) {
      const naive = toZone(value, this.timeZone);
      return [naive, naive];
    }
    return [null, null];
  }
}

/**
 * Two hidden inputs for one date-time.
 *
 * @example
 * ```ts
 * new SplitHiddenDateTimeWidget()
 * ```
 */
export class SplitHiddenDateTimeWidget extends SplitDateTimeWidget {
  constructor(options: SplitDateTimeWidgetOptions = {}) {
    super(options);
    this.templateName = 'django/forms/widgets/splithiddendatetime.html';
    for (const widget of this.widgets) (widget as DateInput).inputType = 'hidden';
  }
}

/** The options of `SelectDateWidget`. */
export interface SelectDateWidgetOptions extends WidgetOptions {
  /** The years offered (default: this year and the nine after). */
  years?: readonly number[];
  /** The months offered, 1-12 to labels (default: January…December). */
  months?: Readonly<Record<number, string>>;
  /** The empty choice's label, or one for each of year, month, day. */
  emptyLabel?: string | readonly [string, string, string];
}

const DATE_RE = /^(\d{4}|0)-(\d\d?)-(\d\d?)$/;

/**
 * Three `<select>`s, month, day and year (Django's `SelectDateWidget`, in the en-us order).
 *
 * @example
 * ```ts
 * new SelectDateWidget({ years: [2024, 2025], emptyLabel: ['Year', 'Month', 'Day'] })
 * ```
 */
export class SelectDateWidget extends Widget {
  years: readonly number[];
  months: Readonly<Record<number, string>>;
  yearNoneValue: Choice;
  monthNoneValue: Choice;
  dayNoneValue: Choice;
  readonly inputType = 'select';

  constructor(options: SelectDateWidgetOptions = {}) {
    super(options);
    this.templateName = 'django/forms/widgets/select_date.html';
    const thisYear = new Date().getFullYear();
    this.years =
      options.years && options.years.length > 0
        ? options.years
        : Array.from({ length: 10 }, (_, i) => thisYear + i);
    this.months = options.months ?? Object.fromEntries(MONTHS.map((month, i) => [i + 1, month]));
    const empty = options.emptyLabel;
    if (Array.isArray(empty)) {
      if (empty.length !== 3) throw new Error('empty_label list/tuple must have 3 elements.');
      this.yearNoneValue = ['', empty[0]];
      this.monthNoneValue = ['', empty[1]];
      this.dayNoneValue = ['', empty[2]];
    } else {
      const none: Choice = ['', empty === undefined ? '---' : empty];
      this.yearNoneValue = this.monthNoneValue = this.dayNoneValue = none;
    }
  }

  override getContext(name: string, value: unknown, attrs: Attrs | null): { widget: WidgetData } {
    const context = super.getContext(name, value, attrs);
    const parts = context.widget.value as { year: unknown; month: unknown; day: unknown };
    const select = (choices: Choice[], none: Choice, field: string, part: unknown) => {
      if (!this.isRequired) choices.unshift(none);
      const subName = `${name}_${field}`;
      return new Select({ attrs, choices }).getContext(subName, part, {
        ...context.widget.attrs,
        id: `id_${subName}`,
      }).widget;
    };
    const byField: Record<string, WidgetData> = {
      year: select(
        this.years.map((y) => [y, String(y)]),
        this.yearNoneValue,
        'year',
        parts.year,
      ),
      month: select(
        Object.entries(this.months).map(([k, v]) => [Number(k), v]),
        this.monthNoneValue,
        'month',
        parts.month,
      ),
      day: select(
        Array.from({ length: 31 }, (_, i) => [i + 1, i + 1]),
        this.dayNoneValue,
        'day',
        parts.day,
      ),
    };
    context.widget.subwidgets = DATE_ORDER.map((field) => byField[field]);
    return context;
  }

  /** Year, month and day of the value; an invalid date such as `2017-02-31` keeps its parts. */
  override formatValue(value: unknown): unknown {
    let year: unknown = null;
    let month: unknown = null;
    let day: unknown = null;
    if (value instanceof Date) {
      year = value.getUTCFullYear();
      month = value.getUTCMonth() + 1;
      day = value.getUTCDate();
    } else if (value instanceof NaiveDateTime) ({ year, month, day } = value);
    else if (typeof value === 'string') {
      const match = DATE_RE.exec(value);
      if (match) [year, month, day] = match.slice(1).map((v) => Number(v) || '');
      else {
        const parsed = strptime(value, DATE_FORMAT);
        if (parsed) ({ year, month, day } = parsed);
      }
    }
    return { year, month, day };
  }

  override idForLabel(id: string): string {
    return `${id}_${DATE_ORDER[0]}`;
  }

  override valueFromDatadict(data: FormInput, _files: FormInput, name: string): unknown {
    const y = dataGet(data, `${name}_year`);
    const m = dataGet(data, `${name}_month`);
    const d = dataGet(data, `${name}_day`);
    if (y === '' && m === '' && d === '') return null;
    if (y !== undefined && m !== undefined && d !== undefined) {
      const [year, month, day] = [pyInt(y), pyInt(m), pyInt(d)];
      if (year !== null && month !== null && day !== null && isValidDate(year, month, day))
        return new NaiveDateTime(year, month, day).strftime(DATE_FORMAT);
      return `${pyStr(y || 0)}-${pyStr(m || 0)}-${pyStr(d || 0)}`;
    }
    return dataGet(data, name);
  }

  override valueOmittedFromData(data: FormInput, _files: FormInput, name: string): boolean {
    return !['year', 'month', 'day'].some((part) => dataHas(data, `${name}_${part}`));
  }
}

/** The en-us `DATE_FORMAT` (`N j, Y`) puts the month first, then the day, then the year. */
const DATE_ORDER = ['month', 'day', 'year'] as const;

/** Python's `int()` of a text, or `null` where it raises. */
function pyInt(value: unknown): number | null {
  if (typeof value === 'number') return Number.isInteger(value) ? value : Math.trunc(value);
  if (typeof value !== 'string' || !/^\s*[+-]?\d+(_\d+)*\s*$/.test(value)) return null;
  return Number(value.replace(/_/g, ''));
}
