import { describe, expect, it } from 'vitest';
import { CacheKeyNotFound } from '../errors.js';
import { DummyCache } from './dummy.js';

describe('DummyCache', () => {
  it('accepts every call and stores nothing, as Django’s does', async () => {
    const cache = new DummyCache();
    await cache.set('k', 'v');
    expect(await cache.get('k')).toBeUndefined();
    expect(await cache.get('k', 'default')).toBe('default');
    expect(await cache.add('k', 'v')).toBe(true);
    expect(await cache.getOrSet('k', () => 'computed')).toBe('computed');
    expect(await cache.hasKey('k')).toBe(false);
    expect(await cache.delete('k')).toBe(false);
    expect(await cache.setMany({ a: 1 })).toEqual([]);
    expect(await cache.getMany(['a'])).toEqual({});
    await cache.deleteMany(['a']);
    expect(await cache.touch('k')).toBe(false);
    await expect(cache.incr('k')).rejects.toThrow(CacheKeyNotFound);
    await expect(cache.incrVersion('k')).rejects.toThrow(CacheKeyNotFound);
    await cache.clear();
    await cache.close();
  });

  it('still checks values and keys, so code that works on it works elsewhere', async () => {
    const cache = new DummyCache();
    await expect(cache.set('f', () => 1)).rejects.toThrow(TypeError);
    await expect(cache.get(1 as unknown as string)).rejects.toThrow(TypeError);
  });
});
