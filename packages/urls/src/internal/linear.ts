import { ImproperlyConfigured, Resolver404 } from '../errors.js';
import { URLPattern, urlPatternsOf, type UrlEntry, type Urlconf } from '../patterns.js';
import { ResolverMatch } from '../resolver-match.js';
import { matchLinear } from './route-matcher.js';
import { record, type PatternMatch, type TriedEntry } from './types.js';

interface Found<V> {
  func: V;
  args: unknown[];
  kwargs: Record<string, unknown>;
  urlName: string | undefined;
  appNames: (string | undefined)[];
  namespaces: (string | undefined)[];
  route: string;
  tried: TriedEntry<V>[] | null;
  capturedKwargs: Record<string, unknown>;
  extraKwargs: Record<string, unknown>;
}

/**
 * How deep includes may nest while resolving. Only an include that leads back to itself goes
 * this deep; where Django would overflow the stack (`RecursionError`), Stack says why.
 */
const MAX_DEPTH = 200;

type Outcome<V> = { found: Found<V> } | { found: null; tried: TriedEntry<V>[] | null };

function joinRoute(route1: string, route2: string): string {
  if (!route1) return route2;
  return route1 + (route2.startsWith('^') ? route2.slice(1) : route2);
}

/** How one pattern is matched: Django's regex (the reference) or the linear matchers. */
export type MatchPattern = (pattern: Matchable, path: string) => PatternMatch | null;

type Matchable = { match(path: string): PatternMatch | null };

const byPattern: MatchPattern = (pattern, path) => pattern.match(path);

function resolvePattern<V>(entry: URLPattern<V>, path: string, how: MatchPattern): Found<V> | null {
  const m = how(entry.pattern, path);
  if (!m) return null;
  return {
    func: entry.callback,
    args: m.args,
    kwargs: Object.assign(record(), m.kwargs, entry.defaultArgs),
    urlName: entry.name,
    appNames: [],
    namespaces: [],
    route: String(entry.pattern),
    tried: null,
    capturedKwargs: m.kwargs,
    extraKwargs: entry.defaultArgs,
  };
}

function extendTried<V>(
  tried: TriedEntry<V>[],
  entry: UrlEntry<V>,
  sub: TriedEntry<V>[] | null,
): void {
  if (sub === null) tried.push([entry]);
  else for (const t of sub) tried.push([entry, ...t]);
}

/**
 * Django's `URLResolver.resolve`, pattern by pattern: the oracle the compiled resolver is tested
 * against, and the source of `tried` lists.
 */
function resolveIn<V>(
  self: {
    pattern: Matchable;
    patterns: readonly UrlEntry<V>[];
    defaultKwargs: Readonly<Record<string, unknown>>;
    appName: string | undefined;
    namespace: string | undefined;
  },
  path: string,
  how: MatchPattern,
  depth = 0,
): Outcome<V> {
  const match = how(self.pattern, path);
  if (!match) return { found: null, tried: null };
  if (depth > MAX_DEPTH) {
    throw new ImproperlyConfigured(
      `URL resolvers are nested more than ${MAX_DEPTH} levels deep while resolving '${path}': ` +
        'an include leads back to itself without consuming the path.',
    );
  }
  const tried: TriedEntry<V>[] = [];
  for (const entry of self.patterns) {
    let sub: Found<V> | null;
    if (entry instanceof URLPattern) {
      sub = resolvePattern(entry, match.rest, how);
    } else {
      const outcome = resolveIn(
        {
          pattern: entry.pattern,
          patterns: entry.urlPatterns,
          defaultKwargs: entry.defaultKwargs,
          appName: entry.appName,
          namespace: entry.namespace,
        },
        match.rest,
        how,
        depth + 1,
      );
      if (!outcome.found) {
        extendTried(tried, entry, outcome.tried);
        continue;
      }
      sub = outcome.found;
    }
    if (!sub) {
      tried.push([entry]);
      continue;
    }
    const kwargs = Object.assign(record(), match.kwargs, self.defaultKwargs, sub.kwargs);
    const args = Object.keys(kwargs).length === 0 ? [...match.args, ...sub.args] : sub.args;
    const currentRoute = entry instanceof URLPattern ? '' : String(entry.pattern);
    extendTried(tried, entry, sub.tried);
    return {
      found: {
        func: sub.func,
        args,
        kwargs,
        urlName: sub.urlName,
        appNames: [self.appName, ...sub.appNames],
        namespaces: [self.namespace, ...sub.namespaces],
        route: joinRoute(currentRoute, sub.route),
        tried,
        capturedKwargs: sub.capturedKwargs,
        extraKwargs: Object.assign(record(), self.defaultKwargs, sub.extraKwargs),
      },
    };
  }
  return { found: null, tried };
}

const rootPattern = {
  match(path: string) {
    return path.startsWith('/') ? { rest: path.slice(1), args: [], kwargs: record() } : null;
  },
};

/** Resolves `path` by walking the urlconf in order, as Django does; the reference implementation. */
export function resolveLinear<V>(
  path: string,
  urlconf: Urlconf<V>,
  how: MatchPattern = byPattern,
): ResolverMatch<V> {
  const outcome = resolveIn(
    {
      pattern: rootPattern,
      patterns: urlPatternsOf(urlconf),
      defaultKwargs: record(),
      appName: undefined,
      namespace: undefined,
    },
    String(path),
    how,
  );
  if (!outcome.found) throw new Resolver404<V>(String(path), outcome.tried ?? []);
  const found = outcome.found;
  return new ResolverMatch<V>({
    ...found,
    appNames: found.appNames.filter((x): x is string => !!x),
    namespaces: found.namespaces.filter((x): x is string => !!x),
    tried: found.tried ?? [],
  });
}

/**
 * The `tried` list Django would report for `path` (every pattern tried up to a match, if any),
 * walking with the linear matchers so a hostile path cannot make it backtrack.
 */
export function triedFor<V>(path: string, urlconf: Urlconf<V>): TriedEntry<V>[] {
  try {
    return resolveLinear(path, urlconf, matchLinear).tried;
  } catch (err) {
    if (err instanceof Resolver404) return (err as Resolver404<V>).tried;
    throw err;
  }
}
