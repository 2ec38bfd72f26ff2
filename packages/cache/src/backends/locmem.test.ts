import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cacheConformance } from '../../test/cache-conformance.js';
import { LocMemCache } from './locmem.js';

cacheConformance(
  'LocMemCache',
  async (options, share) =>
    new LocMemCache({
      ...options,
      location: share ? `share-${share}-${process.pid}` : randomUUID(),
    }),
);

describe('LocMemCache', () => {
  it('culls the least recently used entries first', async () => {
    const cache = new LocMemCache({ location: randomUUID(), maxEntries: 4, cullFrequency: 2 });
    for (const key of ['a', 'b', 'c', 'd']) await cache.set(key, key);
    await cache.get('a');
    await cache.get('b');
    await cache.set('e', 'e');
    expect(Object.keys(await cache.getMany(['a', 'b', 'c', 'd', 'e']))).toEqual(['a', 'b', 'e']);
  });

  it('empties itself when full if cullFrequency is 0', async () => {
    const cache = new LocMemCache({ location: randomUUID(), maxEntries: 3, cullFrequency: 0 });
    for (const key of ['a', 'b', 'c', 'd']) await cache.set(key, key);
    expect(Object.keys(await cache.getMany(['a', 'b', 'c', 'd']))).toEqual(['d']);
  });

  it('shares entries between caches of one location, as Django does', async () => {
    const location = randomUUID();
    await new LocMemCache({ location }).set('k', 1);
    expect(await new LocMemCache({ location }).get('k')).toBe(1);
    expect(await new LocMemCache({ location: randomUUID() }).get('k')).toBeUndefined();
  });
});
