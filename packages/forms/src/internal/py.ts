/**
 * The few pieces of Python semantics that Django's form behaviour depends on: `str()` of a
 * value, `%`-formatting with a dict, `str.strip()` and what counts as whitespace.
 */

// Python's str.isspace(): categories Zs, bidi WS/B/S; \x1c-\x1f and \x85 included, \ufeff not.
const PY_SPACE =
  '\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const LEADING = new RegExp(`^[${PY_SPACE}]+`);
const TRAILING = new RegExp(`[${PY_SPACE}]+$`);

/** Python's `str.strip()` (JavaScript's `trim()` differs on \x1c-\x1f, \x85 and \ufeff). */
export function pyStrip(value: string): string {
  return value.replace(LEADING, '').replace(TRAILING, '');
}

/** Python's `repr()` of a string. */
function pyReprString(value: string): string {
  const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
  const body = value
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t');
  return quote + (quote === "'" ? body.replace(/'/g, "\\'") : body) + quote;
}

/** Python's `repr()` of a value, as far as form values go. */
export function pyRepr(value: unknown): string {
  if (typeof value === 'string') return pyReprString(value);
  return pyStr(value);
}

/** Python's `str()` of a value, as far as form values go. */
export function pyStr(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'nan';
    if (value === Infinity) return 'inf';
    if (value === -Infinity) return '-inf';
    return String(value);
  }
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  try {
    return String(value);
  } catch {
    // An object whose toString is not callable (`{"toString": 1}` from a JSON body).
    return Object.prototype.toString.call(value);
  }
}

/**
 * Python's `message % params` for `%(name)s`, `%(name)d`, `%(name)i`, `%(name)r` and `%%`;
 * a missing name is left as it is rather than raising.
 */
export function pyFormat(message: string, params: Readonly<Record<string, unknown>>): string {
  return message.replace(/%(?:\(([^)]*)\))?([sdir%])/g, (whole, name: string | undefined, kind) => {
    if (kind === '%') return name === undefined ? '%' : whole;
    if (name === undefined || !Object.prototype.hasOwnProperty.call(params, name)) return whole;
    const value = params[name];
    if (kind === 'r') return pyRepr(value);
    if (kind === 'd' || kind === 'i') {
      const n = typeof value === 'number' ? value : Number(value);
      return Number.isFinite(n) ? String(Math.trunc(n)) : pyStr(value);
    }
    return pyStr(value);
  });
}

/** Python's `str.capitalize()`: the first character upper-cased, the rest lower-cased. */
export function capitalize(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1).toLowerCase();
}

/** Django's `capfirst`: only the first character upper-cased. */
export function capfirst(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}

/** A dictionary without a prototype, so any key (`__proto__`, `constructor`) is plain data. */
export function dict<V>(): Record<string, V> {
  return Object.create(null) as Record<string, V>;
}

/** Whether `obj` holds `key` itself (never through its prototype). */
export function hasOwn(obj: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

/** Python's `json.dumps`: `", "` and `": "` separators, non-ASCII escaped. */
export function pyJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') {
    return JSON.stringify(value).replace(
      /[\u007f-\uffff]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
  }
  if (typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(pyJson).join(', ')}]`;
  const record = value as Record<string, unknown>;
  return `{${Object.keys(record)
    .map((key) => `${pyJson(key)}: ${pyJson(record[key])}`)
    .join(', ')}}`;
}

/**
 * A class's `defaultErrorMessages` merged down its inheritance chain, base first, then
 * `overrides` (Django walks the MRO the same way).
 */
export function classMessages(
  klass: unknown,
  overrides: Readonly<Record<string, string>> | undefined,
): Record<string, string> {
  const chain: { defaultErrorMessages?: Readonly<Record<string, string>> }[] = [];
  for (let c: unknown = klass; c && c !== Function.prototype; c = Object.getPrototypeOf(c))
    chain.unshift(c as { defaultErrorMessages?: Readonly<Record<string, string>> });
  const messages = dict<string>();
  for (const c of chain)
    if (hasOwn(c, 'defaultErrorMessages')) Object.assign(messages, c.defaultErrorMessages);
  return Object.assign(messages, overrides ?? {});
}

/**
 * `@stack/templates`' item lookup (Python's `obj[key]`, tried before attributes): a registered
 * symbol, so this package needs nothing of the engine to answer `{{ form.title }}`.
 */
export const GET_ITEM: unique symbol = Symbol.for('stack.getItem');
