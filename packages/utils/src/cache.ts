/**
 * Django's `django.utils.cache` header helpers: `Vary`, `Cache-Control` and `Expires`. The
 * cache-key functions (`learn_cache_key`, `get_cache_key`) belong to `@stack/cache`.
 */
import { httpDate } from './http-date.js';
import { pyStrip } from './internal/python.js';

/**
 * What the helpers need of a response: header access by name. An `HttpResponse` of
 * `@stack/request`, its `headers`, and a Fetch `Headers` object all fit; a header that `get`
 * reports as `undefined` or `null` is absent.
 */
export interface HeaderTarget {
  get(name: string): string | null | undefined;
  set(name: string, value: string): unknown;
}

const CC_DELIM = /\s*,\s*/;

function header(response: HeaderTarget, name: string): string | undefined {
  return response.get(name) ?? undefined;
}

/**
 * Adds header names to the response's `Vary` (Django's `patch_vary_headers`), keeping those
 * already there and their order, comparing names case-insensitively; `*` anywhere makes the
 * header `*`. Call it whenever a response depends on a request header, so caches key on it.
 *
 * @example
 * ```ts
 * patchVaryHeaders(response, ['Cookie']); // Vary: Accept-Encoding, Cookie
 * ```
 */
export function patchVaryHeaders(response: HeaderTarget, newHeaders: Iterable<string>): void {
  const current = header(response, 'Vary');
  const vary = current === undefined ? [] : current.split(CC_DELIM);
  const existing = new Set(vary.map((h) => h.toLowerCase()));
  for (const name of newHeaders) if (!existing.has(name.toLowerCase())) vary.push(name);
  response.set('Vary', vary.includes('*') ? '*' : vary.join(', '));
}

/**
 * Whether the response's `Vary` names `headerQuery`, case-insensitively (Django's
 * `has_vary_header`).
 *
 * @example
 * ```ts
 * hasVaryHeader(response, 'cookie'); // true after patchVaryHeaders(response, ['Cookie'])
 * ```
 */
export function hasVaryHeader(response: HeaderTarget, headerQuery: string): boolean {
  const current = header(response, 'Vary');
  if (current === undefined) return false;
  const query = pyStrip(headerQuery.toLowerCase());
  return current.split(CC_DELIM).some((h) => pyStrip(h.toLowerCase()) === query);
}

/**
 * The `Cache-Control` directives `patchCacheControl` sets: `true` for a bare directive, a
 * value otherwise; `false` and `undefined` are ignored. Names are camelCase or Django's
 * snake_case (`maxAge`, `max_age` → `max-age`); any directive may be given.
 */
export interface CacheControlDirectives {
  maxAge?: number;
  sMaxage?: number;
  public?: boolean;
  private?: boolean;
  noCache?: boolean | string;
  noStore?: boolean;
  noTransform?: boolean;
  mustRevalidate?: boolean;
  proxyRevalidate?: boolean;
  immutable?: boolean;
  staleWhileRevalidate?: number;
  staleIfError?: number;
  [directive: string]: string | number | boolean | undefined;
}

type DirectiveValue = string | number | true;

function directiveName(key: string): string {
  return key
    .replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)
    .replaceAll('_', '-')
    .toLowerCase();
}

function parseCacheControl(value: string): Map<string, DirectiveValue | Set<DirectiveValue>> {
  const cc = new Map<string, DirectiveValue | Set<DirectiveValue>>();
  for (const field of value.split(CC_DELIM)) {
    const eq = field.indexOf('=');
    const directive = (eq === -1 ? field : field.slice(0, eq)).toLowerCase();
    const v: DirectiveValue = eq === -1 ? true : field.slice(eq + 1);
    if (directive === 'no-cache') {
      const set = cc.get(directive);
      if (set instanceof Set) set.add(v);
      else cc.set(directive, new Set([v]));
    } else cc.set(directive, v);
  }
  return cc;
}

function integer(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  if (typeof value !== 'string' || !/^\s*[+-]?\d+\s*$/.test(value)) return undefined;
  return Number(value);
}

/**
 * Adds directives to the response's `Cache-Control` (Django's `patch_cache_control`), keeping
 * the others. A new `max-age` never raises an existing one (the smaller wins, as when a view
 * decorator and a middleware both set it); `public` replaces `private` and vice versa;
 * `no-cache` may list several field names, and a bare `no-cache` wins over them.
 *
 * @example
 * ```ts
 * patchCacheControl(response, { maxAge: 3600, public: true });
 * // Cache-Control: max-age=3600, public
 * ```
 */
export function patchCacheControl(
  response: HeaderTarget,
  directives: CacheControlDirectives,
): void {
  const current = header(response, 'Cache-Control');
  const cc = current
    ? parseCacheControl(current)
    : new Map<string, DirectiveValue | Set<DirectiveValue>>();
  const updates: [string, DirectiveValue][] = [];
  for (const [key, value] of Object.entries(directives)) {
    if (value === undefined || value === false) continue;
    updates.push([directiveName(key), value]);
  }
  const maxAge = updates.find(([name]) => name === 'max-age');
  const existing = cc.get('max-age');
  const existingMaxAge = existing === true ? 1 : integer(existing);
  if (maxAge && existingMaxAge !== undefined && typeof maxAge[1] === 'number') {
    maxAge[1] = Math.min(existingMaxAge, maxAge[1]);
  }
  const names = new Set(updates.map(([name]) => name));
  if (cc.has('private') && names.has('public')) cc.delete('private');
  else if (cc.has('public') && names.has('private')) cc.delete('public');
  for (const [name, value] of updates) {
    if (name === 'no-cache') {
      const set = cc.get(name);
      if (set instanceof Set) set.add(value);
      else cc.set(name, new Set([value]));
    } else cc.set(name, value);
  }
  const parts: string[] = [];
  const render = (name: string, value: DirectiveValue) =>
    value === true ? name : `${name}=${String(value)}`;
  for (const [name, value] of cc) {
    if (value instanceof Set) {
      const values = value.has(true) ? [true as const] : [...value];
      for (const v of values) parts.push(render(name, v));
    } else parts.push(render(name, value));
  }
  response.set('Cache-Control', parts.join(', '));
}

/**
 * The `max-age` of the response's `Cache-Control` in seconds, or `undefined` when it has none
 * or it is not an integer (Django's `get_max_age`).
 *
 * @example
 * ```ts
 * getMaxAge(response); // 3600 for 'max-age=3600, public'
 * ```
 */
export function getMaxAge(response: HeaderTarget): number | undefined {
  const current = header(response, 'Cache-Control');
  if (current === undefined) return undefined;
  let maxAge: string | true | undefined;
  for (const field of current.split(CC_DELIM)) {
    const eq = field.indexOf('=');
    if ((eq === -1 ? field : field.slice(0, eq)).toLowerCase() === 'max-age') {
      maxAge = eq === -1 ? true : field.slice(eq + 1);
    }
  }
  return maxAge === true ? 1 : integer(maxAge);
}

/**
 * Sets `Expires` (unless present) and a `max-age` of `cacheTimeout` seconds (Django's
 * `patch_response_headers`); a negative timeout counts as 0. The default is Django's
 * `CACHE_MIDDLEWARE_SECONDS`, 600.
 *
 * @example
 * ```ts
 * patchResponseHeaders(response, 60); // Expires: <now + 60 s>, Cache-Control: max-age=60
 * ```
 */
export function patchResponseHeaders(response: HeaderTarget, cacheTimeout = 600): void {
  const timeout = Math.max(0, cacheTimeout);
  if (header(response, 'Expires') === undefined) {
    response.set('Expires', httpDate(Date.now() / 1000 + timeout));
  }
  patchCacheControl(response, { maxAge: timeout });
}

/**
 * Marks a response as never to be cached (Django's `add_never_cache_headers`): `Expires` now,
 * and `max-age=0, no-cache, no-store, must-revalidate, private`.
 *
 * @example
 * ```ts
 * addNeverCacheHeaders(response);
 * ```
 */
export function addNeverCacheHeaders(response: HeaderTarget): void {
  patchResponseHeaders(response, -1);
  patchCacheControl(response, {
    noCache: true,
    noStore: true,
    mustRevalidate: true,
    private: true,
  });
}
