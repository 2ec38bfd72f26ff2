import { ValidationError } from '../errors.js';
import type { ColumnType, Dialect } from '../internal/dialect.js';
import { Field, type FieldOptions } from './field.js';

const DECIMAL = /^([-+]?)(\d*)(?:\.(\d*))?$/;

/**
 * Rounds a decimal string to `places` digits after the point, half to even as Python's
 * `Decimal.quantize` (so as Django before it saves), exactly: on BigInt, never on floats.
 */
export function quantize(value: string, places: number): string {
  const match = DECIMAL.exec(value.trim());
  if (match === null || (match[2] === '' && (match[3] ?? '') === '')) {
    throw new ValidationError({ __all__: [`“${value}” value must be a decimal number.`] });
  }
  const negative = match[1] === '-';
  const intPart = match[2] === '' ? '0' : (match[2] ?? '0');
  const frac = match[3] ?? '';
  let digits = BigInt(intPart + frac.slice(0, places).padEnd(places, '0'));
  const rest = frac.slice(places);
  const next = Number(rest.charAt(0) || '0');
  const beyondHalf = next > 5 || (next === 5 && /[1-9]/.test(rest.slice(1)));
  if (beyondHalf || (next === 5 && !beyondHalf && digits % 2n === 1n)) digits += 1n;
  const s = digits.toString().padStart(places + 1, '0');
  const whole = places === 0 ? s : `${s.slice(0, -places)}.${s.slice(-places)}`;
  return negative && digits !== 0n ? `-${whole}` : whole;
}

/**
 * An exact decimal, held as a string on instances (`'19.99'`), never a float. PostgreSQL stores
 * `numeric(maxDigits, decimalPlaces)`; SQLite stores the quantized text and compares, orders,
 * sums, and takes the min and max of it exactly.
 *
 * @example
 * ```ts
 * price: new DecimalField({ maxDigits: 8, decimalPlaces: 2 }) // "price" numeric(8, 2) NOT NULL
 * await Product.objects.create({ price: '19.990' }); // stored as '19.99'
 * ```
 */
export class DecimalField<N extends boolean = false> extends Field<string, N> {
  readonly maxDigits: number;
  readonly decimalPlaces: number;

  constructor(options: FieldOptions<string, N> & { maxDigits: number; decimalPlaces: number }) {
    super(options);
    this.maxDigits = options.maxDigits;
    this.decimalPlaces = options.decimalPlaces;
  }

  columnType(): ColumnType {
    return { kind: 'decimal', maxDigits: this.maxDigits, decimalPlaces: this.decimalPlaces };
  }

  override toDb(value: unknown, dialect: Dialect): unknown {
    if (value === null || value === undefined) return null;
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new ValidationError({ __all__: [`“${value}” value must be a decimal number.`] });
    }
    const quantized = quantize(String(value), this.decimalPlaces);
    // As Django: on SQLite the value is rounded here (half to even); PostgreSQL's numeric
    // column rounds what it is given itself (half away from zero).
    return dialect.name === 'postgres' ? String(value).trim() : quantized;
  }

  override fromDb = (value: unknown): unknown =>
    value === null || typeof value === 'string'
      ? value
      : quantize(String(value), this.decimalPlaces);

  override toPython(value: unknown): unknown {
    return value === null || value === undefined ? value : String(value);
  }

  protected override checkValue(value: unknown): string[] {
    let q: string;
    try {
      q = quantize(String(value), this.decimalPlaces);
    } catch {
      return ['Enter a number.'];
    }
    const digits = q
      .replace(/^-/, '')
      .replace('.', '')
      .replace(/^0+(?=\d)/, '');
    return digits.length > this.maxDigits
      ? [`Ensure that there are no more than ${this.maxDigits} digits in total.`]
      : [];
  }
}
