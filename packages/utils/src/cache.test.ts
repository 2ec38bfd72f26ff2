import { describe, expect, it } from 'vitest';
import { getMaxAge, hasVaryHeader, patchCacheControl, patchVaryHeaders } from './index.js';

describe('the cache-header helpers', () => {
  it('work on a Fetch Headers object, whose get() answers null for an absent header', () => {
    const headers = new Headers();
    patchVaryHeaders(headers, ['Cookie']);
    patchVaryHeaders(headers, ['accept-encoding', 'COOKIE']);
    expect(headers.get('Vary')).toBe('Cookie, accept-encoding');
    expect(hasVaryHeader(headers, 'cookie')).toBe(true);
    patchCacheControl(headers, { maxAge: 60, public: true });
    expect(headers.get('Cache-Control')).toBe('max-age=60, public');
    expect(getMaxAge(headers)).toBe(60);
  });

  it('keep the smaller max-age, swap public and private, and accept Django spellings', () => {
    const headers = new Headers({ 'Cache-Control': 'max-age=30, private' });
    patchCacheControl(headers, { max_age: 600, public: true, 'no-cache': 'Set-Cookie' });
    expect(headers.get('Cache-Control')).toBe('max-age=30, public, no-cache=Set-Cookie');
    patchCacheControl(headers, { noCache: true, private: false });
    expect(headers.get('Cache-Control')).toBe('max-age=30, public, no-cache');
  });

  it('do not let a malformed max-age fail the response', () => {
    const headers = new Headers({ 'Cache-Control': 'max-age=abc' });
    expect(getMaxAge(headers)).toBeUndefined();
    patchCacheControl(headers, { maxAge: 5 });
    expect(headers.get('Cache-Control')).toBe('max-age=5');
  });
});
