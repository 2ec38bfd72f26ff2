import { Resolver404 } from '../errors.js';
import {
  RoutePattern,
  URLPattern,
  urlPatternsOf,
  type Pattern,
  type URLResolver,
  type UrlEntry,
  type Urlconf,
} from '../patterns.js';
import { ResolverMatch, type ResolverMatchResolved } from '../resolver-match.js';
import { resolveLinear, triedFor } from './linear.js';
import { matchRoute, routeMatcher, type RouteMatcher } from './route-matcher.js';
import { staticPrefix } from './static-prefix.js';
import { kwargsRecord, record, TriedReplay } from './types.js';

/** One pattern of a chain, with how to match it. */
interface Level {
  pattern: Pattern;
  fast: RouteMatcher | null;
  defaults: Readonly<Record<string, unknown>>;
  hasDefaults: boolean;
}

/** A root-to-endpoint chain of patterns; its index is its place in Django's walk order. */
interface Chain<V> {
  levels: Level[];
  leaf: URLPattern<V>;
  appNames: string[];
  namespaces: string[];
  route: string;
  extraKwargs: Record<string, unknown>;
  hasArgs: boolean;
  /** No resolver level captures or adds kwargs, so the endpoint's captures are all the kwargs. */
  simple: boolean;
  /** The matcher of a chain that is one fast-matched `path()` with no extra kwargs. */
  single: RouteMatcher | null;
  /** Every level has a fast matcher (so the chain has no positional args). */
  allFast: boolean;
}

interface TrieNode {
  children: Map<string, TrieNode>;
  /**
   * The same children while they are few (`SMALL`): a path's segment is then compared in place,
   * with no string sliced from the path (a slice allocated 24-40 bytes, which `Map.get` then
   * hashed again).
   */
  few: TrieNode[] | null;
  /** The segment that leads here from the parent. */
  key: string;
  /**
   * The child for an empty segment, apart from the map: a static route ending in `/` (most of
   * Django's) ends with one, so resolving its path ends with it, and this field is read where a
   * `Map.get('')` cost about 100 instructions per request.
   */
  empty: TrieNode | null;
  here: number[];
}

/** Up to this many children, a node's segments are compared one by one (see `few`). */
const SMALL = 8;

function trieNode(key: string): TrieNode {
  return { children: new Map(), few: [], key, empty: null, here: [] };
}

/** The child of `node` for the non-empty segment `path[start, end)`, or null. */
function childAt(node: TrieNode, path: string, start: number, end: number): TrieNode | null {
  const few = node.few;
  if (few === null) return node.children.get(path.slice(start, end)) ?? null;
  for (let i = 0; i < few.length; i++) {
    const child = few[i]!;
    if (child.key.length === end - start && path.startsWith(child.key, start)) return child;
  }
  return null;
}

function level(pattern: Pattern, defaults: Readonly<Record<string, unknown>>): Level {
  return {
    pattern,
    fast: pattern instanceof RoutePattern ? routeMatcher(pattern) : null,
    defaults,
    hasDefaults: Object.keys(defaults).length > 0,
  };
}

function joinRoute(route1: string, route2: string): string {
  if (!route1) return route2;
  return route1 + (route2.startsWith('^') ? route2.slice(1) : route2);
}

function flatten<V>(
  entries: readonly UrlEntry<V>[],
  above: URLResolver<V>[],
  out: Chain<V>[],
  seen: Set<object>,
  state: { cyclic: boolean },
): void {
  for (const entry of entries) {
    if (!(entry instanceof URLPattern)) {
      const patterns = entry.urlPatterns;
      if (seen.has(patterns)) {
        // An include that leads back to itself: its paths are unbounded, so no finite set of
        // chains covers them; the urlconf is resolved by walking it as Django does.
        state.cyclic = true;
        continue;
      }
      seen.add(patterns);
      flatten(patterns, [...above, entry], out, seen, state);
      seen.delete(patterns);
      continue;
    }
    const levels = [
      ...above.map((r) => level(r.pattern, r.defaultKwargs)),
      level(entry.pattern, entry.defaultArgs),
    ];
    const extraKwargs = Object.assign(
      record(),
      ...above.map((r) => r.defaultKwargs),
      entry.defaultArgs,
    );
    const only = levels.length === 1 ? levels[0]! : null;
    out.push({
      single: only && !only.hasDefaults ? only.fast : null,
      levels,
      leaf: entry,
      appNames: above.map((r) => r.appName).filter((x): x is string => !!x),
      namespaces: above.map((r) => r.namespace).filter((x): x is string => !!x),
      route: levels.reduce((route, l) => joinRoute(route, String(l.pattern)), ''),
      extraKwargs: Object.freeze(extraKwargs),
      hasArgs: levels.some((l) => !(l.pattern instanceof RoutePattern)),
      allFast: levels.every((l) => l.fast !== null),
      simple:
        levels.every((l) => !l.hasDefaults) &&
        levels
          .slice(0, -1)
          .every((l) => l.pattern instanceof RoutePattern && l.pattern.parsed.params.length === 0),
    });
  }
}

function insert(root: TrieNode, keys: string[], index: number): void {
  let node = root;
  for (const key of keys) {
    let child = key === '' ? node.empty : node.children.get(key);
    if (!child) {
      child = trieNode(key);
      if (key === '') {
        node.empty = child;
      } else {
        node.children.set(key, child);
        node.few = node.children.size <= SMALL ? [...node.children.values()] : null;
      }
    }
    node = child;
  }
  node.here.push(index);
}

/**
 * An urlconf compiled for `resolve()`: every endpoint flattened into a chain, in Django's walk
 * order, and indexed in a trie by the path segments its literal prefix fixes. A path is tried
 * only against the chains filed under its own leading segments (and those with no fixed
 * segment), lowest index first, so the first pattern in urlconf order still wins.
 */
export class CompiledUrlconf<V> {
  readonly #chains: Chain<V>[] = [];
  readonly #root: TrieNode = trieNode('');
  readonly #urlconf: Urlconf<V>;
  /** Every match's and 404's `tried`, computed from its path when read. */
  readonly #tried: TriedReplay<V>;
  /** An include leads back to itself somewhere: resolve walks the urlconf instead. */
  readonly #cyclic: boolean;

  constructor(urlconf: Urlconf<V>) {
    this.#urlconf = urlconf;
    this.#tried = new TriedReplay(urlconf, triedFor);
    const state = { cyclic: false };
    flatten(urlPatternsOf(urlconf), [], this.#chains, new Set(), state);
    this.#cyclic = state.cyclic;
    this.#chains.forEach((chain, i) =>
      insert(this.#root, staticPrefix(chain.levels.map((l) => l.pattern)), i),
    );
  }

  resolve(path: string): ResolverMatch<V> {
    if (path.charCodeAt(0) !== 47) throw new Resolver404<V>(path, []);
    if (this.#cyclic) return resolveLinear(path, this.#urlconf);
    let node = this.#root;
    let first: number[] | null = node.here.length ? node.here : null;
    let more: number[][] | null = null;
    let pos = 1;
    while (node.children.size > 0 || node.empty !== null) {
      // At the end of the path (after its final `/`) the segment is empty: no search.
      const end = pos < path.length ? path.indexOf('/', pos) : -1;
      const stop = end < 0 ? path.length : end;
      const child = stop === pos ? node.empty : childAt(node, path, pos, stop);
      if (!child) break;
      if (child.here.length) {
        if (!first) first = child.here;
        else (more ??= [first]).push(child.here);
      }
      node = child;
      if (end < 0) break;
      pos = end + 1;
    }
    if (more) {
      const found = this.#tryMerged(more, path);
      if (found) return found;
    } else if (first) {
      for (let i = 0; i < first.length; i++) {
        const found = this.#tryChain(this.#chains[first[i]!]!, path);
        if (found) return found;
      }
    }
    throw new Resolver404<V>(path, this.#tried);
  }

  #tryMerged(lists: number[][], path: string): ResolverMatch<V> | null {
    const at = lists.map(() => 0);
    for (;;) {
      let best = -1;
      let bestList = -1;
      for (let l = 0; l < lists.length; l++) {
        const value = lists[l]![at[l]!];
        if (value !== undefined && (best < 0 || value < best)) {
          best = value;
          bestList = l;
        }
      }
      if (best < 0) return null;
      at[bestList]!++;
      const found = this.#tryChain(this.#chains[best]!, path);
      if (found) return found;
    }
  }

  #tryChain(chain: Chain<V>, path: string): ResolverMatch<V> | null {
    // The kwargs records are allocated only once the chain matched: a chain tried in vain (the
    // trie files `<int:id>/` and `<int:id>/edit/` together) allocates nothing.
    const single = chain.single;
    if (single) {
      if (single.scan(path, 1) < 0) return null;
      const kwargs = kwargsRecord();
      single.fill(path, kwargs);
      return this.#match(chain, path, [], kwargs, kwargs);
    }
    const levels = chain.levels;
    const last = levels.length - 1;
    if (chain.allFast) {
      let pos = 1;
      for (let l = 0; l <= last; l++) if ((pos = levels[l]!.fast!.scan(path, pos)) < 0) return null;
      const kwargs = kwargsRecord();
      const captured = chain.simple ? kwargs : kwargsRecord();
      for (let l = 0; l <= last; l++) {
        const lv = levels[l]!;
        lv.fast!.fill(path, l === last ? captured : kwargs);
        if (lv.hasDefaults && l < last) Object.assign(kwargs, lv.defaults);
      }
      if (!chain.simple) Object.assign(kwargs, captured, levels[last]!.defaults);
      return this.#match(chain, path, [], kwargs, captured);
    }
    const kwargs = kwargsRecord();
    const captured = chain.simple ? kwargs : kwargsRecord();
    const levelArgs: unknown[][] | null = chain.hasArgs ? [] : null;
    const captures: boolean[] | null = chain.hasArgs ? [] : null;
    let pos = 1;
    for (let l = 0; l <= last; l++) {
      const lv = levels[l]!;
      const target = l === last ? captured : kwargs;
      if (lv.fast) {
        pos = matchRoute(lv.fast, path, pos, target);
        if (pos < 0) return null;
        captures?.push((lv.pattern as RoutePattern).parsed.params.length > 0);
        levelArgs?.push([]);
      } else {
        const m = lv.pattern.match(path.slice(pos));
        if (!m) return null;
        pos = path.length - m.rest.length;
        let any = false;
        for (const key in m.kwargs) {
          target[key] = m.kwargs[key];
          any = true;
        }
        captures?.push(any);
        levelArgs?.push(m.args);
      }
      if (lv.hasDefaults && l < last) Object.assign(kwargs, lv.defaults);
    }
    const leaf = levels[last]!;
    if (!chain.simple) Object.assign(kwargs, captured, leaf.defaults);
    let args: unknown[] = [];
    if (levelArgs && captures) {
      args = levelArgs[last]!;
      let any = captures[last]! || leaf.hasDefaults;
      for (let l = last - 1; l >= 0; l--) {
        any ||= captures[l]! || levels[l]!.hasDefaults;
        if (!any) args = [...levelArgs[l]!, ...args];
      }
    }
    return this.#match(chain, path, args, kwargs, captured);
  }

  #match(
    chain: Chain<V>,
    path: string,
    args: unknown[],
    kwargs: Record<string, unknown>,
    captured: Record<string, unknown>,
  ): ResolverMatch<V> {
    const init: ResolverMatchResolved<V> = {
      func: chain.leaf.callback,
      args,
      kwargs,
      urlName: chain.leaf.name,
      appNames: chain.appNames,
      namespaces: chain.namespaces,
      route: chain.route,
      tried: this.#tried,
      path,
      capturedKwargs: captured,
      extraKwargs: chain.extraKwargs,
    };
    return new ResolverMatch<V>(init);
  }
}
