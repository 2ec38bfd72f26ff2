import { TooManyFieldsSent } from './errors.js';
import { GET_ITEM } from './internal/get-item.js';
import { quote, unquotePlus } from './internal/quote.js';

/** Options of `QueryDict`. */
export interface QueryDictOptions {
  /** Allow changes (a `QueryDict` parsed from a request is immutable). */
  mutable?: boolean;
  /** The charset `%XX` escapes are decoded in; default `utf-8`. */
  encoding?: string;
  /** Refuse more fields than this with `TooManyFieldsSent`. */
  maxNumFields?: number;
}

/** The number of fields `query` holds: its non-empty `&`-separated pieces. */
export function countFields(query: string): number {
  if (!query) return 0;
  let count = 0;
  let start = 0;
  for (;;) {
    const end = query.indexOf('&', start);
    const stop = end === -1 ? query.length : end;
    if (stop > start) count++;
    if (end === -1) return count;
    start = end + 1;
  }
}

/**
 * A multi-valued dictionary of query-string or form fields (Django's `QueryDict`). Only `&`
 * separates pairs; `get` returns the last value of a key, `getlist` all of them. It is
 * immutable unless created with `mutable: true` or copied. Keys live in a `Map`, so
 * `__proto__` and `constructor` are plain keys.
 *
 * @example
 * ```ts
 * const q = new QueryDict('a=1&a=2&b=%C3%A9');
 * q.get('a'); // '2'
 * q.getlist('a'); // ['1', '2']
 * const copy = q.copy(); copy.appendlist('a', '3'); copy.urlencode(); // 'a=1&a=2&a=3&b=%C3%A9'
 * ```
 */
export class QueryDict implements Iterable<string> {
  readonly encoding: string;
  #mutable: boolean;
  readonly #lists = new Map<string, string[]>();

  constructor(query: string | null = null, options: QueryDictOptions = {}) {
    this.encoding = options.encoding ?? 'utf-8';
    this.#mutable = true;
    if (query) {
      const max = options.maxNumFields;
      if (max !== undefined && query.length > max && countFields(query) > max) {
        throw new TooManyFieldsSent(
          'The number of GET/POST parameters exceeded settings.dataUploadMaxNumberFields.',
        );
      }
      this.#parse(query);
    }
    this.#mutable = options.mutable ?? false;
  }

  /**
   * A `QueryDict` with each key set to `value` (Django's `QueryDict.fromkeys`).
   *
   * @example
   * ```ts
   * QueryDict.fromkeys(['a', 'a', 'b'], 'x').urlencode(); // 'a=x&a=x&b=x'
   * ```
   */
  static fromkeys(keys: Iterable<string>, value = '', options: QueryDictOptions = {}): QueryDict {
    const dict = new QueryDict(null, { ...options, mutable: true });
    for (const key of keys) dict.appendlist(key, value);
    if (!options.mutable) dict.#mutable = false;
    return dict;
  }

  #parse(query: string): void {
    // indexOf rather than split: no array of pieces, and one slice per key and per value.
    const length = query.length;
    let start = 0;
    let eq = -2; // the next '=' at or after `start` (-1: none left), kept so the search stays linear
    while (start < length) {
      let end = query.indexOf('&', start);
      if (end === -1) end = length;
      if (end > start) {
        if (eq !== -1 && eq < start) eq = query.indexOf('=', start);
        const hasValue = eq !== -1 && eq < end;
        const key = unquotePlus(query.slice(start, hasValue ? eq : end), this.encoding);
        const value = hasValue ? unquotePlus(query.slice(eq + 1, end), this.encoding) : '';
        this.#append(key, value);
      }
      start = end + 1;
    }
  }

  #append(key: string, value: string): void {
    const list = this.#lists.get(key);
    if (list) list.push(value);
    else this.#lists.set(key, [value]);
  }

  #assertMutable(): void {
    if (!this.#mutable) throw new TypeError('This QueryDict instance is immutable');
  }

  /** Whether the dict can be changed (Django's `_mutable`, which code may toggle on purpose). */
  get mutable(): boolean {
    return this.#mutable;
  }

  set mutable(value: boolean) {
    this.#mutable = value;
  }

  /** The last value of `key`, or `defaultValue`. */
  get(key: string): string | undefined;
  get<D>(key: string, defaultValue: D): string | D;
  get(key: string, defaultValue?: unknown): unknown {
    const list = this.#lists.get(key);
    return list && list.length > 0 ? list[list.length - 1] : defaultValue;
  }

  /**
   * Django's `q[key]` as templates see it (`{{ request.GET.q }}`): the last value, `[]` for a
   * key whose list is empty, `undefined` for a missing key.
   */
  [GET_ITEM](key: string): string | string[] | undefined {
    const list = this.#lists.get(key);
    return list ? (list.length > 0 ? list[list.length - 1] : []) : undefined;
  }

  /** Every value of `key` (a copy), or `defaultValue` (default `[]`). */
  getlist(key: string, defaultValue: string[] = []): string[] {
    const list = this.#lists.get(key);
    return list ? [...list] : defaultValue;
  }

  /** Whether `key` is present. */
  has(key: string): boolean {
    return this.#lists.has(key);
  }

  /** The number of keys. */
  get size(): number {
    return this.#lists.size;
  }

  /** Set `key` to the single value `value` (Django's `q[key] = value`). */
  set(key: string, value: string): void {
    this.#assertMutable();
    this.#lists.set(key, [value]);
  }

  /** Set every value of `key`. */
  setlist(key: string, values: Iterable<string>): void {
    this.#assertMutable();
    this.#lists.set(key, [...values]);
  }

  /** Add a value to `key`. */
  appendlist(key: string, value: string): void {
    this.#assertMutable();
    this.#append(key, value);
  }

  /** The last value of `key`, setting it to `defaultValue` first if missing. */
  setdefault(key: string, defaultValue = ''): string {
    this.#assertMutable();
    if (!this.#lists.has(key)) this.#lists.set(key, [defaultValue]);
    return this.get(key, defaultValue);
  }

  /** The list of `key`, setting it to `defaultList` first if missing. */
  setlistdefault(key: string, defaultList: string[] = []): string[] {
    this.#assertMutable();
    if (!this.#lists.has(key)) this.#lists.set(key, [...defaultList]);
    return this.getlist(key);
  }

  /** Remove `key` and return its list. */
  pop(key: string): string[] | undefined {
    this.#assertMutable();
    const list = this.#lists.get(key);
    this.#lists.delete(key);
    return list;
  }

  /** Remove `key`. */
  delete(key: string): boolean {
    this.#assertMutable();
    return this.#lists.delete(key);
  }

  /** Remove every key. */
  clear(): void {
    this.#assertMutable();
    this.#lists.clear();
  }

  /** Append the values of another dict or of pairs (Django's `update` extends, never replaces). */
  update(other: QueryDict | Iterable<readonly [string, string]> | Record<string, string>): void {
    this.#assertMutable();
    if (other instanceof QueryDict) {
      for (const [key, list] of other.lists()) for (const value of list) this.#append(key, value);
      return;
    }
    const pairs = Symbol.iterator in other ? other : Object.entries(other);
    for (const [key, value] of pairs as Iterable<readonly [string, string]>)
      this.#append(key, value);
  }

  /** The keys. */
  keys(): IterableIterator<string> {
    return this.#lists.keys();
  }

  [Symbol.iterator](): IterableIterator<string> {
    return this.#lists.keys();
  }

  /** The last value of each key. */
  *values(): IterableIterator<string> {
    for (const list of this.#lists.values()) yield list[list.length - 1] ?? '';
  }

  /** `[key, last value]` pairs. */
  *items(): IterableIterator<[string, string]> {
    for (const [key, list] of this.#lists) yield [key, list[list.length - 1] ?? ''];
  }

  /** `[key, every value]` pairs. */
  *lists(): IterableIterator<[string, string[]]> {
    for (const [key, list] of this.#lists) yield [key, [...list]];
  }

  /** A plain object of the last values, with no prototype (Django's `dict()`). */
  dict(): Record<string, string> {
    const out: Record<string, string> = Object.create(null);
    for (const [key, value] of this.items()) out[key] = value;
    return out;
  }

  /** A mutable deep copy. */
  copy(): QueryDict {
    const copy = new QueryDict(null, { mutable: true, encoding: this.encoding });
    for (const [key, list] of this.#lists) copy.#lists.set(key, [...list]);
    return copy;
  }

  /**
   * The query string, in the dict's encoding. Without `safe`, as `urlencode` (spaces as
   * `+`); with it, as `quote(safe)` (spaces as `%20`, the `safe` characters left alone).
   * (A default rather than an optional parameter, so templates may call it: `{{ q.urlencode }}`.)
   */
  urlencode(safe = ''): string {
    const out: string[] = [];
    for (const [key, list] of this.#lists) {
      for (const item of list) {
        // Values set from code may be numbers; Django's urlencode takes str() of them too.
        const value = typeof item === 'string' ? item : String(item);
        out.push(
          safe
            ? `${quote(key, safe, this.encoding)}=${quote(value, safe, this.encoding)}`
            : `${quote(key, '', this.encoding, true)}=${quote(value, '', this.encoding, true)}`,
        );
      }
    }
    return out.join('&');
  }

  toString(): string {
    return this.urlencode();
  }
}
