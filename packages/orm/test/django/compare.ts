// Compares Stack's answer with Django's: Django's JSON marks decimals, floats, dates and
// datetimes; values() keys are snake_case there (`author_id`) and camelCase here (`authorId`).

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function canonicalDecimal(value: unknown): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  let text = String(value);
  if (!/^-?\d+(\.\d+)?$/.test(text)) return undefined;
  if (text.includes('.')) text = text.replace(/0+$/, '').replace(/\.$/, '');
  return text === '-0' || text === '' ? '0' : text;
}

function snake(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** Whether `actual` (Stack, encoded) is the answer `expected` (Django, harvested). */
export function same(expected: Json, actual: unknown, unordered = false): boolean {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return false;
    if (!unordered) return expected.every((e, i) => same(e, actual[i]));
    const left = [...actual];
    return expected.every((e) => {
      const i = left.findIndex((a) => same(e, a));
      if (i < 0) return false;
      left.splice(i, 1);
      return true;
    });
  }
  if (expected !== null && typeof expected === 'object') {
    if ('decimal' in expected && Object.keys(expected).length === 1)
      return canonicalDecimal(actual) === expected.decimal;
    if ('float' in expected && Object.keys(expected).length === 1) {
      const x = expected.float as number;
      return typeof actual === 'number' && Math.abs(actual - x) <= 1e-9 * Math.max(1, Math.abs(x));
    }
    if ('datetime' in expected && Object.keys(expected).length === 1)
      return actual === expected.datetime;
    if ('date' in expected && Object.keys(expected).length === 1) return actual === expected.date;
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
    const mapped = Object.fromEntries(Object.entries(actual).map(([k, v]) => [snake(k), v]));
    const keys = Object.keys(expected);
    if (keys.length !== Object.keys(mapped).length) return false;
    return keys.every((k) => k in mapped && same(expected[k]!, mapped[k]));
  }
  if (typeof expected === 'number' && typeof actual === 'string') return false;
  return expected === actual;
}
