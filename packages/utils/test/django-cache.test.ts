import { afterEach, describe, vi } from 'vitest';
import {
  addNeverCacheHeaders,
  getMaxAge,
  hasVaryHeader,
  patchCacheControl,
  patchResponseHeaders,
  patchVaryHeaders,
  type CacheControlDirectives,
} from '../src/index.js';
import type { FakeResponse } from './replay.js';
import { replay, type Case } from './replay.js';

afterEach(() => {
  vi.useRealTimers();
});

/** The response's headers afterwards and what the helper returned, as the harvest records. */
function after(response: unknown, returned: unknown) {
  return { headers: (response as FakeResponse).pairs(), returned: returned ?? null };
}

/**
 * Django's tests compare Cache-Control as a set of directives (Python sets have no order);
 * compare the directives sorted, and every other header exactly.
 */
function normalise(_c: Case, out: unknown): unknown {
  const { headers, returned } = out as { headers: [string, string][]; returned: unknown };
  const sorted = headers
    .map(([k, v]) => [
      k.toLowerCase(),
      k.toLowerCase() === 'cache-control'
        ? v
            .split(/\s*,\s*/)
            .sort()
            .join(', ')
        : v,
    ])
    .sort(([a], [b]) => String(a).localeCompare(String(b)));
  return { headers: sorted, returned };
}

describe("django.utils.cache, as Django 3.2's tests and harvest have it", () => {
  replay(
    'cache',
    {
      patch_vary_headers: (_c, [response, names]) =>
        after(response, patchVaryHeaders(response as FakeResponse, names as string[])),
      has_vary_header: (_c, [response, query]) =>
        after(response, hasVaryHeader(response as FakeResponse, query as string)),
      patch_cache_control: (_c, [response], kw) =>
        after(response, patchCacheControl(response as FakeResponse, kw as CacheControlDirectives)),
      get_max_age: (_c, [response]) => after(response, getMaxAge(response as FakeResponse)),
      add_never_cache_headers: (c, [response]) => {
        vi.useFakeTimers({
          now: ((c.env?.time as number | undefined) ?? Date.now() / 1000) * 1000,
        });
        return after(response, addNeverCacheHeaders(response as FakeResponse));
      },
      patch_response_headers: (c, [response, timeout], kw) => {
        vi.useFakeTimers({ now: (c.env!.time as number) * 1000 });
        const seconds = (kw.cache_timeout ?? timeout ?? undefined) as number | undefined;
        return after(response, patchResponseHeaders(response as FakeResponse, seconds));
      },
    },
    normalise,
  );
});
