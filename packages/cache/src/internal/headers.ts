/**
 * Django's `django.utils.cache` header helpers, the few the cache layer needs.
 *
 * TEMPORARY: @stack/utils (branch t15-utils) exports `patchVaryHeaders`, `hasVaryHeader`,
 * `patchCacheControl`, `getMaxAge`, `patchResponseHeaders` and `addNeverCacheHeaders` with these
 * signatures; when it lands on main, import them from there and delete this file.
 */

/** What the helpers need of a response: header access by name. */
export interface HeaderTarget {
  get(name: string): string | null | undefined;
  set(name: string, value: string): unknown;
}

const CC_DELIM = /\s*,\s*/;

/** Directives for `patchCacheControl`: `true` for a bare directive, a value otherwise. */
export type CacheControlDirectives = Record<string, string | number | boolean | undefined>;

export function patchVaryHeaders(response: HeaderTarget, newHeaders: Iterable<string>): void {
  const current = response.get('Vary') ?? undefined;
  const vary = current === undefined ? [] : current.split(CC_DELIM);
  const existing = new Set(vary.map((h) => h.toLowerCase()));
  for (const name of newHeaders) if (!existing.has(name.toLowerCase())) vary.push(name);
  response.set('Vary', vary.includes('*') ? '*' : vary.join(', '));
}

export function hasVaryHeader(response: HeaderTarget, header: string): boolean {
  const current = response.get('Vary') ?? undefined;
  if (current === undefined) return false;
  const wanted = header.trim().toLowerCase();
  return current.split(CC_DELIM).some((h) => h.trim().toLowerCase() === wanted);
}

function directiveName(key: string): string {
  return key
    .replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)
    .replaceAll('_', '-')
    .toLowerCase();
}

/** The directives of a `Cache-Control` value, by lower-case name (`true` when bare). */
export function parseCacheControl(value: string | null | undefined): Map<string, string | true> {
  const cc = new Map<string, string | true>();
  if (!value) return cc;
  for (const field of value.split(CC_DELIM)) {
    if (field === '') continue;
    const eq = field.indexOf('=');
    cc.set(
      (eq === -1 ? field : field.slice(0, eq)).toLowerCase(),
      eq === -1 ? true : field.slice(eq + 1),
    );
  }
  return cc;
}

export function patchCacheControl(
  response: HeaderTarget,
  directives: CacheControlDirectives,
): void {
  const cc = parseCacheControl(response.get('Cache-Control'));
  for (const [key, value] of Object.entries(directives)) {
    if (value === undefined || value === false) continue;
    const name = directiveName(key);
    let next: string | true = value === true ? true : String(value);
    if (name === 'max-age' && cc.has('max-age')) {
      const old = cc.get('max-age');
      const oldAge = old === true ? 1 : Number(old);
      if (Number.isInteger(oldAge) && typeof value === 'number')
        next = String(Math.min(oldAge, value));
    }
    if (name === 'public') cc.delete('private');
    if (name === 'private') cc.delete('public');
    cc.set(name, next);
  }
  const parts = [...cc].map(([name, value]) => (value === true ? name : `${name}=${value}`));
  response.set('Cache-Control', parts.join(', '));
}

export function getMaxAge(response: HeaderTarget): number | undefined {
  const value = parseCacheControl(response.get('Cache-Control')).get('max-age');
  if (value === undefined) return undefined;
  if (value === true) return 1;
  return /^\s*[+-]?\d+\s*$/.test(value) ? Number(value) : undefined;
}

export function patchResponseHeaders(response: HeaderTarget, cacheTimeout = 600): void {
  const timeout = Math.max(0, cacheTimeout);
  if ((response.get('Expires') ?? undefined) === undefined) {
    response.set('Expires', new Date(Date.now() + timeout * 1000).toUTCString());
  }
  patchCacheControl(response, { maxAge: timeout });
}

export function addNeverCacheHeaders(response: HeaderTarget): void {
  patchResponseHeaders(response, -1);
  patchCacheControl(response, {
    noCache: true,
    noStore: true,
    mustRevalidate: true,
    private: true,
  });
}
