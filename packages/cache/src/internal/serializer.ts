/**
 * The one wire format of every backend: JSON, with a tag for the few types JSON lacks. Plain
 * JSON values are stored as themselves (so `5` is the text `5`, which Redis can `INCRBY`, and
 * another process or language can read what a view cached); a `Date`, `BigInt`, `Map`, `Set`,
 * `Uint8Array`/`Buffer`, `undefined` inside a container, `NaN`, `Infinity` and `-0` become
 * `{"__stack_type__": "<tag>", "v": …}`. A plain object that itself has a `__stack_type__` key
 * is wrapped as `{"__stack_type__": "object", "v": {…}}`, so no stored data is ever mistaken
 * for a tag.
 *
 * Reading never evaluates anything and builds objects with `Object.fromEntries`, so a stored
 * `__proto__` key stays an ordinary own property: no prototype pollution from stored data.
 */

const TAG = '__stack_type__';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function tagged(tag: string, v?: Json): Json {
  return v === undefined ? { [TAG]: tag } : { [TAG]: tag, v };
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function describe(value: unknown): string {
  if (typeof value !== 'object' || value === null) return typeof value;
  const name = (value as { constructor?: { name?: string } }).constructor?.name;
  return name ? `an instance of ${name}` : 'an object';
}

function encodeNumber(value: number): Json {
  if (Number.isNaN(value)) return tagged('nan');
  if (value === Infinity) return tagged('inf');
  if (value === -Infinity) return tagged('-inf');
  if (Object.is(value, -0)) return tagged('-0');
  return value;
}

function encode(value: unknown, seen: Set<object>): Json {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return encodeNumber(value);
    case 'bigint':
      return tagged('bigint', value.toString());
    case 'undefined':
      return tagged('undefined');
    case 'object':
      return value === null ? null : encodeObject(value, seen);
    default:
      throw new TypeError(`Cannot cache a ${typeof value}: store plain data.`);
  }
}

function encodeObject(value: object, seen: Set<object>): Json {
  if (seen.has(value)) throw new TypeError('Cannot cache a value that contains itself.');
  seen.add(value);
  try {
    return encodeContainer(value, seen);
  } finally {
    seen.delete(value);
  }
}

function encodeContainer(value: object, seen: Set<object>): Json {
  if (Array.isArray(value)) return Array.from(value, (item) => encode(item, seen));
  if (value instanceof Date) {
    const time = value.getTime();
    return tagged('date', Number.isNaN(time) ? null : time);
  }
  if (value instanceof Uint8Array) return tagged('bytes', Buffer.from(value).toString('base64'));
  if (value instanceof Map) {
    return tagged(
      'map',
      Array.from(value, ([k, v]) => [encode(k, seen), encode(v, seen)]),
    );
  }
  if (value instanceof Set)
    return tagged(
      'set',
      Array.from(value, (v) => encode(v, seen)),
    );
  if (isPlainObject(value)) {
    const out: Record<string, Json> = {};
    for (const key of Object.keys(value)) {
      Object.defineProperty(out, key, {
        value: encode((value as Record<string, unknown>)[key], seen),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return Object.hasOwn(value, TAG) ? tagged('object', out) : out;
  }
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return encode(toJSON.call(value), seen);
  throw new TypeError(
    `Cannot cache ${describe(value)}: store plain data (objects, arrays, strings, numbers, ` +
      'booleans, null, Date, BigInt, Map, Set, Uint8Array) or give the class a toJSON().',
  );
}

/**
 * Serialises a value for the cache; throws a `TypeError` naming what cannot be stored.
 *
 * @example
 * ```ts
 * serialize({ when: new Date(0) }); // '{"when":{"__stack_type__":"date","v":0}}'
 * ```
 */
export function serialize(value: unknown): string {
  if (value === undefined) {
    throw new TypeError('Cannot cache undefined: a missing key reads as undefined; store null.');
  }
  return JSON.stringify(encode(value, new Set()));
}

function decodeTagged(tag: unknown, v: unknown): unknown {
  switch (tag) {
    case 'undefined':
      return undefined;
    case 'nan':
      return NaN;
    case 'inf':
      return Infinity;
    case '-inf':
      return -Infinity;
    case '-0':
      return -0;
    case 'bigint':
      return typeof v === 'string' && /^-?\d+$/.test(v) ? BigInt(v) : invalid();
    case 'date':
      return new Date(typeof v === 'number' ? v : NaN);
    case 'bytes':
      return typeof v === 'string' ? Buffer.from(v, 'base64') : invalid();
    case 'map':
      return Array.isArray(v) ? new Map(v.map(decodePair)) : invalid();
    case 'set':
      return Array.isArray(v) ? new Set(v.map(decode)) : invalid();
    case 'object':
      return typeof v === 'object' && v !== null && !Array.isArray(v) ? decodeObject(v) : invalid();
    default:
      return invalid();
  }
}

function decodePair(pair: unknown): [unknown, unknown] {
  if (!Array.isArray(pair) || pair.length !== 2) return invalid();
  return [decode(pair[0]), decode(pair[1])];
}

function decodeObject(value: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decode(v)]));
}

function invalid(): never {
  throw new SyntaxError('Malformed cached value.');
}

function decode(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(decode);
  if (Object.hasOwn(value, TAG)) {
    const { [TAG]: tag, v } = value as Record<string, unknown>;
    return decodeTagged(tag, v);
  }
  return decodeObject(value);
}

/**
 * Reads what `serialize` wrote. Throws a `SyntaxError` on malformed data; the backends treat
 * such an entry as a miss.
 *
 * @example
 * ```ts
 * deserialize('{"n":{"__stack_type__":"bigint","v":"12"}}'); // { n: 12n }
 * ```
 */
export function deserialize(text: string): unknown {
  return decode(JSON.parse(text));
}
