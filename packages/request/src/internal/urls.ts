import { escapeUriPath, iriToUri } from '@stack/utils';

/**
 * A value of the environ if it is a string, else `''`. Callers read the key themselves, by
 * name (`metaText(meta.PATH_INFO)`): a load through a key parameter is one site for every key,
 * megamorphic in V8 (a stub-cache probe, and a miss for an absent key such as `SCRIPT_URL`),
 * where a named load stays monomorphic. `getScriptName`, run by the handler on every request,
 * read three keys so: 0.6k instructions per request in the megamorphic load builtin.
 */
export function metaText(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/**
 * Django's `WSGIRequest.path`: the script name (trailing slashes dropped), `/`, then the path
 * info without its first slash (wherever it is, as Django's `replace('/', '', 1)`).
 */
export function scriptPath(script: string, pathInfo: string): string {
  return `${script.replace(/\/+$/, '')}/${pathInfo.replace('/', '')}`;
}

/**
 * Django's `get_script_name` (without `FORCE_SCRIPT_NAME`): behind Apache's mod_rewrite,
 * `SCRIPT_URL` (or `REDIRECT_URL`) is the URL before rewriting, and the script name is what
 * precedes the path info in it (successive slashes squashed, as mod_wsgi does); otherwise it
 * is `SCRIPT_NAME`.
 */
export function scriptName(meta: Record<string, unknown>): string {
  const url = metaText(meta.SCRIPT_URL) || metaText(meta.REDIRECT_URL);
  if (!url) return metaText(meta.SCRIPT_NAME);
  const squashed = url.replace(/\/{2,}/g, '/');
  const pathInfo = metaText(meta.PATH_INFO);
  return pathInfo ? squashed.slice(0, -pathInfo.length) : squashed;
}

/** Django's `_get_full_path`: the path URI-encoded, an optional slash, `?` and the query. */
export function fullPath(path: string, query: string, forceAppendSlash: boolean): string {
  const slash = forceAppendSlash && !path.endsWith('/') ? '/' : '';
  return escapeUriPath(path) + slash + (query ? '?' + iriToUri(query) : '');
}

/**
 * Django's `build_absolute_uri`: an absolute path is put under the current scheme and host, a
 * relative one joined to the current path, an absolute URL left alone; IRI-encoded.
 */
export function absoluteUri(
  location: string,
  schemeHost: () => string,
  path: string,
  isCurrent: boolean,
): string {
  let target = location;
  // Split as Python's urlsplit does: `///evil.com/x` has an empty netloc and the path
  // `/evil.com/x`, so it stays on this host (as in Django), never `http://evil.com/x`.
  const [, scheme = '', netloc = '', pathOnly = ''] =
    /^(?:([A-Za-z][A-Za-z0-9+.-]*):)?(?:\/\/([^/?#]*))?([^?#]*)/.exec(target)!;
  if (!(scheme && netloc)) {
    const current = schemeHost();
    const plainAbsolute =
      !scheme &&
      !netloc &&
      pathOnly.startsWith('/') &&
      !pathOnly.includes('/./') &&
      !pathOnly.includes('/../');
    if (plainAbsolute) target = current + (target.startsWith('//') ? target.slice(2) : target);
    else if (isCurrent) target = current + target.slice(2);
    else target = new URL(target, current + path).href;
  }
  return iriToUri(target);
}
