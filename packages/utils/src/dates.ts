/**
 * Django's `django.utils.dates` (the English month and weekday names), Python's `strftime` in
 * the C locale, the calendar arithmetic both need, and the wall clock of an instant in a time
 * zone: one table for every layer that reads or shows a date (forms, templates, the ORM's
 * `uploadTo`).
 */

/** Django's `MONTHS`: the month names, January first (index 0; Django's keys count from 1). */
export const MONTHS: readonly string[] = Object.freeze([
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]);

/** Django's `MONTHS_3`: the first three letters of each month, lower case (`'jan'`). */
export const MONTHS_3: readonly string[] = Object.freeze(
  MONTHS.map((month) => month.slice(0, 3).toLowerCase()),
);

/** Django's `MONTHS_AP`: the months in Associated Press style (`'Jan.'`, `'March'`, `'Sept.'`). */
export const MONTHS_AP: readonly string[] = Object.freeze([
  'Jan.',
  'Feb.',
  'March',
  'April',
  'May',
  'June',
  'July',
  'Aug.',
  'Sept.',
  'Oct.',
  'Nov.',
  'Dec.',
]);

/** Django's `WEEKDAYS`: the day names, Monday first (index 0), as Python's `date.weekday()`. */
export const WEEKDAYS: readonly string[] = Object.freeze([
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
]);

/** Django's `WEEKDAYS_ABBR`: `'Mon'` … `'Sun'`, Monday first. */
export const WEEKDAYS_ABBR: readonly string[] = Object.freeze(
  WEEKDAYS.map((day) => day.slice(0, 3)),
);

/**
 * A date and time of day as a clock on the wall shows it, with no zone (Python's naive
 * `datetime`): months count from 1, as in Python; the time of day defaults to midnight.
 */
export interface DateTimeFields {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour?: number;
  readonly minute?: number;
  readonly second?: number;
  readonly microsecond?: number;
}

/**
 * Whether a year of the proleptic Gregorian calendar is a leap year (Python's `calendar.isleap`).
 *
 * @example
 * ```ts
 * isLeapYear(2000); // true
 * isLeapYear(1900); // false
 * ```
 */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * The number of days in a month, 1-12 (Python's `calendar.monthrange(year, month)[1]`); 0 for a
 * month out of range.
 *
 * @example
 * ```ts
 * daysInMonth(2024, 2); // 29
 * ```
 */
export function daysInMonth(year: number, month: number): number {
  if (month === 2 && isLeapYear(year)) return 29;
  return MONTH_DAYS[month - 1] ?? 0;
}

/** The UTC instant at midnight of a date, for years below 100 too (which `Date.UTC` moves). */
function midnightUtc(year: number, month: number, day: number): number {
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year, month - 1, day);
  return date.getTime();
}

/** Python's `date.weekday()`: Monday is 0, Sunday 6. */
function weekday(fields: DateTimeFields): number {
  return (new Date(midnightUtc(fields.year, fields.month, fields.day)).getUTCDay() + 6) % 7;
}

/** Python's `%j`: the day of the year, January 1st being 1. */
function dayOfYear(fields: DateTimeFields): number {
  const start = midnightUtc(fields.year, 1, 1);
  return Math.round((midnightUtc(fields.year, fields.month, fields.day) - start) / 86_400_000) + 1;
}

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

const DIRECTIVES: Record<string, (fields: DateTimeFields) => string> = {
  Y: (f) => String(f.year),
  y: (f) => pad(f.year % 100),
  m: (f) => pad(f.month),
  d: (f) => pad(f.day),
  H: (f) => pad(f.hour ?? 0),
  I: (f) => pad((f.hour ?? 0) % 12 || 12),
  p: (f) => ((f.hour ?? 0) < 12 ? 'AM' : 'PM'),
  M: (f) => pad(f.minute ?? 0),
  S: (f) => pad(f.second ?? 0),
  f: (f) => pad(f.microsecond ?? 0, 6),
  j: (f) => pad(dayOfYear(f), 3),
  w: (f) => String((weekday(f) + 1) % 7),
  a: (f) => WEEKDAYS_ABBR[weekday(f)]!,
  A: (f) => WEEKDAYS[weekday(f)]!,
  b: (f) => MONTHS[f.month - 1]!.slice(0, 3),
  B: (f) => MONTHS[f.month - 1]!,
  '%': () => '%',
};

/**
 * Python's `datetime.strftime` in the C locale (English names) for the directives Django's
 * formats and `upload_to` patterns use: `%Y %y %m %d %H %I %p %M %S %f %j %w %a %A %b %B %%`.
 * Any other directive is kept as written, as Python does on Linux.
 *
 * @example
 * ```ts
 * strftime('%Y-%m-%d %H:%M', { year: 2024, month: 5, day: 1, hour: 9, minute: 30 });
 * // '2024-05-01 09:30'
 * strftime('%a %d %b', { year: 2024, month: 5, day: 1 }); // 'Wed 01 May'
 * ```
 */
export function strftime(format: string, fields: DateTimeFields): string {
  return format.replace(/%(.)/gs, (whole, code: string) => DIRECTIVES[code]?.(fields) ?? whole);
}

/** The wall clock an instant shows in a time zone, and the zone's short name there. */
export interface WallClock extends Required<DateTimeFields> {
  /** The zone's short name at that instant, as `Intl` (en-US) gives it: `'EST'`, `'GMT+1'`. */
  readonly zoneName: string;
}

const zoneFormats = new Map<string, Intl.DateTimeFormat>();

function zoneFormat(timeZone: string): Intl.DateTimeFormat {
  let format = zoneFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      timeZoneName: 'short',
    });
    zoneFormats.set(timeZone, format);
  }
  return format;
}

/**
 * The wall clock an instant shows in an IANA time zone (Django's `localtime(value, timezone)`
 * as fields), with the zone's short name there. Throws a `RangeError` for a zone this runtime
 * does not know.
 *
 * @example
 * ```ts
 * wallClock(new Date('2024-07-01T12:00:00Z'), 'Europe/Paris');
 * // { year: 2024, month: 7, day: 1, hour: 14, minute: 0, second: 0, microsecond: 0, zoneName: 'GMT+2' }
 * ```
 */
export function wallClock(date: Date | number, timeZone: string): WallClock {
  const instant = typeof date === 'number' ? new Date(date) : date;
  const parts: Record<string, string> = {};
  for (const part of zoneFormat(timeZone).formatToParts(instant)) parts[part.type] = part.value;
  return {
    year: Number(parts['year']),
    month: Number(parts['month']),
    day: Number(parts['day']),
    hour: Number(parts['hour']),
    minute: Number(parts['minute']),
    second: Number(parts['second']),
    microsecond: instant.getUTCMilliseconds() * 1000,
    zoneName: parts['timeZoneName'] ?? timeZone,
  };
}
