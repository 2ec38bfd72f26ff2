const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = [
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
];

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function dayOfYear(date: Date): number {
  const start = new Date(date.getFullYear(), 0, 1);
  return Math.floor((date.getTime() - start.getTime()) / 86_400_000) + 1;
}

const DIRECTIVES: Record<string, (d: Date) => string> = {
  Y: (d) => String(d.getFullYear()),
  y: (d) => pad(d.getFullYear() % 100),
  m: (d) => pad(d.getMonth() + 1),
  d: (d) => pad(d.getDate()),
  H: (d) => pad(d.getHours()),
  I: (d) => pad(d.getHours() % 12 || 12),
  M: (d) => pad(d.getMinutes()),
  S: (d) => pad(d.getSeconds()),
  f: (d) => pad(d.getMilliseconds() * 1000, 6),
  j: (d) => pad(dayOfYear(d), 3),
  w: (d) => String(d.getDay()),
  p: (d) => (d.getHours() < 12 ? 'AM' : 'PM'),
  a: (d) => DAYS[d.getDay()]!.slice(0, 3),
  A: (d) => DAYS[d.getDay()]!,
  b: (d) => MONTHS[d.getMonth()]!.slice(0, 3),
  B: (d) => MONTHS[d.getMonth()]!,
  '%': () => '%',
};

/**
 * Python's `datetime.strftime` for the directives an `uploadTo` pattern uses (local time, the C
 * locale); an unknown directive is kept as written, as Python does.
 *
 * @example
 * ```ts
 * strftime('photos/%Y/%m/%d/', new Date(2024, 4, 1)); // 'photos/2024/05/01/'
 * ```
 */
export function strftime(pattern: string, date: Date): string {
  return pattern.replace(/%(.)/gs, (whole, code: string) => DIRECTIVES[code]?.(date) ?? whole);
}
