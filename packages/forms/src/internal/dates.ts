/**
 * Dates as Django's forms see them: Python's `strptime`/`strftime` for the input formats,
 * a wall-clock date and time with no zone (Python's naive `datetime`), `parse_datetime`,
 * and conversions between a zone's wall clock and an instant.
 */

import { daysInMonth, MONTHS, strftime, wallClock } from '@stack/utils';

/** A wall-clock date and time (Python's naive `datetime`); months are 1-12. */
export class NaiveDateTime {
  constructor(
    readonly year: number,
    readonly month: number,
    readonly day: number,
    readonly hour = 0,
    readonly minute = 0,
    readonly second = 0,
    readonly microsecond = 0,
    /** What Python type it stands for, which `toString()` follows. */
    readonly kind: 'date' | 'time' | 'datetime' = 'datetime',
  ) {}

  /** The ISO date, `YYYY-MM-DD`. */
  date(): string {
    return `${pad(this.year, 4)}-${pad(this.month)}-${pad(this.day)}`;
  }

  /** Python's `str(time)`: `HH:MM:SS`, with `.ffffff` when there are microseconds. */
  time(): string {
    const base = `${pad(this.hour)}:${pad(this.minute)}:${pad(this.second)}`;
    return this.microsecond ? `${base}.${pad(this.microsecond, 6)}` : base;
  }

  /** Python's `str()` of a date, a time or a datetime. */
  toString(): string {
    if (this.kind === 'date') return this.date();
    if (this.kind === 'time') return this.time();
    return `${this.date()} ${this.time()}`;
  }

  /** The same wall clock without its microseconds. */
  withoutMicroseconds(): NaiveDateTime {
    const { year, month, day, hour, minute, second, kind } = this;
    return new NaiveDateTime(year, month, day, hour, minute, second, 0, kind);
  }

  /** Python's `strftime` (the C locale) for the directives Django's formats use. */
  strftime(format: string): string {
    return strftime(format, this);
  }

  /** The instant this wall clock shows in UTC. */
  toUtcDate(): Date {
    const { year, month, day, hour, minute, second, microsecond } = this;
    const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second));
    date.setUTCFullYear(year);
    date.setUTCMilliseconds(Math.floor(microsecond / 1000));
    return date;
  }

  /** The wall clock of an instant in UTC. */
  static fromUtcDate(date: Date): NaiveDateTime {
    return new NaiveDateTime(
      date.getUTCFullYear(),
      date.getUTCMonth() + 1,
      date.getUTCDate(),
      date.getUTCHours(),
      date.getUTCMinutes(),
      date.getUTCSeconds(),
      date.getUTCMilliseconds() * 1000,
    );
  }
}

export function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** Whether year/month/day (and the time) make a real date, as Python's `datetime()` checks. */
export function isValidDate(year: number, month: number, day: number): boolean {
  return (
    year >= 1 &&
    year <= 9999 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

const MONTH_PATTERN = MONTHS.join('|');
const MONTH_ABBR_PATTERN = MONTHS.map((m) => m.slice(0, 3)).join('|');

// The patterns of CPython's _strptime for each directive.
const DIRECTIVES: Record<string, string> = {
  d: '(3[01]|[12]\\d|0[1-9]|[1-9]| [1-9])',
  f: '([0-9]{1,6})',
  H: '(2[0-3]|[0-1]\\d|\\d)',
  I: '(1[0-2]|0[1-9]|[1-9])',
  m: '(1[0-2]|0[1-9]|[1-9])',
  M: '([0-5]\\d|\\d)',
  S: '(6[0-1]|[0-5]\\d|\\d)',
  y: '(\\d\\d)',
  Y: '(\\d\\d\\d\\d)',
  b: `(${MONTH_ABBR_PATTERN})`,
  B: `(${MONTH_PATTERN})`,
  p: '(am|pm)',
};

const compiled = new Map<string, { regex: RegExp; keys: string[] }>();

function compile(format: string): { regex: RegExp; keys: string[] } {
  let entry = compiled.get(format);
  if (entry) return entry;
  const keys: string[] = [];
  let source = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i] as string;
    if (c === '%' && i + 1 < format.length) {
      const directive = format[++i] as string;
      if (directive === '%') source += '%';
      else {
        const pattern = DIRECTIVES[directive];
        if (pattern === undefined) throw new Error(`Unsupported strptime directive %${directive}`);
        keys.push(directive);
        source += pattern;
      }
    } else if (/\s/.test(c)) {
      while (i + 1 < format.length && /\s/.test(format[i + 1] as string)) i++;
      source += '\\s+';
    } else source += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  entry = { regex: new RegExp(`^${source}$`, 'i'), keys };
  if (compiled.size < 100) compiled.set(format, entry);
  return entry;
}

/**
 * Python's `datetime.strptime(value, format)` for the directives Django's input formats use;
 * `null` where Python raises ValueError.
 */
export function strptime(value: string, format: string): NaiveDateTime | null {
  const { regex, keys } = compile(format);
  const match = regex.exec(value);
  if (!match) return null;
  let year = 1900;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let microsecond = 0;
  let pm: boolean | undefined;
  keys.forEach((key, i) => {
    const text = (match[i + 1] as string).trim();
    const lower = text.toLowerCase();
    switch (key) {
      case 'Y':
        year = Number(text);
        break;
      case 'y':
        year = Number(text) + (Number(text) <= 68 ? 2000 : 1900);
        break;
      case 'm':
        month = Number(text);
        break;
      case 'b':
      case 'B':
        month = MONTHS.findIndex((m) => m.toLowerCase().startsWith(lower.slice(0, 3))) + 1;
        break;
      case 'd':
        day = Number(text);
        break;
      case 'H':
      case 'I':
        hour = Number(text);
        break;
      case 'M':
        minute = Number(text);
        break;
      case 'S':
        second = Number(text);
        break;
      case 'f':
        microsecond = Number(text.padEnd(6, '0'));
        break;
      case 'p':
        pm = lower === 'pm';
        break;
    }
  });
  if (pm !== undefined && keys.includes('I')) hour = (hour % 12) + (pm ? 12 : 0);
  if (second > 59 || !isValidDate(year, month, day)) return null;
  return new NaiveDateTime(year, month, day, hour, minute, second, microsecond);
}

const DATETIME_RE =
  /^(\d{4})-(\d{1,2})-(\d{1,2})[T ](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:[.,](\d{1,6})\d{0,6})?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/** A parsed `parse_datetime` result: the wall clock and, when given, its UTC offset in minutes. */
export interface ParsedDateTime {
  readonly naive: NaiveDateTime;
  readonly offsetMinutes: number | undefined;
}

/**
 * Django's `parse_datetime`: ISO-like `YYYY-MM-DD[T ]HH:MM[:SS[.ffffff]][Z|±HH[:MM]]`; `null`
 * when the text does not look like one, `'invalid'` when it does but is not a real moment.
 */
export function parseDatetime(value: string): ParsedDateTime | null | 'invalid' {
  const match = DATETIME_RE.exec(value);
  if (!match) return null;
  const [, y, mo, d, h, mi, s, us, tz] = match;
  const naive = new NaiveDateTime(
    Number(y),
    Number(mo),
    Number(d),
    Number(h),
    Number(mi),
    Number(s ?? 0),
    Number((us ?? '').padEnd(6, '0') || 0),
  );
  if (
    !isValidDate(naive.year, naive.month, naive.day) ||
    naive.hour > 23 ||
    naive.minute > 59 ||
    naive.second > 59
  )
    return 'invalid';
  let offsetMinutes: number | undefined;
  if (tz === 'Z') offsetMinutes = 0;
  else if (tz !== undefined) {
    const minutes = tz.length > 3 ? Number(tz.slice(-2)) : 0;
    offsetMinutes = (tz[0] === '-' ? -1 : 1) * (Number(tz.slice(1, 3)) * 60 + minutes);
  }
  return { naive, offsetMinutes };
}

/** Whether `timeZone` is an IANA zone name this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    wallClock(0, timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall clock an instant shows in a zone (Django's `make_naive`/`localtime`). */
export function toZone(date: Date, timeZone: string): NaiveDateTime {
  if (timeZone === 'UTC') return NaiveDateTime.fromUtcDate(date);
  const { year, month, day, hour, minute, second, microsecond } = wallClock(date, timeZone);
  return new NaiveDateTime(year, month, day, hour, minute, second, microsecond);
}

/**
 * The instant a zone's wall clock shows (Django's `make_aware`); `null` when the wall clock is
 * ambiguous or skipped in that zone (a daylight-saving change).
 */
export function fromZone(naive: NaiveDateTime, timeZone: string): Date | null {
  const asUtc = naive.toUtcDate();
  if (timeZone === 'UTC') return asUtc;
  const candidates = new Set<number>();
  for (const probeHours of [-36, 0, 36]) {
    const probe = new Date(asUtc.getTime() + probeHours * 3600_000);
    const shown = toZone(probe, timeZone).toUtcDate();
    const offset = shown.getTime() - probe.getTime();
    const instant = asUtc.getTime() - offset;
    if (toZone(new Date(instant), timeZone).toUtcDate().getTime() === asUtc.getTime())
      candidates.add(instant);
  }
  if (candidates.size !== 1) return null;
  return new Date([...candidates][0] as number);
}
