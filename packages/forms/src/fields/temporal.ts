import { ValidationError } from '../errors.js';
import { isEmptyValue } from '../internal/data.js';
import { NaiveDateTime, fromZone, parseDatetime, strptime, toZone } from '../internal/dates.js';
import { pyStrip } from '../internal/py.js';
import { DateInput, DateTimeInput, TimeInput } from '../widgets/dates.js';
import { SplitDateTimeWidget, SplitHiddenDateTimeWidget } from '../widgets/multi.js';
import type { WidgetClass } from '../widgets/widget.js';
import { MultiValueField } from './compound.js';
import { Field, type FieldOptions } from './field.js';

/** Django's default `DATE_INPUT_FORMATS`. */
export const DATE_INPUT_FORMATS = [
  '%Y-%m-%d',
  '%m/%d/%Y',
  '%m/%d/%y',
  '%b %d %Y',
  '%b %d, %Y',
  '%d %b %Y',
  '%d %b, %Y',
  '%B %d %Y',
  '%B %d, %Y',
  '%d %B %Y',
  '%d %B, %Y',
];
/** Django's default `TIME_INPUT_FORMATS`. */
export const TIME_INPUT_FORMATS = ['%H:%M:%S', '%H:%M:%S.%f', '%H:%M'];
/** Django's default `DATETIME_INPUT_FORMATS`. */
export const DATETIME_INPUT_FORMATS = [
  '%Y-%m-%d %H:%M:%S',
  '%Y-%m-%d %H:%M:%S.%f',
  '%Y-%m-%d %H:%M',
  '%m/%d/%Y %H:%M:%S',
  '%m/%d/%Y %H:%M:%S.%f',
  '%m/%d/%Y %H:%M',
  '%m/%d/%y %H:%M:%S',
  '%m/%d/%y %H:%M:%S.%f',
  '%m/%d/%y %H:%M',
];

type Optional<T, R extends boolean> = R extends false ? T | null : T;

/** The options of the date and time fields. */
export interface TemporalFieldOptions<R extends boolean> extends FieldOptions {
  required?: R;
  /** Python `strptime` formats tried in order (default: Django's for the field). */
  inputFormats?: readonly string[];
}

/** The shared base of the date and time fields: text parsed with `inputFormats`. */
abstract class BaseTemporalField<T> extends Field<T> {
  inputFormats: readonly string[];
  protected abstract readonly defaultFormats: readonly string[];

  constructor(options: TemporalFieldOptions<boolean>) {
    super(options);
    this.inputFormats = options.inputFormats ?? [];
  }

  /** The wall clock read from the text with the first format that fits. */
  protected parse(value: unknown): NaiveDateTime {
    if (typeof value === 'string') {
      const text = pyStrip(value);
      const formats = this.inputFormats.length > 0 ? this.inputFormats : this.defaultFormats;
      for (const format of formats) {
        const parsed = strptime(text, format);
        if (parsed) return parsed;
      }
    }
    throw new ValidationError(this.errorMessages.invalid as string, { code: 'invalid' });
  }
}

/**
 * Django's `DateField`: a date in one of the input formats (`2006-10-25`, `10/25/2006`,
 * `Oct 25 2006`…), cleaned to `'YYYY-MM-DD'`, the ORM's `DateField` value.
 *
 * @example
 * ```ts
 * new DateField().clean('10/25/2006'); // '2006-10-25'
 * ```
 */
export class DateField<R extends boolean = true> extends BaseTemporalField<Optional<string, R>> {
  static override widget: WidgetClass = DateInput;
  static override defaultErrorMessages: Readonly<Record<string, string>> = {
    invalid: 'Enter a valid date.',
  };
  protected readonly defaultFormats = DATE_INPUT_FORMATS;

  constructor(options: TemporalFieldOptions<R> = {}) {
    super(options);
  }

  /** An ISO date is shown in the widget's format. */
  override prepareInitial(value: unknown): unknown {
    const match = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
    return match
      ? new NaiveDateTime(Number(match[1]), Number(match[2]), Number(match[3]), 0, 0, 0, 0, 'date')
      : value;
  }

  override toPython(value: unknown): Optional<string, R> {
    if (isEmptyValue(value)) return null as Optional<string, R>;
    if (value instanceof Date) return NaiveDateTime.fromUtcDate(value).date();
    if (value instanceof NaiveDateTime) return value.date();
    return this.parse(value).date();
  }

  override clean(value: unknown, initial?: unknown): Optional<string, R> {
    return super.clean(value, initial) as Optional<string, R>;
  }
}

/**
 * Django's `TimeField`: a time of day (`14:30`, `14:30:59`, `14:30:59.000200`), cleaned to
 * `'HH:MM:SS'` (with `.ffffff` when there are microseconds).
 *
 * @example
 * ```ts
 * new TimeField().clean('14:30'); // '14:30:00'
 * ```
 */
export class TimeField<R extends boolean = true> extends BaseTemporalField<Optional<string, R>> {
  static override widget: WidgetClass = TimeInput;
  static override defaultErrorMessages: Readonly<Record<string, string>> = {
    invalid: 'Enter a valid time.',
  };
  protected readonly defaultFormats = TIME_INPUT_FORMATS;

  constructor(options: TemporalFieldOptions<R> = {}) {
    super(options);
  }

  /** An ISO time is shown in the widget's format. */
  override prepareInitial(value: unknown): unknown {
    const match =
      typeof value === 'string'
        ? /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?$/.exec(value)
        : null;
    if (!match) return value;
    const [, h, m, s = '0', f = ''] = match;
    return new NaiveDateTime(
      1900,
      1,
      1,
      Number(h),
      Number(m),
      Number(s),
      Number(f.padEnd(6, '0')),
      'time',
    );
  }

  override toPython(value: unknown): Optional<string, R> {
    if (isEmptyValue(value)) return null as Optional<string, R>;
    if (value instanceof NaiveDateTime) return value.time();
    return this.parse(value).time();
  }

  override clean(value: unknown, initial?: unknown): Optional<string, R> {
    return super.clean(value, initial) as Optional<string, R>;
  }
}

/** The options of `DateTimeField`. */
export interface DateTimeFieldOptions<R extends boolean> extends TemporalFieldOptions<R> {
  /** The zone a submitted wall clock is read in, and a `Date` shown in (default `'UTC'`). */
  timeZone?: string;
}

function ambiguous(naive: NaiveDateTime, timeZone: string): ValidationError {
  return new ValidationError(
    '%(datetime)s couldn’t be interpreted in time zone %(current_timezone)s; it may be ambiguous or it may not exist.',
    {
      code: 'ambiguous_timezone',
      params: { datetime: naive.toString(), current_timezone: timeZone },
    },
  );
}

/** Django's `from_current_timezone`: the instant a wall clock shows in `timeZone`. */
export function instantIn(naive: NaiveDateTime, timeZone: string): Date {
  const instant = fromZone(naive, timeZone);
  if (!instant) throw ambiguous(naive, timeZone);
  return instant;
}

/**
 * Django's `DateTimeField` (with `USE_TZ`): ISO 8601 text (with or without an offset) or one of
 * the input formats, read in `timeZone` when it has no offset; cleaned to a `Date`.
 *
 * @example
 * ```ts
 * new DateTimeField({ timeZone: 'Europe/Paris' }).clean('2024-05-01 12:00'); // 2024-05-01T10:00:00.000Z
 * ```
 */
export class DateTimeField<R extends boolean = true> extends BaseTemporalField<Optional<Date, R>> {
  static override widget: WidgetClass = DateTimeInput;
  static override defaultErrorMessages: Readonly<Record<string, string>> = {
    invalid: 'Enter a valid date/time.',
  };
  protected readonly defaultFormats = [...DATETIME_INPUT_FORMATS, ...DATE_INPUT_FORMATS];
  timeZone: string;

  constructor(options: DateTimeFieldOptions<R> = {}) {
    super(options);
    this.timeZone = options.timeZone ?? 'UTC';
  }

  override prepareValue(value: unknown): unknown {
    return value instanceof Date ? toZone(value, this.timeZone) : value;
  }

  override toPython(value: unknown): Optional<Date, R> {
    if (isEmptyValue(value)) return null as Optional<Date, R>;
    if (value instanceof Date) return value;
    if (value instanceof NaiveDateTime) return instantIn(value, this.timeZone);
    if (typeof value !== 'string')
      throw new ValidationError(this.errorMessages.invalid as string, { code: 'invalid' });
    const parsed = parseDatetime(pyStrip(value));
    if (parsed === 'invalid')
      throw new ValidationError(this.errorMessages.invalid as string, { code: 'invalid' });
    if (parsed?.offsetMinutes !== undefined)
      return new Date(parsed.naive.toUtcDate().getTime() - parsed.offsetMinutes * 60_000);
    return instantIn(parsed ? parsed.naive : this.parse(value), this.timeZone);
  }

  override clean(value: unknown, initial?: unknown): Optional<Date, R> {
    return super.clean(value, initial) as Optional<Date, R>;
  }
}

const STANDARD_DURATION =
  /^(?:(-?\d+) (days?, )?)?(-?)((?:(\d+):)(?=\d+:\d+))?(?:(\d+):)?(\d+)(?:[.,](\d{1,6})\d{0,6})?$/;
const ISO8601_DURATION =
  /^([-+]?)P(?:(\d+(.\d+)?)D)?(?:T(?:(\d+(.\d+)?)H)?(?:(\d+(.\d+)?)M)?(?:(\d+(.\d+)?)S)?)?$/;
const POSTGRES_INTERVAL = /^(?:(-?\d+) (days? ?))?(?:([-+])?(\d+):(\d\d):(\d\d)(?:\.(\d{1,6}))?)?$/;

const MS_PER = { days: 86_400_000, hours: 3_600_000, minutes: 60_000, seconds: 1000 };
/** Python's `timedelta` range, in days. */
const MAX_DAYS = 999_999_999;

/**
 * Django's `parse_duration`: `'3 days 04:05:06'`, `'1 02:03:04.5'`, ISO 8601 (`'P3DT4H'`) or
 * seconds; milliseconds, `null` when not a duration, `Infinity` past Python's range.
 */
export function parseDuration(value: string): number | null {
  let m = STANDARD_DURATION.exec(value);
  if (m) {
    const sign = m[3] === '-' ? -1 : 1;
    const micro = m[8] ? Number(m[8].padEnd(6, '0')) : 0;
    const rest =
      Number(m[5] ?? 0) * MS_PER.hours +
      Number(m[6] ?? 0) * MS_PER.minutes +
      Number(m[7]) * MS_PER.seconds +
      micro / 1000;
    return checked(Number(m[1] ?? 0), sign * rest);
  }
  m = ISO8601_DURATION.exec(value);
  if (m) {
    const sign = m[1] === '-' ? -1 : 1;
    const part = (text: string | undefined, unit: number) =>
      text === undefined ? 0 : Number(text.replace(',', '.')) * unit;
    return checked(
      0,
      sign *
        (part(m[2], MS_PER.days) +
          part(m[4], MS_PER.hours) +
          part(m[6], MS_PER.minutes) +
          part(m[8], MS_PER.seconds)),
    );
  }
  m = POSTGRES_INTERVAL.exec(value);
  if (m) {
    const sign = m[3] === '-' ? -1 : 1;
    const micro = m[7] ? Number(m[7].padEnd(6, '0')) : 0;
    const rest =
      Number(m[4] ?? 0) * MS_PER.hours +
      Number(m[5] ?? 0) * MS_PER.minutes +
      Number(m[6] ?? 0) * MS_PER.seconds +
      micro / 1000;
    return checked(Number(m[1] ?? 0), sign * rest);
  }
  return null;
}

/** The total, or `Infinity` outside Python's `timedelta` range (±999999999 days). */
function checked(days: number, ms: number): number {
  const total = days * MS_PER.days + ms;
  if (
    Math.abs(days) > MAX_DAYS ||
    total >= (MAX_DAYS + 1) * MS_PER.days ||
    total < -MAX_DAYS * MS_PER.days
  )
    return Infinity;
  return Math.round(total * 1000) / 1000;
}

/** Django's `duration_string` of milliseconds: `'[D ]HH:MM:SS[.ffffff]'`, days floored. */
export function durationString(ms: number): string {
  const micro = Math.round(ms * 1000);
  const perDay = 86_400_000_000;
  const days = Math.floor(micro / perDay);
  let rest = micro - days * perDay;
  const microseconds = rest % 1_000_000;
  rest = (rest - microseconds) / 1_000_000;
  const seconds = rest % 60;
  const minutes = Math.floor(rest / 60) % 60;
  const hours = Math.floor(rest / 3600);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  let text = `${pad(hours)}:${pad(minutes)}:${pad(seconds)}`;
  if (days) text = `${days} ${text}`;
  if (microseconds) text += `.${pad(microseconds, 6)}`;
  return text;
}

/**
 * Django's `DurationField`: `'DD HH:MM:SS.uuuuuu'`, ISO 8601 or PostgreSQL intervals,
 * cleaned to milliseconds (the ORM's `DurationField` value).
 *
 * @example
 * ```ts
 * new DurationField().clean('1:30'); // 90000
 * ```
 */
export class DurationField<R extends boolean = true> extends Field<Optional<number, R>> {
  static override defaultErrorMessages: Readonly<Record<string, string>> = {
    invalid: 'Enter a valid duration.',
    overflow: 'The number of days must be between {min_days} and {max_days}.',
  };

  constructor(options: FieldOptions & { required?: R } = {}) {
    super(options);
  }

  override prepareValue(value: unknown): unknown {
    return typeof value === 'number' ? durationString(value) : value;
  }

  override toPython(value: unknown): Optional<number, R> {
    if (isEmptyValue(value)) return null as Optional<number, R>;
    if (typeof value !== 'string' && typeof value !== 'number')
      throw new ValidationError(this.errorMessages.invalid as string, { code: 'invalid' });
    const ms = parseDuration(String(value));
    if (ms === Infinity) {
      const message = (this.errorMessages.overflow as string)
        .replace('{min_days}', String(-MAX_DAYS))
        .replace('{max_days}', String(MAX_DAYS));
      throw new ValidationError(message, { code: 'overflow' });
    }
    if (ms === null)
      throw new ValidationError(this.errorMessages.invalid as string, { code: 'invalid' });
    return ms;
  }

  override clean(value: unknown, initial?: unknown): Optional<number, R> {
    return super.clean(value, initial) as Optional<number, R>;
  }
}

/** The options of `SplitDateTimeField`. */
export interface SplitDateTimeFieldOptions<R extends boolean> extends FieldOptions {
  required?: R;
  inputDateFormats?: readonly string[];
  inputTimeFormats?: readonly string[];
  timeZone?: string;
  requireAllFields?: boolean;
}

/**
 * Django's `SplitDateTimeField`: a date input and a time input, cleaned to one `Date`.
 *
 * @example
 * ```ts
 * new SplitDateTimeField().clean(['2006-01-10', '07:30']); // 2006-01-10T07:30:00.000Z
 * ```
 */
export class SplitDateTimeField<R extends boolean = true> extends MultiValueField<
  Optional<Date, R>
> {
  static override widget: WidgetClass = SplitDateTimeWidget;
  static override hiddenWidget: WidgetClass = SplitHiddenDateTimeWidget;
  static override defaultErrorMessages: Readonly<Record<string, string>> = {
    invalid_date: 'Enter a valid date.',
    invalid_time: 'Enter a valid time.',
  };
  timeZone: string;

  constructor(options: SplitDateTimeFieldOptions<R> = {}) {
    const messages: Record<string, string> = {
      invalid_date: 'Enter a valid date.',
      invalid_time: 'Enter a valid time.',
      ...(options.errorMessages ?? {}),
    };
    const localize = options.localize ?? false;
    super({
      ...options,
      fields: [
        new DateField({
          ...(options.inputDateFormats && { inputFormats: options.inputDateFormats }),
          errorMessages: { invalid: messages.invalid_date as string },
          localize,
        }),
        new TimeField({
          ...(options.inputTimeFormats && { inputFormats: options.inputTimeFormats }),
          errorMessages: { invalid: messages.invalid_time as string },
          localize,
        }),
      ],
    });
    this.timeZone = options.timeZone ?? 'UTC';
  }

  override compress(dataList: unknown[]): Optional<Date, R> {
    if (dataList.length === 0) return null as Optional<Date, R>;
    const [date, time] = dataList as [string | null, string | null];
    if (isEmptyValue(date))
      throw new ValidationError(this.errorMessages.invalid_date as string, {
        code: 'invalid_date',
      });
    if (isEmptyValue(time))
      throw new ValidationError(this.errorMessages.invalid_time as string, {
        code: 'invalid_time',
      });
    const [y, mo, d] = (date as string).split('-').map(Number) as [number, number, number];
    const [clock, fraction = '0'] = (time as string).split('.');
    const [h, mi, s] = (clock as string).split(':').map(Number) as [number, number, number];
    return instantIn(
      new NaiveDateTime(y, mo, d, h, mi, s, Number(fraction.padEnd(6, '0'))),
      this.timeZone,
    );
  }
}
