/** Python's `decimal.Decimal` as far as forms need it: parsing, `as_tuple()`, `str()`, ordering. */
export class PyDecimal {
  constructor(
    /** 1 for negative. */
    readonly sign: 0 | 1,
    /** The coefficient's digits, without leading zeros (at least `'0'`). */
    readonly digits: string,
    /** The exponent; ignored for specials. */
    readonly exponent: number,
    /** `'F'` for infinity, `'n'` for NaN, `'N'` for sNaN, `''` for a number. */
    readonly special: '' | 'F' | 'n' | 'N' = '',
  ) {}

  get isFinite(): boolean {
    return this.special === '';
  }

  /** Python's `str(Decimal)`. */
  toString(): string {
    const sign = this.sign ? '-' : '';
    if (this.special === 'F') return `${sign}Infinity`;
    if (this.special === 'n') return `${sign}NaN`;
    if (this.special === 'N') return `${sign}sNaN`;
    const { digits, exponent } = this;
    const leftdigits = exponent + digits.length;
    const dotplace = exponent <= 0 && leftdigits > -6 ? leftdigits : 1;
    let intpart: string;
    let fracpart: string;
    if (dotplace <= 0) {
      intpart = '0';
      fracpart = `.${'0'.repeat(-dotplace)}${digits}`;
    } else if (dotplace >= digits.length) {
      intpart = digits + '0'.repeat(dotplace - digits.length);
      fracpart = '';
    } else {
      intpart = digits.slice(0, dotplace);
      fracpart = `.${digits.slice(dotplace)}`;
    }
    const exp =
      leftdigits === dotplace
        ? ''
        : `E${leftdigits - dotplace >= 0 ? '+' : ''}${leftdigits - dotplace}`;
    return sign + intpart + fracpart + exp;
  }

  /** -1, 0 or 1, for two finite decimals (without building huge numbers for huge exponents). */
  compare(other: PyDecimal): number {
    const zeroA = /^0+$/.test(this.digits);
    const zeroB = /^0+$/.test(other.digits);
    if (zeroA && zeroB) return 0;
    const signA = zeroA ? 0 : this.sign ? -1 : 1;
    const signB = zeroB ? 0 : other.sign ? -1 : 1;
    if (signA !== signB) return signA < signB ? -1 : 1;
    const adjustedA = this.exponent + this.digits.length;
    const adjustedB = other.exponent + other.digits.length;
    if (adjustedA !== adjustedB) return (adjustedA < adjustedB ? -1 : 1) * signA;
    const width = Math.max(this.digits.length, other.digits.length);
    const a = this.digits.padEnd(width, '0');
    const b = other.digits.padEnd(width, '0');
    return (a < b ? -1 : a > b ? 1 : 0) * signA;
  }

  toNumber(): number {
    return Number(this.toString());
  }
}

const NUMBER =
  /^([+-])?(?:(\d(?:_?\d)*)(?:\.((?:\d(?:_?\d)*)?))?|\.(\d(?:_?\d)*))(?:[eE]([+-]?\d(?:_?\d)*))?$/;
const SPECIAL = /^([+-])?(inf|infinity|nan|snan)$/i;

/** Parses a decimal as `Decimal(text.strip())` does; `null` where Python raises. */
export function parseDecimal(text: string): PyDecimal | null {
  const value = text.trim();
  if (value.length > 10_000) return null;
  const special = SPECIAL.exec(value);
  if (special) {
    const sign = special[1] === '-' ? 1 : 0;
    const word = (special[2] as string).toLowerCase();
    const kind = word === 'nan' ? 'n' : word === 'snan' ? 'N' : 'F';
    return new PyDecimal(sign, '0', 0, kind);
  }
  const match = NUMBER.exec(value);
  if (!match) return null;
  const [, signText, intPart = '', fracA, fracB, expText] = match;
  const fraction = (fracA ?? fracB ?? '').replace(/_/g, '');
  const whole = intPart.replace(/_/g, '');
  const exponent = Number((expText ?? '0').replace(/_/g, '')) - fraction.length;
  if (!Number.isSafeInteger(exponent)) return null;
  const digits = (whole + fraction).replace(/^0+(?=\d)/, '') || '0';
  return new PyDecimal(signText === '-' ? 1 : 0, digits, exponent);
}
