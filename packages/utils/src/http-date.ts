/**
 * Django's HTTP date helpers (`django.utils.http.http_date`, `parse_http_date`,
 * `parse_http_date_safe`): the IMF-fixdate format RFC 9110 prescribes, and the two obsolete
 * formats it still requires servers to read.
 */
import { daysInMonth } from './dates.js';
import { PY_WORD } from './internal/python.js';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTHS_LOWER = MONTHS.map((m) => m.toLowerCase());

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/**
 * Formats seconds since the epoch as an HTTP date, `Wdy, DD Mon YYYY HH:MM:SS GMT` (Django's
 * `http_date`); fractions of a second are dropped. Without an argument, the current time.
 *
 * @example
 * ```ts
 * httpDate(1167616461); // 'Mon, 01 Jan 2007 01:54:21 GMT'
 * response.set('Expires', httpDate(Date.now() / 1000 + 3600));
 * ```
 */
export function httpDate(epochSeconds: number = Date.now() / 1000): string {
  const date = new Date(Math.floor(epochSeconds) * 1000);
  const year = date.getUTCFullYear();
  if (!Number.isFinite(epochSeconds) || year < 1 || year > 9999) {
    throw new RangeError(`${epochSeconds} is out of the range of HTTP dates`);
  }
  return (
    `${DAYS[date.getUTCDay()]}, ${pad(date.getUTCDate())} ${MONTHS[date.getUTCMonth()]} ` +
    `${pad(year, 4)} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:` +
    `${pad(date.getUTCSeconds())} GMT`
  );
}

const W = `[${PY_WORD}]`;
const D = '(?<day>\\d{2})';
const D2 = '(?<day>[ \\d]\\d)';
const M = `(?<mon>${W}{3})`;
const Y = '(?<year>\\d{4})';
const Y2 = '(?<year>\\d{2})';
const T = '(?<hour>\\d{2}):(?<min>\\d{2}):(?<sec>\\d{2})';
// Python's `$` also matches before a final newline.
const FORMATS = [
  new RegExp(`^${W}{3}, ${D} ${M} ${Y} ${T} GMT\\n?$`, 'u'),
  new RegExp(`^${W}{6,9}, ${D}-${M}-${Y2} ${T} GMT\\n?$`, 'u'),
  new RegExp(`^${W}{3} ${M} ${D2} ${T} ${Y}\\n?$`, 'u'),
];

/** What `parseHttpDate` accepts besides the date. */
export interface ParseHttpDateOptions {
  /** The current time, which places two-digit years (default: now). */
  now?: Date;
}

/**
 * Parses an HTTP date in any of the three formats of RFC 9110 (IMF-fixdate, RFC 850, asctime)
 * to seconds since the epoch (Django's `parse_http_date`). A two-digit year more than 50 years
 * in the future is taken to be in the past century. Throws a `RangeError` for anything else.
 *
 * @example
 * ```ts
 * parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT'); // 784111777
 * parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT'); // 784111777
 * parseHttpDate('Sun Nov  6 08:49:37 1994'); // 784111777
 * ```
 */
export function parseHttpDate(date: string, options: ParseHttpDateOptions = {}): number {
  let groups: Record<string, string> | undefined;
  for (const format of FORMATS) {
    groups = format.exec(date)?.groups;
    if (groups) break;
  }
  if (!groups) throw new RangeError(`'${date}' is not in a valid HTTP date format`);
  let year = Number(groups.year);
  if (year < 100) {
    const current = (options.now ?? new Date()).getUTCFullYear();
    const century = current - (current % 100);
    year += year - (current % 100) > 50 ? century - 100 : century;
  }
  const month = MONTHS_LOWER.indexOf(groups.mon!.toLowerCase());
  const day = Number(groups.day);
  const hour = Number(groups.hour);
  const min = Number(groups.min);
  const sec = Number(groups.sec);
  const valid =
    month !== -1 &&
    year >= 1 &&
    day >= 1 &&
    day <= daysInMonth(year, month + 1) &&
    hour <= 23 &&
    min <= 59 &&
    sec <= 59;
  if (!valid) throw new RangeError(`'${date}' is not a valid date`);
  const at = new Date(0);
  at.setUTCFullYear(year, month, day);
  at.setUTCHours(hour, min, sec, 0);
  return at.getTime() / 1000;
}

/**
 * `parseHttpDate`, giving `undefined` instead of throwing for an invalid date (Django's
 * `parse_http_date_safe`): the form to use on request headers.
 *
 * @example
 * ```ts
 * parseHttpDateSafe(request.headers.get('If-Modified-Since') ?? ''); // number | undefined
 * ```
 */
export function parseHttpDateSafe(
  date: string,
  options: ParseHttpDateOptions = {},
): number | undefined {
  try {
    return parseHttpDate(date, options);
  } catch {
    return undefined;
  }
}
