import { SafeString } from '@stack/utils';
import { pyStr } from '../py.js';
import { mappingSize } from '../lookup.js';

/** Django's `stringfilter`: the value as text (a safe string's text, `str()` of others). */
export function str(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof SafeString) return value.value;
  return pyStr(value);
}

/** Python's `int()` of a template value, or undefined when it would raise. */
export function pyInt(value: unknown): number | undefined {
  const v = value instanceof SafeString ? value.value : value;
  if (typeof v === 'number') return Number.isFinite(v) ? Math.trunc(v) : undefined;
  if (typeof v === 'boolean') return Number(v);
  if (typeof v === 'string' && /^\s*[-+]?\d+\s*$/.test(v)) return Number.parseInt(v, 10);
  return undefined;
}

/** Python's `float()` of a template value, or undefined when it would raise. */
export function pyFloat(value: unknown): number | undefined {
  const v = value instanceof SafeString ? value.value : value;
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return Number(v);
  if (typeof v === 'string') {
    const t = v.trim().toLowerCase();
    if (/^[-+]?(\d+\.?\d*(e[-+]?\d+)?|\.\d+(e[-+]?\d+)?)$/.test(t)) return Number(t);
    if (/^[-+]?(inf|infinity)$/.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
    if (/^[-+]?nan$/.test(t)) return Number.NaN;
  }
  return numberOfObject(v);
}

/**
 * The number an object stands for through its own `valueOf()` (a decimal library's `Decimal`,
 * as Python's `__float__`), or undefined. Dates are not numbers here, as in Python.
 */
export function numberOfObject(value: unknown): number | undefined {
  if (value === null || typeof value !== 'object' || value instanceof Date) return undefined;
  const valueOf = (value as { valueOf?: unknown }).valueOf;
  if (typeof valueOf !== 'function' || valueOf === Object.prototype.valueOf) return undefined;
  try {
    const n: unknown = valueOf.call(value);
    return typeof n === 'number' ? n : undefined;
  } catch {
    return undefined;
  }
}

/** Python's `len()`, or undefined for values without a length. */
export function pyLen(value: unknown): number | undefined {
  if (typeof value === 'string') return [...value].length;
  if (value instanceof SafeString) return [...value.value].length;
  if (Array.isArray(value)) return value.length;
  if (value && typeof value === 'object') {
    const size = mappingSize(value);
    if (size !== undefined) return size;
    const length = (value as { length?: unknown }).length;
    if (typeof length === 'number') return length;
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto === Object.prototype || proto === null) return Object.keys(value).length;
  }
  return undefined;
}

/** Django's `avoid_wrapping`: spaces become non-breaking. */
export function avoidWrapping(text: string): string {
  return text.replace(/ /g, '\xa0');
}

/** A list view of an iterable value (strings become characters). */
export function listOf(value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return [...value];
  if (value instanceof SafeString) return [...value.value];
  if (value && typeof value === 'object' && Symbol.iterator in value)
    return [...(value as Iterable<unknown>)];
  return undefined;
}
