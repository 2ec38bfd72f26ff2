import { BaseCache, type CacheOptions } from '../base.js';
import { InvalidCacheBackendError } from '../errors.js';

/** The part of an ioredis client `RedisCache` uses; pass a client of your own as `client`. */
export interface RedisClientLike {
  get(key: string): Promise<string | null>;
  mget(...keys: string[]): Promise<(string | null)[]>;
  set(key: string, value: string, ...args: (string | number)[]): Promise<unknown>;
  del(...keys: string[]): Promise<number>;
  exists(...keys: string[]): Promise<number>;
  eval(script: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
  scan(cursor: string, ...args: (string | number)[]): Promise<[string, string[]]>;
  unlink(...keys: string[]): Promise<number>;
  flushdb(): Promise<unknown>;
  multi(): {
    set(key: string, value: string, ...args: (string | number)[]): unknown;
    exec(): Promise<unknown>;
  };
  quit(): Promise<unknown>;
}

/** Options of `RedisCache`. */
export interface RedisCacheOptions extends CacheOptions {
  /** The server, `redis://[:password@]host:port/db` (Django's `LOCATION`). */
  location?: string;
  /** A client of your own (ioredis, or anything with its methods); `location` is then unused. */
  client?: RedisClientLike;
  /** Options handed to `new Redis(location, clientOptions)`. */
  clientOptions?: Record<string, unknown>;
}

// INCRBY keeps the key's TTL; the check keeps a float or a string from becoming an error
// message the caller cannot tell from a server failure.
const INCR = `local v = redis.call('GET', KEYS[1])
if not v then return false end
if not string.match(v, '^%-?%d+$') then return redis.error_reply('STACK_NOT_INTEGER') end
return redis.call('INCRBY', KEYS[1], ARGV[1])`;

const TOUCH = `if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if ARGV[1] == '' then redis.call('PERSIST', KEYS[1])
else redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return 1`;

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}

/**
 * Django's `RedisCache` (Django 4.0's backend) on ioredis: one cache shared by every process
 * and machine. Values are the JSON the other backends store, so a second process (in any
 * language) reads what the first wrote, and integers are plain text `incr` adds to atomically.
 * ioredis is an optional peer dependency, imported on first use.
 *
 * @example
 * ```ts
 * const cache = new RedisCache({ location: 'redis://127.0.0.1:6379/1', keyPrefix: 'blog' });
 * await cache.set('front-page', html, 60 * 15);
 * await cache.close();
 * ```
 */
export class RedisCache extends BaseCache {
  readonly location: string | undefined;
  private readonly clientOptions: Record<string, unknown>;
  private connection: Promise<RedisClientLike> | undefined;

  constructor(options: RedisCacheOptions = {}) {
    super(options);
    if (!options.client && !options.location) {
      throw new InvalidCacheBackendError(
        "RedisCache needs a location such as 'redis://127.0.0.1:6379/0', or a client.",
      );
    }
    this.location = options.location;
    this.clientOptions = options.clientOptions ?? {};
    if (options.client) this.connection = Promise.resolve(options.client);
  }

  /** The ioredis client, created on first use. */
  client(): Promise<RedisClientLike> {
    this.connection ??= this.connect();
    return this.connection;
  }

  private async connect(): Promise<RedisClientLike> {
    let Redis: new (url: string, options: object) => RedisClientLike;
    try {
      ({ Redis } = (await import('ioredis')) as unknown as { Redis: typeof Redis });
    } catch {
      this.connection = undefined;
      throw new InvalidCacheBackendError(
        'RedisCache needs the optional dependency ioredis: npm install ioredis',
      );
    }
    return new Redis(this.location!, { maxRetriesPerRequest: 2, ...this.clientOptions });
  }

  private static ttl(expiresAt: number): number {
    return Math.max(1, Math.ceil(expiresAt - Date.now()));
  }

  private static expired(expiresAt: number | null): boolean {
    return expiresAt !== null && expiresAt <= Date.now();
  }

  private static expiry(expiresAt: number | null): (string | number)[] {
    return expiresAt === null ? [] : ['PX', RedisCache.ttl(expiresAt)];
  }

  protected async rawGet(key: string): Promise<string | undefined> {
    return (await (await this.client()).get(key)) ?? undefined;
  }

  protected override async rawGetMany(keys: readonly string[]): Promise<(string | undefined)[]> {
    if (keys.length === 0) return [];
    const values = await (await this.client()).mget(...keys);
    return values.map((value) => value ?? undefined);
  }

  protected override async rawHas(key: string): Promise<boolean> {
    return (await (await this.client()).exists(key)) > 0;
  }

  protected async rawSet(key: string, raw: string, expiresAt: number | null): Promise<void> {
    const client = await this.client();
    if (RedisCache.expired(expiresAt)) await client.del(key);
    else await client.set(key, raw, ...RedisCache.expiry(expiresAt));
  }

  protected override async rawSetMany(
    entries: readonly (readonly [string, string])[],
    expiresAt: number | null,
  ): Promise<void> {
    if (entries.length === 0) return;
    const client = await this.client();
    if (RedisCache.expired(expiresAt)) {
      await client.del(...entries.map(([key]) => key));
      return;
    }
    const multi = client.multi();
    for (const [key, raw] of entries) multi.set(key, raw, ...RedisCache.expiry(expiresAt));
    await multi.exec();
  }

  protected async rawAdd(key: string, raw: string, expiresAt: number | null): Promise<boolean> {
    const client = await this.client();
    if (RedisCache.expired(expiresAt)) return (await client.exists(key)) === 0;
    return (await client.set(key, raw, ...RedisCache.expiry(expiresAt), 'NX')) === 'OK';
  }

  protected async rawDelete(key: string): Promise<boolean> {
    return (await (await this.client()).del(key)) > 0;
  }

  protected override async rawDeleteMany(keys: readonly string[]): Promise<void> {
    if (keys.length > 0) await (await this.client()).del(...keys);
  }

  protected async rawTouch(key: string, expiresAt: number | null): Promise<boolean> {
    const client = await this.client();
    if (RedisCache.expired(expiresAt)) return (await client.del(key)) > 0;
    const ttl = expiresAt === null ? '' : RedisCache.ttl(expiresAt);
    return (await client.eval(TOUCH, 1, key, ttl)) === 1;
  }

  protected async rawIncr(key: string, delta: number): Promise<number | undefined> {
    let result: unknown;
    try {
      result = await (await this.client()).eval(INCR, 1, key, delta);
    } catch (error) {
      const message = String((error as Error).message);
      if (message.includes('STACK_NOT_INTEGER')) {
        throw new TypeError('incr() and decr() need a cached integer.');
      }
      if (message.includes('overflow')) throw new RangeError('incr() overflowed.');
      throw error;
    }
    if (result === null) return undefined;
    const value = Number(result);
    if (!Number.isSafeInteger(value)) throw new RangeError('incr() overflowed a safe integer.');
    return value;
  }

  /**
   * Deletes the keys under `keyPrefix:` (SCAN then UNLINK, so the server is never blocked);
   * with no `keyPrefix` it flushes the Redis database, as Django does.
   */
  protected async rawClear(): Promise<void> {
    const client = await this.client();
    if (this.keyPrefix === '') {
      await client.flushdb();
      return;
    }
    const pattern = `${escapeGlob(this.keyPrefix)}:*`;
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      if (keys.length > 0) await client.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  }

  /** Closes the connection; the next call opens a new one. */
  override async close(): Promise<void> {
    const connection = this.connection;
    if (!connection || this.location === undefined) return;
    this.connection = undefined;
    await (await connection).quit();
  }
}
