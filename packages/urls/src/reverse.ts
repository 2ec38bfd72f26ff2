import { NoReverseMatch } from './errors.js';
import { iriToUri, urlquote } from '@stack/utils';
import { PATH_SAFE, pyRepr, pyTuple } from './internal/quote.js';
import { populate, prepare, type Prepared, type ReverseIndex } from './internal/reverse-index.js';
import { record } from './internal/types.js';
import { urlPatternsOf, type Pattern, type Urlconf } from './patterns.js';
import { defaultUrlconf, urlCaches } from './internal/cache.js';

/**
 * The options of `reverse()`.
 *
 * @example
 * ```ts
 * reverse('blog:post', { urlconf, kwargs: { slug: 'hi' }, currentApp: 'blog-2' });
 * ```
 */
export interface ReverseOptions<V = unknown> {
  /** Positional arguments, for patterns with unnamed groups or in parameter order. */
  args?: readonly unknown[];
  /** Keyword arguments, by parameter name. */
  kwargs?: Readonly<Record<string, unknown>>;
  /** The urlconf; defaults to the one given to `setUrlconf()`. */
  urlconf?: Urlconf<V>;
  /** The application instance to prefer (usually `request.resolverMatch.namespace`). */
  currentApp?: string;
  /**
   * Where the site is mounted (Django's script prefix, from `SCRIPT_NAME`); by default the one
   * `setScriptPrefix()` set (per request, by `@stack/core`'s handler), `'/'` before any.
   * It is percent-encoded with the rest of the URL, as Django does (`'/%7Eme/'` gives `/%257Eme/…`).
   */
  scriptPrefix?: string;
}

interface Scope<V> {
  index: ReverseIndex<V>;
  prefix: Pattern[];
  key: string;
}

function lookupNamespaces<V>(
  root: ReverseIndex<V>,
  path: string[],
  currentApp: string | undefined,
  cache: WeakMap<object, ReverseIndex<V>>,
): Scope<V> {
  let index = root;
  let currentPath = currentApp ? currentApp.split(':').reverse() : null;
  const resolved: string[] = [];
  const prefix: Pattern[] = [];
  for (let ns of path) {
    const currentNs = currentPath?.length ? currentPath.pop() : undefined;
    const appList = index.apps.get(ns);
    if (appList) {
      if (currentNs && appList.includes(currentNs)) ns = currentNs;
      else if (!appList.includes(ns)) ns = appList[0]!;
    }
    if (ns !== currentNs) currentPath = null;
    const found = index.namespaces.get(ns);
    if (!found) {
      throw new NoReverseMatch(
        resolved.length
          ? `'${ns}' is not a registered namespace inside '${resolved.join(':')}'`
          : `'${ns}' is not a registered namespace`,
      );
    }
    resolved.push(ns);
    prefix.push(...found.levels);
    index = populate(found.resolver.urlPatterns, cache);
  }
  return { index, prefix, key: resolved.join(':') };
}

function fill(prepared: Prepared, subs: Record<string, unknown>): Record<string, string> | null {
  const text = record() as Record<string, string>;
  for (const key of Object.keys(subs)) {
    const converter = prepared.converters[key];
    try {
      text[key] = converter ? converter.toUrl(subs[key]) : String(subs[key]);
    } catch {
      return null;
    }
  }
  return text;
}

function tryForms(
  prepared: Prepared,
  args: readonly unknown[],
  kwargs: Record<string, unknown>,
  prefix: string,
): string | null {
  const kwargKeys = Object.keys(kwargs);
  for (const form of prepared.forms) {
    let subs: Record<string, unknown>;
    if (args.length) {
      if (args.length !== form.params.length) continue;
      subs = record();
      form.params.forEach((p, i) => (subs[p] = args[i]));
    } else {
      const params = new Set(form.params);
      const unexpected = kwargKeys.some((k) => !params.has(k) && !(k in prepared.defaults));
      const missing = form.params.some((p) => !(p in kwargs));
      if (unexpected || missing) continue;
      // Every default must agree with a kwarg of the same name, captured parameters included:
      // a view given `{ a: 5 }` is never reached with another `a` (Django's check).
      const clash = Object.keys(prepared.defaults).some(
        (k) => k in kwargs && kwargs[k] !== prepared.defaults[k],
      );
      if (clash) continue;
      subs = kwargs;
    }
    const text = fill(prepared, subs);
    if (!text) continue;
    const candidate = form.parts
      .map((part) => (typeof part === 'string' ? part : (text[part.param] ?? '')))
      .join('');
    if (!prepared.check(candidate)) continue;
    const url = urlquote(prefix + candidate, PATH_SAFE);
    return url.startsWith('//') ? '/%2F' + url.slice(2) : url;
  }
  return null;
}

/** A script prefix as Django keeps it: always ending in `/`. */
function scriptPrefixOf(prefix: string | undefined): string {
  if (prefix === undefined || prefix === '') return '/';
  const text = String(prefix);
  return text.endsWith('/') ? text : text + '/';
}

let currentScriptPrefix = '/';

/**
 * Django's `set_script_prefix()`: where the site is mounted, which `reverse()` (and so
 * `{% url %}` and `redirect()`) puts before every path it builds. `@stack/core`'s handler sets it
 * at the start of every request from `forceScriptName` or the request's `SCRIPT_NAME`, as
 * Django's does; set it yourself when you use `reverse()` outside such a handler. A final `/` is
 * added when missing. One value per process (Django: per thread), which fits a server mounted at
 * one place.
 *
 * @example
 * ```ts
 * setScriptPrefix('/blog');
 * reverse('post', { urlconf, args: [1] }); // '/blog/posts/1/'
 * ```
 */
export function setScriptPrefix(prefix: string): void {
  currentScriptPrefix = scriptPrefixOf(prefix);
}

/** Django's `get_script_prefix()`: the prefix `setScriptPrefix()` set, `'/'` before any. */
export function getScriptPrefix(): string {
  return currentScriptPrefix;
}

/** Django's `clear_script_prefix()`: back to `'/'`. */
export function clearScriptPrefix(): void {
  currentScriptPrefix = '/';
}

function viewLabel(view: unknown): string {
  if (typeof view === 'function' && view.name) return view.name;
  return String(view);
}

function preparedFor<V>(
  scope: Scope<V>,
  lookup: unknown,
  cache: Map<string, Map<unknown, Prepared[]>>,
): Prepared[] {
  let byView = cache.get(scope.key);
  if (!byView) cache.set(scope.key, (byView = new Map()));
  let list = byView.get(lookup);
  if (!list) {
    list = (scope.index.lookups.get(lookup) ?? []).map((p) => prepare(scope.prefix, p));
    byView.set(lookup, list);
  }
  return list;
}

/**
 * Builds the path of a named pattern (Django's `reverse()`): `'app:name'` names go through the
 * namespaces, preferring the `currentApp` instance; arguments go through the converters'
 * `toUrl` and come out percent-encoded. Throws `NoReverseMatch` naming the arguments and the
 * patterns tried.
 *
 * @example
 * ```ts
 * reverse('blog:post', { urlconf, kwargs: { year: 2024, slug: 'héllo' } }); // '/blog/2024/h%C3%A9llo/'
 * ```
 */
export function reverse<V>(viewName: string | V, options: ReverseOptions<V> = {}): string {
  const args = options.args ?? [];
  const kwargs = Object.assign(record(), options.kwargs);
  if (args.length && Object.keys(kwargs).length) {
    throw new TypeError("Don't mix args and kwargs in call to reverse()!");
  }
  const urlconf = (options.urlconf ?? defaultUrlconf.current) as Urlconf<V> | undefined;
  if (!urlconf)
    throw new NoReverseMatch('reverse() needs an urlconf: pass one or call setUrlconf().');
  const caches = urlCaches<V>(urlconf);
  const root = populate(urlPatternsOf(urlconf), caches.reverseIndexes);
  let scope: Scope<V> = { index: root, prefix: [], key: '' };
  let lookup: unknown = viewName;
  if (typeof viewName === 'string') {
    const parts = viewName.split(':');
    lookup = parts.pop();
    scope = lookupNamespaces(root, parts, options.currentApp, caches.reverseIndexes);
  }
  const possibilities = preparedFor(scope, lookup, caches.prepared);
  const prefix =
    options.scriptPrefix === undefined ? currentScriptPrefix : scriptPrefixOf(options.scriptPrefix);
  for (const prepared of possibilities) {
    const url = tryForms(prepared, args, kwargs, prefix);
    if (url !== null) return iriToUri(url);
  }
  const label = viewLabel(lookup);
  if (possibilities.length === 0) {
    throw new NoReverseMatch(
      `Reverse for '${label}' not found. '${label}' is not a valid view function or pattern name.`,
    );
  }
  const argMsg = args.length
    ? `arguments '${pyTuple(args)}'`
    : Object.keys(kwargs).length
      ? `keyword arguments '${pyRepr(kwargs)}'`
      : 'no arguments';
  throw new NoReverseMatch(
    `Reverse for '${label}' with ${argMsg} not found. ${possibilities.length} pattern(s) tried: ` +
      pyRepr(possibilities.map((p) => p.text)),
  );
}

/**
 * A `reverse()` that runs when the URL is first turned into a string (Django's `reverse_lazy`),
 * for URLs needed at import time, before the urlconf is complete.
 *
 * @example
 * ```ts
 * const successUrl = reverseLazy('blog:index', { urlconf });
 * redirect(String(successUrl));
 * ```
 */
export function reverseLazy<V>(
  viewName: string | V,
  options: ReverseOptions<V> = {},
): { toString(): string; toJSON(): string } {
  const build = () => reverse(viewName, options);
  return { toString: build, toJSON: build, valueOf: build } as {
    toString(): string;
    toJSON(): string;
  };
}
