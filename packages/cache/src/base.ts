import { CACHE_KEY_WARNING, CacheKeyNotFound } from './errors.js';
import { deserialize, serialize } from './internal/serializer.js';

/**
 * Builds the stored key from the caller's key, the cache's `keyPrefix` and a version (Django's
 * `KEY_FUNCTION`).
 */
export type KeyFunction = (key: string, keyPrefix: string, version: number) => string;

/**
 * A timeout in seconds: `undefined` means the cache's default (300 unless configured), `null`
 * means forever, and 0 or less means the value expires at once.
 */
export type Timeout = number | null | undefined;

/** Options of every backend (Django's `TIMEOUT`, `KEY_PREFIX`, `VERSION`, `KEY_FUNCTION`, `OPTIONS`). */
export interface CacheOptions {
  /** Default timeout in seconds; `null` for forever. Default 300. */
  timeout?: number | null;
  /** Prepended to every key, so several sites can share one server. Default `''`. */
  keyPrefix?: string;
  /** The version used when a call gives none. Default 1. */
  version?: number;
  /** How keys are built; default `${keyPrefix}:${version}:${key}`. */
  keyFunction?: KeyFunction;
  /** Entries kept before culling (locmem, file and database backends). Default 300. */
  maxEntries?: number;
  /** When full, 1/cullFrequency of the entries are culled; 0 clears everything. Default 3. */
  cullFrequency?: number;
}

/** The version argument of the key-addressed calls (Django's `version=`). */
export interface VersionOption {
  version?: number;
}

/**
 * Django's default key function: `prefix:version:key`.
 *
 * @example
 * ```ts
 * defaultKeyFunction('posts', 'site1', 2); // 'site1:2:posts'
 * ```
 */
export function defaultKeyFunction(key: string, keyPrefix: string, version: number): string {
  return `${keyPrefix}:${version}:${key}`;
}

const MEMCACHE_MAX_KEY_LENGTH = 250;

/**
 * Django's `memcache_key_warnings`: what would make a key fail on memcached.
 *
 * @example
 * ```ts
 * memcacheKeyWarnings('a key'); // ['Cache key contains characters …']
 * ```
 */
export function memcacheKeyWarnings(key: string): string[] {
  const warnings: string[] = [];
  if (key.length > MEMCACHE_MAX_KEY_LENGTH) {
    warnings.push(
      `Cache key will cause errors if used with memcached: ${JSON.stringify(key)} ` +
        `(longer than ${MEMCACHE_MAX_KEY_LENGTH})`,
    );
  }
  for (const char of key) {
    const code = char.codePointAt(0)!;
    if (code < 33 || code === 127) {
      warnings.push(
        'Cache key contains characters that will cause errors if used with memcached: ' +
          JSON.stringify(key),
      );
      break;
    }
  }
  return warnings;
}

function checkKey(key: unknown): asserts key is string {
  if (typeof key !== 'string') {
    throw new TypeError(`A cache key must be a string, not ${key === null ? 'null' : typeof key}.`);
  }
}

function checkTimeout(timeout: Timeout): void {
  if (timeout !== undefined && timeout !== null && !Number.isFinite(timeout)) {
    throw new TypeError(`A cache timeout must be a finite number of seconds or null: ${timeout}.`);
  }
}

function parse(raw: string | undefined): { hit: boolean; value: unknown } {
  if (raw === undefined) return { hit: false, value: undefined };
  try {
    return { hit: true, value: deserialize(raw) };
  } catch {
    // A corrupt entry (written by something else, truncated) is a miss, never a crash.
    return { hit: false, value: undefined };
  }
}

/**
 * Django's `BaseCache`: the whole cache API over a few primitives each backend implements on
 * stored keys and serialised values. Every method is asynchronous, on every backend.
 *
 * @example
 * ```ts
 * await cache.set('greeting', 'hello', 60 * 15);
 * await cache.get('greeting'); // 'hello'
 * await cache.getOrSet('posts', async () => loadPosts(), null);
 * ```
 */
export abstract class BaseCache {
  readonly defaultTimeout: number | null;
  readonly keyPrefix: string;
  readonly version: number;
  readonly keyFunction: KeyFunction;
  readonly maxEntries: number;
  readonly cullFrequency: number;

  constructor(options: CacheOptions = {}) {
    checkTimeout(options.timeout);
    this.defaultTimeout = options.timeout === undefined ? 300 : options.timeout;
    this.keyPrefix = options.keyPrefix ?? '';
    this.version = options.version ?? 1;
    this.keyFunction = options.keyFunction ?? defaultKeyFunction;
    this.maxEntries = Math.max(1, Math.floor(options.maxEntries ?? 300));
    this.cullFrequency = Math.max(0, Math.floor(options.cullFrequency ?? 3));
  }

  /** The stored value, or undefined; a corrupt entry reads as missing. */
  protected abstract rawGet(key: string): Promise<string | undefined>;
  /** Stores a value; `expiresAt` is milliseconds since the epoch, or null for never. */
  protected abstract rawSet(key: string, raw: string, expiresAt: number | null): Promise<void>;
  /** Stores only when no live value is held; true when it stored. */
  protected abstract rawAdd(key: string, raw: string, expiresAt: number | null): Promise<boolean>;
  /** Removes a key; true when a live value was removed. */
  protected abstract rawDelete(key: string): Promise<boolean>;
  /** Gives a live key a new expiry; true when the key was held. */
  protected abstract rawTouch(key: string, expiresAt: number | null): Promise<boolean>;
  /**
   * Adds `delta` to an integer value, keeping its expiry; undefined when the key is missing,
   * a `TypeError` when the value is not an integer.
   */
  protected abstract rawIncr(key: string, delta: number): Promise<number | undefined>;
  /** Removes every entry of this cache. */
  protected abstract rawClear(): Promise<void>;

  protected async rawHas(key: string): Promise<boolean> {
    return (await this.rawGet(key)) !== undefined;
  }

  protected async rawGetMany(keys: readonly string[]): Promise<(string | undefined)[]> {
    return Promise.all(keys.map((key) => this.rawGet(key)));
  }

  protected async rawSetMany(
    entries: readonly (readonly [string, string])[],
    expiresAt: number | null,
  ): Promise<void> {
    for (const [key, raw] of entries) await this.rawSet(key, raw, expiresAt);
  }

  protected async rawDeleteMany(keys: readonly string[]): Promise<void> {
    await Promise.all(keys.map((key) => this.rawDelete(key)));
  }

  /**
   * The stored key for `key` (Django's `make_key`).
   *
   * @example
   * ```ts
   * new LocMemCache({ keyPrefix: 'site' }).makeKey('a'); // 'site:1:a'
   * ```
   */
  makeKey(key: string, version?: number): string {
    checkKey(key);
    return this.keyFunction(key, this.keyPrefix, version ?? this.version);
  }

  /**
   * Warns (`CacheKeyWarning`, through `process.emitWarning`) about keys memcached would refuse,
   * as Django does, so code written against one backend stays portable to another.
   */
  validateKey(key: string): void {
    for (const warning of memcacheKeyWarnings(key)) {
      process.emitWarning(warning, { type: CACHE_KEY_WARNING });
    }
  }

  /** `makeKey` then `validateKey`. */
  protected key(key: string, version?: number): string {
    const made = this.makeKey(key, version);
    this.validateKey(made);
    return made;
  }

  /**
   * The absolute expiry for a timeout (Django's `get_backend_timeout`), in milliseconds since
   * the epoch; null for never.
   */
  protected expiresAt(timeout: Timeout): number | null {
    checkTimeout(timeout);
    const seconds = timeout === undefined ? this.defaultTimeout : timeout;
    if (seconds === null) return null;
    return seconds <= 0 ? Date.now() - 1 : Date.now() + seconds * 1000;
  }

  /** The value under `key`, or `fallback` (undefined unless given) when there is none. */
  async get<T = unknown>(key: string, fallback?: T, options: VersionOption = {}): Promise<T> {
    const { hit, value } = parse(await this.rawGet(this.key(key, options.version)));
    return (hit ? value : fallback) as T;
  }

  /** Stores `value` for `timeout` seconds (default: the cache's), replacing any value. */
  async set(
    key: string,
    value: unknown,
    timeout?: Timeout,
    options: VersionOption = {},
  ): Promise<void> {
    const made = this.key(key, options.version);
    await this.rawSet(made, serialize(value), this.expiresAt(timeout));
  }

  /** Stores `value` only if the key holds nothing; true when it stored. */
  async add(
    key: string,
    value: unknown,
    timeout?: Timeout,
    options: VersionOption = {},
  ): Promise<boolean> {
    const made = this.key(key, options.version);
    return this.rawAdd(made, serialize(value), this.expiresAt(timeout));
  }

  /**
   * The value under `key`; when there is none, stores `fallback` (called first if it is a
   * function, awaited if it returns a promise) and returns what the cache then holds, so two
   * racing callers agree on one value.
   */
  async getOrSet<T>(
    key: string,
    fallback: T | (() => T | Promise<T>),
    timeout?: Timeout,
    options: VersionOption = {},
  ): Promise<T> {
    const made = this.key(key, options.version);
    const first = parse(await this.rawGet(made));
    if (first.hit) return first.value as T;
    const value =
      typeof fallback === 'function' ? await (fallback as () => T | Promise<T>)() : fallback;
    await this.rawAdd(made, serialize(value), this.expiresAt(timeout));
    const second = parse(await this.rawGet(made));
    return (second.hit ? second.value : value) as T;
  }

  /** Removes the key; true when it held a value. */
  async delete(key: string, options: VersionOption = {}): Promise<boolean> {
    return this.rawDelete(this.key(key, options.version));
  }

  /** The values held for `keys`, as an object of the keys found. */
  async getMany<T = unknown>(
    keys: Iterable<string>,
    options: VersionOption = {},
  ): Promise<Record<string, T>> {
    const wanted = [...keys];
    const made = wanted.map((key) => this.key(key, options.version));
    const raws = await this.rawGetMany(made);
    const found: [string, unknown][] = [];
    raws.forEach((raw, i) => {
      const { hit, value } = parse(raw);
      if (hit) found.push([wanted[i]!, value]);
    });
    return Object.fromEntries(found) as Record<string, T>;
  }

  /**
   * Stores every entry of `data` (an object or a Map) with one timeout. Returns the keys that
   * could not be stored (always empty here: a failure throws), as Django's `set_many` does.
   */
  async setMany(
    data: Record<string, unknown> | Map<string, unknown>,
    timeout?: Timeout,
    options: VersionOption = {},
  ): Promise<string[]> {
    const entries = data instanceof Map ? [...data] : Object.entries(data);
    const raw = entries.map(
      ([key, value]) => [this.key(key, options.version), serialize(value)] as const,
    );
    await this.rawSetMany(raw, this.expiresAt(timeout));
    return [];
  }

  /** Removes every key of `keys`. */
  async deleteMany(keys: Iterable<string>, options: VersionOption = {}): Promise<void> {
    await this.rawDeleteMany([...keys].map((key) => this.key(key, options.version)));
  }

  /**
   * Adds `delta` to an integer value and returns the result, keeping the key's expiry; throws
   * `CacheKeyNotFound` when the key holds nothing.
   */
  async incr(key: string, delta = 1, options: VersionOption = {}): Promise<number> {
    if (!Number.isSafeInteger(delta))
      throw new TypeError(`incr() needs an integer delta: ${delta}`);
    const result = await this.rawIncr(this.key(key, options.version), delta);
    if (result === undefined) throw new CacheKeyNotFound(key);
    return result;
  }

  /** Subtracts `delta`: `incr(key, -delta)`. */
  async decr(key: string, delta = 1, options: VersionOption = {}): Promise<number> {
    return this.incr(key, -delta, options);
  }

  /** Gives the key a new timeout (default: the cache's); true when the key was held. */
  async touch(key: string, timeout?: Timeout, options: VersionOption = {}): Promise<boolean> {
    const made = this.key(key, options.version);
    return this.rawTouch(made, this.expiresAt(timeout));
  }

  /** Whether the key holds a value (Django's `has_key`). */
  async hasKey(key: string, options: VersionOption = {}): Promise<boolean> {
    return this.rawHas(this.key(key, options.version));
  }

  /** Whether the key holds a value: `hasKey` under the name of `Map.prototype.has`. */
  async has(key: string, options: VersionOption = {}): Promise<boolean> {
    return this.hasKey(key, options);
  }

  /**
   * Moves a value to `version + delta` (removing the old version) and returns the new version;
   * the moved value takes the default timeout, as in Django.
   */
  async incrVersion(key: string, delta = 1, options: VersionOption = {}): Promise<number> {
    const version = options.version ?? this.version;
    const { hit, value } = parse(await this.rawGet(this.key(key, version)));
    if (!hit) throw new CacheKeyNotFound(key);
    await this.set(key, value, undefined, { version: version + delta });
    await this.delete(key, { version });
    return version + delta;
  }

  /** `incrVersion(key, -delta)`. */
  async decrVersion(key: string, delta = 1, options: VersionOption = {}): Promise<number> {
    return this.incrVersion(key, -delta, options);
  }

  /** Removes everything this cache holds. */
  async clear(): Promise<void> {
    await this.rawClear();
  }

  /** Releases connections (Redis); a no-op for the others. The cache reconnects when used. */
  async close(): Promise<void> {}
}
