import { afterEach, describe, expect, it } from 'vitest';
import {
  CACHE_KEY_WARNING,
  CacheKeyNotFound,
  type BaseCache,
  type CacheOptions,
} from '../src/index.js';

/**
 * Makes a cache for one test. Each call must give a cache that sees no entry of another call
 * (a new location, directory, table or key prefix), and caches made with the same `share`
 * string must see one store, so key prefixes and versions can be checked.
 */
export type CacheFactory = (options: CacheOptions, share?: string) => Promise<BaseCache>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
  toJSON() {
    return { x: this.x, y: this.y };
  }
}

/**
 * The one suite every storing backend passes (Django's `BaseCacheTests`, reshaped), run once per
 * backend: locmem, file, database (SQLite and PostgreSQL) and Redis.
 */
export function cacheConformance(
  name: string,
  factory: CacheFactory,
  traits: { culls?: boolean } = {},
): void {
  describe(`${name}: the cache API`, () => {
    const opened: BaseCache[] = [];
    const make = async (options: CacheOptions = {}, share?: string) => {
      const cache = await factory(options, share);
      opened.push(cache);
      return cache;
    };
    // Each test leaves its server as it found it (the Redis and PostgreSQL are shared).
    afterEach(async () => {
      for (const cache of opened.splice(0)) {
        await cache.clear();
        await cache.close();
      }
    });

    it('misses with undefined, or the default given', async () => {
      const cache = await make();
      expect(await cache.get('nothing')).toBeUndefined();
      expect(await cache.get('nothing', 'fallback')).toBe('fallback');
      expect(await cache.hasKey('nothing')).toBe(false);
    });

    it('round-trips the documented value types exactly', async () => {
      const cache = await make();
      const value = {
        text: 'héllo ☃',
        int: 42,
        float: 1.5,
        negativeZero: -0,
        notANumber: NaN,
        big: 12345678901234567890n,
        flag: false,
        nothing: null,
        list: [1, 'two', undefined, [3]],
        when: new Date(Date.UTC(2024, 1, 29, 12)),
        map: new Map<unknown, unknown>([
          ['a', 1],
          [2, new Set(['x'])],
        ]),
        bytes: Buffer.from([0, 1, 254, 255]),
        nested: { deep: { deeper: 'yes' }, __stack_type__: 'date' },
      };
      await cache.set('value', value);
      expect(await cache.get('value')).toEqual(value);
      expect(Object.is((await cache.get<typeof value>('value')).negativeZero, -0)).toBe(true);
      for (const scalar of ['', 0, true, null, 'a string', [] as unknown[], {}]) {
        await cache.set('scalar', scalar);
        expect(await cache.get('scalar', 'missing')).toEqual(scalar);
      }
    });

    it('stores a copy: mutating the value afterwards changes nothing cached', async () => {
      const cache = await make();
      const list = [1, 2];
      await cache.set('list', list);
      list.push(3);
      const read = await cache.get<number[]>('list');
      read.push(4);
      expect(await cache.get('list')).toEqual([1, 2]);
    });

    it('keeps a stored __proto__ key an own property, polluting nothing', async () => {
      const cache = await make();
      const hostile = JSON.parse(
        '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}',
      );
      await cache.set('hostile', hostile);
      await cache.setMany({ ['__proto__']: { polluted: true } });
      const read = await cache.get<Record<string, unknown>>('hostile');
      expect(Object.getPrototypeOf(read)).toBe(Object.prototype);
      expect(Object.hasOwn(read, '__proto__')).toBe(true);
      expect((read as { polluted?: unknown }).polluted).toBeUndefined();
      const many = await cache.getMany(['__proto__']);
      expect(Object.hasOwn(many, '__proto__')).toBe(true);
      expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    });

    it('refuses values it cannot store faithfully, naming them', async () => {
      const cache = await make();
      await expect(cache.set('f', () => 1)).rejects.toThrow(TypeError);
      await expect(cache.set('u', undefined)).rejects.toThrow(/undefined/);
      await expect(cache.set('c', new (class Custom {})())).rejects.toThrow(/Custom/);
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      await expect(cache.set('cyclic', cyclic)).rejects.toThrow(/contains itself/);
      await expect(cache.set('sym', Symbol('s'))).rejects.toThrow(TypeError);
      expect(await cache.hasKey('f')).toBe(false);
      await cache.set('point', new Point(1, 2));
      expect(await cache.get('point')).toEqual({ x: 1, y: 2 });
    });

    it('add stores only when the key is free', async () => {
      const cache = await make();
      expect(await cache.add('k', 'first')).toBe(true);
      expect(await cache.add('k', 'second')).toBe(false);
      expect(await cache.get('k')).toBe('first');
      expect(await cache.add('expired', 'v', 0)).toBe(true);
      expect(await cache.hasKey('expired')).toBe(false);
    });

    it('getOrSet returns the held value, else stores the default (called if a function)', async () => {
      const cache = await make();
      expect(await cache.getOrSet('a', 'default')).toBe('default');
      expect(await cache.getOrSet('a', 'other')).toBe('default');
      let calls = 0;
      const compute = async () => {
        calls++;
        return { computed: true };
      };
      expect(await cache.getOrSet('b', compute)).toEqual({ computed: true });
      expect(await cache.getOrSet('b', compute)).toEqual({ computed: true });
      expect(calls).toBe(1);
      expect(await cache.getOrSet('c', null)).toBeNull();
      expect(await cache.hasKey('c')).toBe(true);
    });

    it('delete reports whether the key held a value', async () => {
      const cache = await make();
      await cache.set('k', 1);
      expect(await cache.delete('k')).toBe(true);
      expect(await cache.delete('k')).toBe(false);
      expect(await cache.get('k')).toBeUndefined();
    });

    it('getMany, setMany and deleteMany work on several keys at once', async () => {
      const cache = await make();
      expect(await cache.setMany({ a: 1, b: 'two', c: null })).toEqual([]);
      await cache.setMany(new Map([['d', [4]]]));
      expect(await cache.getMany(['a', 'b', 'c', 'd', 'missing'])).toEqual({
        a: 1,
        b: 'two',
        c: null,
        d: [4],
      });
      expect(await cache.getMany([])).toEqual({});
      await cache.deleteMany(['a', 'c', 'missing']);
      expect(await cache.getMany(['a', 'b', 'c'])).toEqual({ b: 'two' });
      await cache.setMany({ e: 1, b: 2 }, 0);
      expect(await cache.getMany(['b', 'e'])).toEqual({});
    });

    it('incr and decr add to an integer, and refuse a missing key or a non-integer', async () => {
      const cache = await make();
      await cache.set('n', 1);
      expect(await cache.incr('n')).toBe(2);
      expect(await cache.incr('n', 10)).toBe(12);
      expect(await cache.decr('n')).toBe(11);
      expect(await cache.decr('n', 20)).toBe(-9);
      expect(await cache.incr('n', -1)).toBe(-10);
      expect(await cache.get('n')).toBe(-10);
      await expect(cache.incr('missing')).rejects.toThrow(CacheKeyNotFound);
      await expect(cache.decr('missing')).rejects.toThrow("Key 'missing' not found.");
      await cache.set('text', 'abc');
      await expect(cache.incr('text')).rejects.toThrow(TypeError);
      await cache.set('float', 1.5);
      await expect(cache.incr('float')).rejects.toThrow(TypeError);
      await expect(cache.incr('n', 0.5)).rejects.toThrow(TypeError);
      expect(await cache.get('text')).toBe('abc');
    });

    it('concurrent increments all count', async () => {
      const cache = await make();
      await cache.set('hits', 0);
      await Promise.all(Array.from({ length: 20 }, () => cache.incr('hits')));
      expect(await cache.get('hits')).toBe(20);
    });

    it('a timeout of 0 or less expires at once; null keeps the value', async () => {
      const cache = await make();
      await cache.set('zero', 'v', 0);
      await cache.set('negative', 'v', -5);
      expect(await cache.hasKey('zero')).toBe(false);
      expect(await cache.hasKey('negative')).toBe(false);
      await cache.set('held', 'v');
      await cache.set('held', 'v', 0);
      expect(await cache.get('held')).toBeUndefined();
      await cache.set('forever', 'v', null);
      expect(await cache.get('forever')).toBe('v');
      await expect(cache.set('bad', 'v', Infinity)).rejects.toThrow(TypeError);
    });

    it('expires values when their time is up; touch and incr act on the expiry', async () => {
      const cache = await make({ timeout: 1 });
      await cache.set('default-timeout', 'v');
      await cache.set('short', 'v', 1);
      await cache.set('touched-forever', 'v', 1);
      await cache.set('counter', 1, 1);
      await cache.set('long', 'v', 3600);
      await cache.set('touched-short', 'v', 3600);
      expect(await cache.touch('touched-forever', null)).toBe(true);
      expect(await cache.touch('touched-short', 1)).toBe(true);
      expect(await cache.incr('counter')).toBe(2);
      await sleep(1100);
      expect(await cache.getMany(['default-timeout', 'short', 'counter', 'touched-short'])).toEqual(
        {},
      );
      expect(await cache.get('touched-forever')).toBe('v');
      expect(await cache.get('long')).toBe('v');
      expect(await cache.add('short', 'again')).toBe(true);
      expect(await cache.get('short')).toBe('again');
    });

    it('touch reports whether the key was held; a 0 timeout removes it', async () => {
      const cache = await make();
      expect(await cache.touch('missing')).toBe(false);
      await cache.set('k', 'v');
      expect(await cache.touch('k', 60)).toBe(true);
      expect(await cache.touch('k', 0)).toBe(true);
      expect(await cache.hasKey('k')).toBe(false);
    });

    it('has and hasKey agree', async () => {
      const cache = await make();
      await cache.set('k', null);
      expect(await cache.has('k')).toBe(true);
      expect(await cache.hasKey('k')).toBe(true);
      expect(await cache.has('other')).toBe(false);
    });

    it('keeps versions apart, and moves values between them', async () => {
      const cache = await make({}, 'versions');
      const v2 = await make({ version: 2 }, 'versions');
      await cache.set('k', 'v1');
      await cache.set('k', 'v2', undefined, { version: 2 });
      expect(await cache.get('k')).toBe('v1');
      expect(await v2.get('k')).toBe('v2');
      expect(await v2.get('k', undefined, { version: 1 })).toBe('v1');
      expect(await cache.incrVersion('k')).toBe(2);
      expect(await cache.get('k')).toBeUndefined();
      expect(await cache.get('k', undefined, { version: 2 })).toBe('v1');
      expect(await cache.decrVersion('k', 1, { version: 2 })).toBe(1);
      expect(await cache.get('k')).toBe('v1');
      await expect(cache.incrVersion('missing')).rejects.toThrow(CacheKeyNotFound);
      await v2.set('n', 5);
      expect(await v2.incr('n')).toBe(6);
      expect(await cache.hasKey('n')).toBe(false);
      expect(await cache.hasKey('n', { version: 2 })).toBe(true);
      await cache.deleteMany(['n'], { version: 2 });
      expect(await v2.hasKey('n')).toBe(false);
    });

    it('keeps key prefixes apart, and builds keys with the key function', async () => {
      const a = await make({ keyPrefix: 'site-a' }, 'prefixes');
      const b = await make({ keyPrefix: 'site-b' }, 'prefixes');
      await a.set('k', 'a');
      expect(await b.get('k')).toBeUndefined();
      await b.set('k', 'b');
      expect(await a.get('k')).toBe('a');
      expect(a.makeKey('k')).toBe(`${a.keyPrefix}:1:k`);
      const custom = await make(
        {
          keyPrefix: 'site-c',
          keyFunction: (key, prefix, version) => `${prefix}:${version}:x-${key}`,
        },
        'prefixes',
      );
      await custom.set('k', 'c');
      expect(custom.makeKey('k')).toBe(`${custom.keyPrefix}:1:x-k`);
      expect(await custom.get('k')).toBe('c');
    });

    it("warns as Django does about keys memcached would refuse, and rejects keys that aren't strings", async () => {
      const cache = await make();
      const warnings: Error[] = [];
      const listener = (warning: Error) => warnings.push(warning);
      process.on('warning', listener);
      try {
        await cache.set('has space', 1);
        await cache.set('x'.repeat(300), 2);
        await cache.set('ok-key', 3);
        await new Promise((resolve) => setImmediate(resolve));
      } finally {
        process.off('warning', listener);
      }
      expect(warnings.map((w) => w.name)).toEqual([CACHE_KEY_WARNING, CACHE_KEY_WARNING]);
      expect(warnings[0]!.message).toMatch(/characters that will cause errors/);
      expect(warnings[1]!.message).toMatch(/longer than 250/);
      expect(await cache.get('has space')).toBe(1);
      expect(await cache.get('x'.repeat(300))).toBe(2);
      await expect(cache.get(42 as unknown as string)).rejects.toThrow(TypeError);
      await expect(cache.set(null as unknown as string, 1)).rejects.toThrow(TypeError);
    });

    it('stores keys with path, glob and SQL metacharacters as any other', async () => {
      const cache = await make();
      const keys = ['../../etc/passwd', "';DROP/**/TABLE/**/x;--", 'a*b?[c]', '\\', 'ключ', '%_'];
      for (const [i, key] of keys.entries()) await cache.set(key, i);
      for (const [i, key] of keys.entries()) expect(await cache.get(key)).toBe(i);
      expect(Object.keys(await cache.getMany(keys))).toEqual(keys);
    });

    it('clear removes everything this cache holds', async () => {
      const cache = await make({ keyPrefix: 'mine' });
      await cache.setMany({ a: 1, b: 2 });
      await cache.set('c', 3, null, { version: 9 });
      await cache.clear();
      expect(await cache.getMany(['a', 'b'])).toEqual({});
      expect(await cache.hasKey('c', { version: 9 })).toBe(false);
      await cache.set('after', 1);
      expect(await cache.get('after')).toBe(1);
    });

    it.runIf(traits.culls !== false)('culls when it holds maxEntries', async () => {
      const cache = await make({ maxEntries: 6, cullFrequency: 2 });
      for (let i = 0; i < 20; i++) await cache.set(`k${i}`, i);
      const held = Object.keys(await cache.getMany(Array.from({ length: 20 }, (_, i) => `k${i}`)));
      expect(held.length).toBeLessThanOrEqual(6);
      expect(held).toContain('k19');
    });

    it('can be used again after close', async () => {
      const cache = await make();
      await cache.set('k', 'v');
      await cache.close();
      expect(await cache.get('k')).toBe('v');
    });
  });
}
