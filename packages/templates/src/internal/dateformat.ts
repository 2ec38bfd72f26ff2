/** Django's `dateformat`: PHP-style format characters, rendered exactly as Django does. */
import {
  daysInMonth,
  isLeapYear,
  MONTHS,
  MONTHS_3,
  MONTHS_AP,
  wallClock,
  WEEKDAYS,
  WEEKDAYS_ABBR,
} from '@stack/utils';

/** Django's default named formats (`DATE_FORMAT`…), for `{{ d|date:"SHORT_DATE_FORMAT" }}`. */
export const NAMED_FORMATS: Record<string, string> = {
  DATE_FORMAT: 'N j, Y',
  DATETIME_FORMAT: 'N j, Y, P',
  TIME_FORMAT: 'P',
  YEAR_MONTH_FORMAT: 'F Y',
  MONTH_DAY_FORMAT: 'F j',
  SHORT_DATE_FORMAT: 'm/d/Y',
  SHORT_DATETIME_FORMAT: 'm/d/Y P',
};

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
  weekday: number; // Sunday is 0, as in JavaScript
  offset: number; // minutes east of UTC
  zone: string;
  abbreviation: string;
  dst: boolean;
}

function offsetAt(time: number, timeZone: string): [number, string] {
  const wall = wallClock(time, timeZone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return [Math.round((asUtc - Math.floor(time / 1000) * 1000) / 60000), wall.zoneName];
}

const british = new Map<string, Intl.DateTimeFormat>();
// en-US names only American zones ("EST"); en-GB knows the European ones ("CEST", "BST").
function britishAbbreviation(time: number, timeZone: string): string | undefined {
  let f = british.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, timeZoneName: 'short' });
    british.set(timeZone, f);
  }
  const name = f.formatToParts(new Date(time)).find((p) => p.type === 'timeZoneName')?.value;
  return name && !name.startsWith('GMT') && !name.startsWith('UTC') ? name : undefined;
}

/** The calendar fields of an instant in a time zone. */
export function dateParts(date: Date, timeZone: string): Parts {
  const time = date.getTime();
  let offset = 0;
  let abbreviation = 'UTC';
  let dst = false;
  if (timeZone !== 'UTC') {
    [offset, abbreviation] = offsetAt(time, timeZone);
    if (abbreviation.startsWith('GMT'))
      abbreviation = britishAbbreviation(time, timeZone) ?? abbreviation;
    const year = new Date(time).getUTCFullYear();
    const jan = offsetAt(Date.UTC(year, 0, 1), timeZone)[0];
    const jul = offsetAt(Date.UTC(year, 6, 1), timeZone)[0];
    dst = jan !== jul && offset === Math.max(jan, jul);
  }
  const local = new Date(time + offset * 60000);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
    ms: local.getUTCMilliseconds(),
    weekday: local.getUTCDay(),
    offset,
    zone: timeZone,
    abbreviation,
    dst,
  };
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function isoWeek(p: Parts): [number, number] {
  const d = new Date(Date.UTC(p.year, p.month - 1, p.day));
  d.setUTCDate(d.getUTCDate() + 4 - (p.weekday || 7));
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  return [d.getUTCFullYear(), Math.ceil(((d.getTime() - yearStart) / 86400000 + 1) / 7)];
}

function offsetText(minutes: number, colon: boolean): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}${colon ? ':' : ''}${pad(abs % 60)}`;
}

function twelve(p: Parts): number {
  return p.hour % 12 === 0 ? 12 : p.hour % 12;
}

function fChar(p: Parts): string {
  return p.minute === 0 ? String(twelve(p)) : `${twelve(p)}:${pad(p.minute)}`;
}

function suffix(day: number): string {
  if (day >= 11 && day <= 13) return 'th';
  return ['th', 'st', 'nd', 'rd'][day % 10] ?? 'th';
}

function character(c: string, p: Parts, date: Date): string {
  switch (c) {
    case 'a':
      return p.hour < 12 ? 'a.m.' : 'p.m.';
    case 'A':
      return p.hour < 12 ? 'AM' : 'PM';
    case 'b':
      return MONTHS_3[p.month - 1] as string;
    case 'B':
      return '';
    case 'c':
      return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${p.ms ? `.${pad(p.ms * 1000, 6)}` : ''}${offsetText(p.offset, true)}`;
    case 'd':
      return pad(p.day);
    case 'D':
      return WEEKDAYS_ABBR[(p.weekday + 6) % 7] as string;
    case 'e':
      // Django's `e` is the value's own zone name: a naive datetime has none.
      return date instanceof NaiveDateTime ? '' : p.abbreviation;
    case 'E':
    case 'F':
      return MONTHS[p.month - 1] as string;
    case 'f':
      return fChar(p);
    case 'g':
      return String(twelve(p));
    case 'G':
      return String(p.hour);
    case 'h':
      return pad(twelve(p));
    case 'H':
      return pad(p.hour);
    case 'i':
      return pad(p.minute);
    case 'I':
      return p.dst ? '1' : '0';
    case 'j':
      return String(p.day);
    case 'l':
      return WEEKDAYS[(p.weekday + 6) % 7] as string;
    case 'L':
      return isLeapYear(p.year) ? 'True' : 'False';
    case 'm':
      return pad(p.month);
    case 'M':
      return (MONTHS[p.month - 1] as string).slice(0, 3);
    case 'n':
      return String(p.month);
    case 'N':
      return MONTHS_AP[p.month - 1] as string;
    case 'o':
      return String(isoWeek(p)[0]);
    case 'O':
      return offsetText(p.offset, false);
    case 'P':
      if (p.minute === 0 && p.hour === 0) return 'midnight';
      if (p.minute === 0 && p.hour === 12) return 'noon';
      return `${fChar(p)} ${p.hour < 12 ? 'a.m.' : 'p.m.'}`;
    case 'r':
      return format(p, 'D, d M Y H:i:s O', date);
    case 's':
      return pad(p.second);
    case 'S':
      return suffix(p.day);
    case 't':
      return String(daysInMonth(p.year, p.month));
    case 'T':
      return p.abbreviation;
    case 'u':
      return pad(p.ms * 1000, 6);
    case 'U':
      return String(Math.floor(date.getTime() / 1000));
    case 'w':
      return String(p.weekday);
    case 'W':
      return String(isoWeek(p)[1]);
    case 'y':
      return pad(p.year % 100);
    case 'Y':
      return pad(p.year, 4);
    case 'z':
      return String(
        Math.round((Date.UTC(p.year, p.month - 1, p.day) - Date.UTC(p.year, 0, 1)) / 86400000) + 1,
      );
    case 'Z':
      return String(p.offset * 60);
    default:
      return c;
  }
}

function format(p: Parts, spec: string, date: Date): string {
  let out = '';
  for (let i = 0; i < spec.length; i++) {
    const c = spec[i] as string;
    if (c === '\\') {
      out += spec[++i] ?? '';
      continue;
    }
    out += character(c, p, date);
  }
  return out;
}

/** A date pinned to a zone by the `utc` and `timezone` filters: shown there whatever the context. */
export class ZonedDate extends Date {
  constructor(
    time: number,
    readonly zone: string,
  ) {
    super(time);
  }
}

/** The wall-clock fields of a `NaiveDateTime`; `month` counts from 1, as in Python. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour?: number;
  minute?: number;
  second?: number;
  millisecond?: number;
}

/**
 * Python's naive `datetime`: a wall-clock time with no zone of its own, read in `timeZone`
 * (Django's `TIME_ZONE`, the zone Django assumes for naive values). It is a `Date` at the instant
 * that wall time is in that zone, so comparisons and arithmetic work, and the template filters
 * treat it as Django treats a naive datetime: shown at its wall time whatever zone is active,
 * `e` is empty, and `timesince`/`timeuntil` give nothing when the other value is aware (a plain
 * `Date`).
 *
 * @example
 * ```ts
 * const d = new NaiveDateTime({ year: 2009, month: 3, day: 12, hour: 9 }, 'America/Chicago');
 * ```
 */
export class NaiveDateTime extends ZonedDate {
  readonly wall: Readonly<Required<WallTime>>;

  constructor(wall: WallTime, timeZone: string) {
    const fields = {
      hour: 0,
      minute: 0,
      second: 0,
      millisecond: 0,
      ...wall,
    };
    const asUtc = Date.UTC(
      fields.year,
      fields.month - 1,
      fields.day,
      fields.hour,
      fields.minute,
      fields.second,
      fields.millisecond,
    );
    if (Number.isNaN(asUtc)) throw new RangeError('NaiveDateTime needs a valid wall time.');
    let instant = asUtc;
    if (timeZone !== 'UTC') {
      // The offset at the wall time read as UTC, then at the instant it gives (DST edges).
      instant = asUtc - offsetAt(asUtc, timeZone)[0] * 60_000;
      instant = asUtc - offsetAt(instant, timeZone)[0] * 60_000;
    }
    super(instant, timeZone);
    this.wall = Object.freeze(fields);
  }
}

/**
 * Python's `date`: a calendar day with no time of day, read in `timeZone` (its instant is that
 * day's midnight there). As in Django, `{{ d }}` uses `DATE_FORMAT`, the `date` filter refuses
 * time-of-day characters (a `TypeError`) and the `time` filter gives nothing for it.
 *
 * @example
 * ```ts
 * const d = new NaiveDate({ year: 2012, month: 2, day: 14 }, 'UTC');
 * ```
 */
export class NaiveDate extends NaiveDateTime {
  constructor(day: { year: number; month: number; day: number }, timeZone: string) {
    super({ year: day.year, month: day.month, day: day.day }, timeZone);
  }
}

/** Django's `TimeFormat` characters (and `r`), which a `date` has no value for. */
const TIME_CHARS = new Set('aAefgGhHiOPsTuZr');
/** Every character Django's date formats interpret. */
const FORMAT_CHARS = new Set('aAbBcdDeEfFgGhHiIjlLmMnNoOPrsStTuUwWyYzZ');

/** Django's `date`/`time` filters on a `date`. */
function formatDay(day: NaiveDate, spec: string, filter: 'date' | 'time'): string {
  let out = '';
  for (let i = 0; i < spec.length; i++) {
    const c = spec[i] as string;
    if (c === '\\') {
      out += spec[++i] ?? '';
      continue;
    }
    if (!FORMAT_CHARS.has(c)) out += c;
    // The `time` filter swallows Django's error for any character: nothing is shown.
    else if (filter === 'time') return '';
    else if (TIME_CHARS.has(c)) {
      throw new TypeError(
        `The format for date objects may not contain time-related format specifiers (found '${c}').`,
      );
    } else if (c === 'I') continue;
    // `c` of a date is its ISO date (Python's date.isoformat()).
    else if (c === 'c') out += format(dateParts(day, day.zone), 'Y-m-d', day);
    else out += character(c, dateParts(day, day.zone), day);
  }
  return out;
}

/** Whether a value is a naive datetime (a `NaiveDateTime`) rather than an instant. */
export function isNaive(value: unknown): value is NaiveDateTime {
  return value instanceof NaiveDateTime;
}

/** Formats a date with Django's format characters (or a named format) in a time zone. */
export function formatDate(
  date: Date,
  spec: string,
  contextZone: string,
  filter: 'date' | 'time' = 'date',
): string {
  if (date instanceof NaiveDate) {
    return formatDay(
      date,
      Object.hasOwn(NAMED_FORMATS, spec) ? (NAMED_FORMATS[spec] as string) : spec,
      filter,
    );
  }
  const timeZone = date instanceof ZonedDate ? date.zone : contextZone;
  return format(
    dateParts(date, timeZone),
    Object.hasOwn(NAMED_FORMATS, spec) ? (NAMED_FORMATS[spec] as string) : spec,
    date,
  );
}
