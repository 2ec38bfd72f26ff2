/**
 * Exact decimal arithmetic on strings, for SQLite (which holds DecimalField values as text):
 * the sort key its comparisons and ORDER BY use, and the sum/min/max aggregates. BigInt only,
 * never floats.
 */

const DECIMAL = /^\s*([-+]?)(\d*)(?:\.(\d*))?\s*$/;

/** A decimal as an integer and a scale: `-12.5` is `{ units: -125n, scale: 1 }`. */
export interface Exact {
  readonly units: bigint;
  readonly scale: number;
}

/** Parses a decimal string or number; `undefined` when it is not one. */
export function parseDecimal(value: unknown): Exact | undefined {
  if (typeof value === 'bigint') return { units: value, scale: 0 };
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const match = DECIMAL.exec(String(value));
  if (match === null || (match[2] === '' && (match[3] ?? '') === '')) return undefined;
  const frac = match[3] ?? '';
  const units = BigInt(`${match[2] || '0'}${frac}`);
  return { units: match[1] === '-' ? -units : units, scale: frac.length };
}

function rescale(value: Exact, scale: number): bigint {
  return value.units * 10n ** BigInt(scale - value.scale);
}

/** `a - b` as a sign: -1, 0 or 1. */
export function compareDecimals(a: Exact, b: Exact): number {
  const scale = Math.max(a.scale, b.scale);
  const d = rescale(a, scale) - rescale(b, scale);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

export function addDecimals(a: Exact, b: Exact): Exact {
  const scale = Math.max(a.scale, b.scale);
  return { units: rescale(a, scale) + rescale(b, scale), scale };
}

export function formatDecimal(value: Exact): string {
  const negative = value.units < 0n;
  const digits = (negative ? -value.units : value.units).toString().padStart(value.scale + 1, '0');
  const whole =
    value.scale === 0 ? digits : `${digits.slice(0, -value.scale)}.${digits.slice(-value.scale)}`;
  return negative ? `-${whole}` : whole;
}

const WIDTH = 40;

/**
 * A text key whose byte order is the numeric order of the decimal: SQLite compares and sorts
 * DecimalField columns by it (`stack_decimal_key(col) > stack_decimal_key(?)`).
 */
export function decimalKey(value: unknown): string | null {
  const exact = parseDecimal(value);
  if (exact === undefined) return value === null || value === undefined ? null : String(value);
  if (exact.units === 0n) return '1';
  const negative = exact.units < 0n;
  const digits = (negative ? -exact.units : exact.units).toString().padStart(exact.scale + 1, '0');
  const whole = digits.slice(0, digits.length - exact.scale).padStart(WIDTH, '0');
  const frac = digits.slice(digits.length - exact.scale).replace(/0+$/, '');
  if (!negative) return `2${whole}${frac}`;
  // Negative: larger magnitudes sort first, so every digit is complemented; the fraction is
  // padded to a fixed width so a shorter one does not sort before a longer one.
  const complement = (s: string) => s.replace(/\d/g, (d) => String(9 - Number(d)));
  return `0${complement(whole)}${complement(frac.padEnd(WIDTH, '0'))}`;
}
