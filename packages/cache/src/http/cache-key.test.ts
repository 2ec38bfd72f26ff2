import { createHash, randomUUID } from 'node:crypto';
import { HttpResponse } from '@stack/request';
import { describe, expect, it } from 'vitest';
import { makeRequest } from '../../test/server.js';
import { LocMemCache } from '../backends/locmem.js';
import { getCacheKey, learnCacheKey } from './cache-key.js';

// Keys computed by Django 3.2's learn_cache_key/get_cache_key for the same requests
// (RequestFactory, host testserver, USE_I18N off).
const DJANGO_VARY_KEY =
  'views.decorators.cache.cache_page.site.GET.5f25076cb20c17ef9a6b6c2c0df4b526.75c3a4069f08f961965e9295d42a8b8a';
const DJANGO_PLAIN_KEY =
  'views.decorators.cache.cache_page..GET.bf2b9de79b6372a79d01b995383f101c.d41d8cd98f00b204e9800998ecf8427e';

describe('learnCacheKey and getCacheKey', () => {
  it('build the keys Django builds, from the URL and the headers named in Vary', async () => {
    const cache = new LocMemCache({ location: randomUUID() });
    const request = makeRequest({
      path: '/hello/',
      query: 'a=1',
      headers: { 'Accept-Encoding': 'gzip', Cookie: 'a=b' },
    });
    const response = new HttpResponse('x', { headers: { Vary: 'Accept-Encoding, Cookie' } });
    expect(await learnCacheKey(request, response, { cache, keyPrefix: 'site' })).toBe(
      DJANGO_VARY_KEY,
    );
    expect(await getCacheKey(request, { cache, keyPrefix: 'site' })).toBe(DJANGO_VARY_KEY);
    expect(await getCacheKey(request, { cache, keyPrefix: 'site', method: 'HEAD' })).toBe(
      DJANGO_VARY_KEY.replace('.GET.', '.HEAD.'),
    );
    // PATH_INFO carries the path's UTF-8 bytes as latin-1, as the gateway (and WSGI) does.
    const plain = makeRequest({ path: Buffer.from('/café/').toString('latin1') });
    expect(await learnCacheKey(plain, new HttpResponse('y'), { cache })).toBe(DJANGO_PLAIN_KEY);
  });

  it('knows nothing of a URL no response taught it', async () => {
    const cache = new LocMemCache({ location: randomUUID() });
    expect(await getCacheKey(makeRequest({ path: '/new/' }), { cache })).toBeUndefined();
  });

  it('keys by language when a locale middleware set one, leaving out Accept-Language', async () => {
    const cache = new LocMemCache({ location: randomUUID() });
    const request = Object.assign(makeRequest({ headers: { 'Accept-Language': 'fr' } }), {
      LANGUAGE_CODE: 'fr',
    });
    const response = new HttpResponse('x', { headers: { Vary: 'Accept-Language' } });
    const key = await learnCacheKey(request, response, { cache });
    expect(key).toMatch(/\.d41d8cd98f00b204e9800998ecf8427e\.fr$/);
  });

  it('ignores a header list it did not write', async () => {
    const cache = new LocMemCache({ location: randomUUID() });
    const request = makeRequest({ path: '/x/' });
    const url = createHash('md5').update('http://testserver/x/').digest('hex');
    for (const bad of [{ length: 1 }, [1, 2], 'HTTP_COOKIE']) {
      await cache.set(`views.decorators.cache.cache_header..${url}`, bad);
      expect(await getCacheKey(request, { cache })).toBeUndefined();
    }
  });
});
