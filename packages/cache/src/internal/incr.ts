/**
 * The integer a stored value holds, for `incr`; a `TypeError` for anything else (a string, a
 * float, an object), on every backend alike.
 */
export function integerValue(raw: string): number {
  const value: unknown = /^-?\d+$/.test(raw) ? Number(raw) : undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new TypeError('incr() and decr() need a cached integer.');
  }
  return value;
}

/** Checks that an incremented value is still a safe integer. */
export function checkedSum(value: number, delta: number): number {
  const sum = value + delta;
  if (!Number.isSafeInteger(sum)) throw new RangeError('incr() overflowed a safe integer.');
  return sum;
}
