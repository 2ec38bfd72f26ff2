import { SafeString } from '@stack/utils';
import { filterSpec, type FilterSpec } from '../filter-spec.js';
import { pyStr } from '../py.js';
import { decimalString, groupThousands, roundHalfUp } from './decimal.js';
import { avoidWrapping, numberOfObject, pyFloat, pyInt, pyLen, str } from './util.js';

/** Django's `floatformat`. */
export function floatformat(value: unknown, arg: unknown = -1): string | SafeString {
  let spec = arg instanceof SafeString ? arg.value : arg;
  let grouping = false;
  if (typeof spec === 'string') {
    if (spec.endsWith('gu') || spec.endsWith('ug')) {
      grouping = true;
      spec = spec.slice(0, -2) || -1;
    } else if (spec.endsWith('g')) {
      grouping = true;
      spec = spec.slice(0, -1) || -1;
    } else if (spec.endsWith('u')) spec = spec.slice(0, -1) || -1;
  }
  const number = pyFloat(value);
  const input = str(value);
  if (number === undefined) return '';
  if (!Number.isFinite(number)) return input;
  const places = pyInt(spec);
  if (places === undefined) return input;
  const exact =
    typeof value === 'string' || value instanceof SafeString
      ? input.trim().replace(/^\+/, '')
      : decimalString(number);
  const hasFraction = !Number.isInteger(number);
  const format = (text: string): SafeString =>
    new SafeString(grouping ? groupThousands(text) : text);
  if (!hasFraction && places <= 0) return format(roundHalfUp(exact, 0));
  return format(roundHalfUp(exact, Math.abs(places)));
}

// Python's round(x, 1): ties (exact in binary) go to the even digit.
function roundHalfEven1(x: number): number {
  const scaled = x * 10;
  const floor = Math.floor(scaled);
  if (scaled - floor === 0.5) return (floor % 2 === 0 ? floor : floor + 1) / 10;
  return Math.round(scaled) / 10;
}

/** Django's `filesizeformat`, with non-breaking spaces. */
export function filesizeformat(value: unknown): string {
  const bytes = pyFloat(value);
  if (bytes === undefined || !Number.isFinite(bytes)) return avoidWrapping('0 bytes');
  const size = Math.trunc(Math.abs(bytes));
  const negative = bytes < 0 && size !== 0;
  const units: [number, string][] = [
    [1024 ** 5, 'PB'],
    [1024 ** 4, 'TB'],
    [1024 ** 3, 'GB'],
    [1024 ** 2, 'MB'],
    [1024, 'KB'],
  ];
  let text = `${size} ${size === 1 ? 'byte' : 'bytes'}`;
  for (const [unit, name] of units) {
    if (size >= unit) {
      text = `${roundHalfUp(decimalString(roundHalfEven1(size / unit)), 1)} ${name}`;
      break;
    }
  }
  return avoidWrapping((negative ? '-' : '') + text);
}

/** Django's `pluralize`. */
export function pluralize(value: unknown, arg: unknown = 's'): string {
  let spec = arg === undefined || arg === null ? 's' : str(arg);
  if (!spec.includes(',')) spec = `,${spec}`;
  const bits = spec.split(',');
  if (bits.length > 2) return '';
  const [singular, plural] = bits as [string, string];
  const v = value instanceof SafeString ? value.value : value;
  if (typeof v === 'number' || typeof v === 'boolean') return Number(v) === 1 ? singular : plural;
  if (typeof v === 'string') {
    const f = pyFloat(v);
    if (f === undefined) return '';
    return f === 1 ? singular : plural;
  }
  const n = numberOfObject(v);
  if (n !== undefined) return n === 1 ? singular : plural;
  const length = pyLen(v);
  if (length === undefined) return '';
  return length === 1 ? singular : plural;
}

/** Django's `add`: integer sum, else `+` of like values, else ''. */
function add(value: unknown, arg: unknown): unknown {
  const a = pyInt(value);
  const b = pyInt(arg);
  if (a !== undefined && b !== undefined) return a + b;
  const x = value instanceof SafeString ? value.value : value;
  const y = arg instanceof SafeString ? arg.value : arg;
  if (typeof x === 'string' && typeof y === 'string') return x + y;
  if (typeof x === 'number' && typeof y === 'number') return x + y;
  if (Array.isArray(x) && Array.isArray(y)) return [...x, ...y];
  return '';
}

function getDigit(value: unknown, arg: unknown): unknown {
  const position = pyInt(arg);
  const number = pyInt(value);
  if (position === undefined || number === undefined) return value;
  if (position < 1) return value;
  const digits = String(number);
  const digit = digits[digits.length - position];
  return digit === undefined ? 0 : Number(digit) || (digit === '-' ? value : 0);
}

/** The number filters of Django's `defaultfilters`. */
export const numberFilters: FilterSpec[] = [
  filterSpec('add', add),
  filterSpec('divisibleby', (v, a) => {
    const x = pyInt(v);
    const y = pyInt(a);
    if (x === undefined || y === undefined || y === 0)
      throw new TypeError('divisibleby needs integers');
    return x % y === 0;
  }),
  filterSpec('filesizeformat', filesizeformat, { isSafe: true, arg: 'none' }),
  filterSpec('floatformat', (v, a) => floatformat(v, a ?? -1), { isSafe: true, arg: 'optional' }),
  filterSpec('get_digit', getDigit, { isSafe: false }),
  filterSpec('pluralize', (v, a) => pluralize(v, a ?? 's'), { isSafe: false, arg: 'optional' }),
  filterSpec('length', (v) => pyLen(v) ?? 0, { isSafe: false, arg: 'none' }),
  filterSpec('stringformat', (v, a) => stringformat(v, str(a)), { isSafe: true }),
];

/** Python's `"%" + spec % value` for the common conversions. */
export function stringformat(value: unknown, spec: string): string {
  const m = /^([-+ 0#]*)(\d+)?(?:\.(\d+))?([sdifeEgGxXor%])$/.exec(spec);
  if (!m) return '';
  const [, flags = '', widthText, precisionText, type] = m;
  const width = widthText ? Number(widthText) : 0;
  const precision = precisionText === undefined ? undefined : Number(precisionText);
  const v = value instanceof SafeString ? value.value : value;
  let body: string;
  const num = pyFloat(v);
  switch (type) {
    case 's':
      body = pyStr(v);
      if (precision !== undefined) body = body.slice(0, precision);
      break;
    case 'r':
      body = typeof v === 'string' ? `'${v}'` : pyStr(v);
      break;
    case 'd':
    case 'i':
      if (num === undefined || typeof v === 'string') return '';
      body = String(Math.trunc(num));
      break;
    case 'f':
      if (num === undefined || typeof v === 'string') return '';
      body = roundHalfUp(decimalString(num), precision ?? 6);
      break;
    case 'e':
    case 'E':
      if (num === undefined || typeof v === 'string') return '';
      body = num.toExponential(precision ?? 6).replace(/e([+-])(\d)$/, 'e$10$2');
      if (type === 'E') body = body.toUpperCase();
      break;
    case 'x':
    case 'X':
    case 'o':
      if (num === undefined || typeof v === 'string' || !Number.isInteger(num)) return '';
      body = Math.abs(num).toString(type === 'o' ? 8 : 16);
      if (flags.includes('#')) body = (type === 'o' ? '0o' : '0x') + body;
      if (type === 'X') body = body.toUpperCase();
      if (num < 0) body = `-${body}`;
      break;
    default:
      if (num === undefined || typeof v === 'string') return '';
      body = String(num);
  }
  if (flags.includes('+') && /^[0-9]/.test(body) && type !== 's') body = `+${body}`;
  else if (flags.includes(' ') && /^[0-9]/.test(body) && type !== 's') body = ` ${body}`;
  if (body.length < width) {
    if (flags.includes('-')) body = body.padEnd(width);
    else if (flags.includes('0') && type !== 's') {
      const sign = /^[-+ ]/.test(body) ? (body[0] as string) : '';
      body = sign + body.slice(sign.length).padStart(width - sign.length, '0');
    } else body = body.padStart(width);
  }
  return body;
}
