import { SafeString } from '@stack/utils';
import { mappingSize } from './lookup.js';

/** Python's `str()` and `repr()` of template values, so output matches Django's. */

export function pyRepr(value: unknown): string {
  return repr(value, []);
}

function quote(value: string): string {
  const q = value.includes("'") && !value.includes('"') ? '"' : "'";
  const body = value
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t');
  return q + (q === "'" ? body.replace(/'/g, "\\'") : body) + q;
}

function repr(value: unknown, seen: unknown[]): string {
  if (typeof value === 'string') return quote(value);
  if (value instanceof SafeString) return quote(value.value);
  return str(value, seen);
}

/** Python's `str()` of a number (`nan`, `inf`, `-inf`; otherwise JavaScript's text). */
export function pyNumber(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  // The same text as String(value) (both are ToString of a number), but V8 compiles a template
  // to its number-to-string cache directly, where String() is a builtin call: about 100
  // instructions less a number (issue 21: the fortunes page writes 13 ids, 0.9k less).
  return `${value}`;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

export function pyStr(value: unknown): string {
  return str(value, []);
}

// Python's str() of containers: the repr of their items, `[...]`/`{...}` where they recurse.
function str(value: unknown, seen: unknown[]): string {
  if (typeof value === 'string') return value;
  if (value instanceof SafeString) return value.value;
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return pyNumber(value);
  if (typeof value === 'object') {
    const list = Array.isArray(value);
    if (!list && !(value instanceof Map) && !(value instanceof Set) && !isPlainObject(value)) {
      return safeString(value);
    }
    if (seen.includes(value)) return list ? '[...]' : '{...}';
    const inner = [...seen, value];
    const r = (v: unknown): string => repr(v, inner);
    if (list) return `[${value.map(r).join(', ')}]`;
    if (value instanceof Map)
      return `{${[...value].map(([k, v]) => `${r(k)}: ${r(v)}`).join(', ')}}`;
    if (value instanceof Set) return value.size ? `{${[...value].map(r).join(', ')}}` : 'set()';
    return `{${Object.entries(value)
      .map(([k, v]) => `${r(k)}: ${r(v)}`)
      .join(', ')}}`;
  }
  return String(value);
}

/** Python truthiness: `0`, `''`, `[]`, `{}`, empty maps and sets, `None` are false. */
export function pyBool(value: unknown): boolean {
  if (!value) return false;
  if (typeof value !== 'object') return true;
  if (Array.isArray(value)) return value.length > 0;
  const size = mappingSize(value);
  if (size !== undefined) return size > 0;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto === Object.prototype || proto === null) {
    for (const key in value) if (Object.prototype.hasOwnProperty.call(value, key)) return true;
    return false;
  }
  const length = (value as { length?: unknown }).length;
  if (typeof length === 'number') return length > 0;
  return true;
}

const MAX_DEPTH = 100;

/**
 * Python `==` for template values: an object's `equals(other)` answers on either side (Python's
 * `__eq__` and its reflection: a model `FieldFile` equals its name); model instances compare by
 * class and primary key.
 */
export function pyEquals(left: unknown, right: unknown, depth = 0): boolean {
  const a = left instanceof SafeString ? left.value : (left ?? null);
  const b = right instanceof SafeString ? right.value : (right ?? null);
  if (a === b) return true;
  if (typeof a === 'boolean' || typeof b === 'boolean') {
    return (typeof a === 'number' || typeof b === 'number') && Number(a) === Number(b);
  }
  if (a === null || b === null) return false;
  if (typeof a === 'object') {
    const equals = (a as { equals?: unknown }).equals;
    if (typeof equals === 'function') return Boolean(equals.call(a, b));
  }
  if (typeof b === 'object') {
    const equals = (b as { equals?: unknown }).equals;
    if (typeof equals === 'function') return Boolean(equals.call(b, a));
  }
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  // Containers compare by content, as Python's; one that holds itself ends the search unequal.
  if (depth > MAX_DEPTH) return false;
  const next = depth + 1;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => pyEquals(item, b[i], next));
  }
  if (a instanceof Map && b instanceof Map) {
    if (a.size !== b.size) return false;
    for (const [k, v] of a) if (!b.has(k) || !pyEquals(v, b.get(k), next)) return false;
    return true;
  }
  if (a instanceof Set && b instanceof Set) {
    if (a.size !== b.size) return false;
    for (const item of a) {
      if (b.has(item)) continue;
      let found = false;
      for (const other of b) if ((found = pyEquals(item, other, next))) break;
      if (!found) return false;
    }
    return true;
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every(
      (k) =>
        Object.prototype.hasOwnProperty.call(b, k) &&
        pyEquals((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], next),
    );
  }
  const pkA = (a as { pk?: unknown }).pk;
  if (pkA !== undefined && pkA !== null && Object.getPrototypeOf(a) === Object.getPrototypeOf(b)) {
    return pkA === (b as { pk?: unknown }).pk;
  }
  return false;
}

/** Python's `in`: substring, list membership, dict key; TypeError when not a container. */
export function pyContains(container: unknown, item: unknown): boolean {
  const haystack = container instanceof SafeString ? container.value : container;
  if (typeof haystack === 'string') {
    if (typeof item !== 'string' && !(item instanceof SafeString))
      throw new TypeError('not a string');
    return haystack.includes(String(item));
  }
  if (haystack === null || typeof haystack !== 'object') throw new TypeError('not a container');
  if (haystack instanceof Map || haystack instanceof Set) {
    for (const key of haystack.keys()) if (pyEquals(key, item)) return true;
    return false;
  }
  if (Symbol.iterator in haystack) {
    for (const element of haystack as Iterable<unknown>) if (pyEquals(element, item)) return true;
    return false;
  }
  const key = item instanceof SafeString ? item.value : item;
  return typeof key === 'string' && Object.prototype.hasOwnProperty.call(haystack, key);
}

/** `String(value)`, for an object whose `toString` cannot be called (`{"toString": 1}`) too. */
function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
