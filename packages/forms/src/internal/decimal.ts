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
    const exp = leftdigits === dotplace ? '' : `E${leftdigits - dotplace >= 0 ? '+' : ''}${leftdigits - dotplace}`;
    return sign + intpart + fracpart + exp;
  }

  /** -1, 0 or 1, for two finite decimals. */
  compare(other: PyDecimal): number {
    const scale = Math.min(this.exponent, other.exponent);
    const a = BigInt(this.digits) * 10n ** BigInt(this.exponent - scale) * (this.sign ? -1n : 1n);
    const b = BigInt(other.digits) * 10n ** BigInt(other.exponent - scale) * (other.sign ? -1n : 1n);
    return a < b ? -1 : a > b ? 1 : 0;
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
