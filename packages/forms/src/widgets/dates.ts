import { NaiveDateTime } from '../internal/dates.js';
import { pyStr } from '../internal/py.js';
import { Input, type WidgetOptions } from './widget.js';

/** The first of Django's default input formats, used to show a value. */
export const DATE_FORMAT = '%Y-%m-%d';
export const DATETIME_FORMAT = '%Y-%m-%d %H:%M:%S';
export const TIME_FORMAT = '%H:%M:%S';

/** The options of the date and time inputs: a Python `strftime` format to show values with. */
export interface DateTimeInputOptions extends WidgetOptions {
  format?: string | null;
}

/**
 * Django's `formats.localize_input` for one format: text stays as it is, a `Date` (its UTC
 * wall clock) or a wall clock is formatted.
 */
export function localizeInput(value: unknown, format: string): unknown {
  if (value instanceof Date) return NaiveDateTime.fromUtcDate(value).strftime(format);
  if (value instanceof NaiveDateTime) return value.strftime(format);
  if (value === null || value === undefined || typeof value === 'string') return value;
  return pyStr(value);
}

/** The shared base of `DateInput`, `DateTimeInput` and `TimeInput`. */
export abstract class DateTimeBaseInput extends Input {
  format: string | null;
  override supportsMicroseconds = false;
  protected abstract readonly defaultFormat: string;

  constructor(options: DateTimeInputOptions, templateName: string) {
    super(options, { inputType: 'text', templateName });
    this.format = options.format || null;
  }

  override formatValue(value: unknown): unknown {
    return localizeInput(value, this.format ?? this.defaultFormat);
  }
}

/**
 * A text input showing a date (`YYYY-MM-DD` unless `format` says otherwise).
 *
 * @example
 * ```ts
 * new DateInput({ format: '%d/%m/%Y', attrs: { type: 'date' } })
 * ```
 */
export class DateInput extends DateTimeBaseInput {
  protected readonly defaultFormat = DATE_FORMAT;

  constructor(options: DateTimeInputOptions = {}) {
    super(options, 'django/forms/widgets/date.html');
  }
}

/**
 * A text input showing a date and time (`YYYY-MM-DD HH:MM:SS` unless `format` says otherwise).
 *
 * @example
 * ```ts
 * new DateTimeInput({ attrs: { type: 'datetime-local' }, format: '%Y-%m-%dT%H:%M' })
 * ```
 */
export class DateTimeInput extends DateTimeBaseInput {
  protected readonly defaultFormat = DATETIME_FORMAT;

  constructor(options: DateTimeInputOptions = {}) {
    super(options, 'django/forms/widgets/datetime.html');
  }
}

/**
 * A text input showing a time of day (`HH:MM:SS` unless `format` says otherwise).
 *
 * @example
 * ```ts
 * new TimeInput({ format: '%H:%M' })
 * ```
 */
export class TimeInput extends DateTimeBaseInput {
  protected readonly defaultFormat = TIME_FORMAT;

  constructor(options: DateTimeInputOptions = {}) {
    super(options, 'django/forms/widgets/time.html');
  }
}
