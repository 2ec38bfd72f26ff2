import type { Converter } from '../converters.js';
import { URLPattern, type Pattern, type URLResolver, type UrlEntry } from '../patterns.js';
import { RoutePattern } from '../patterns.js';
import { compileRegex } from './python-regex.js';
import { routeMatcher } from './route-matcher.js';
import { normalize, type Form } from './normalize.js';
import { record } from './types.js';

/** A pattern `reverse()` may build: the chain of patterns below the scope, and its defaults. */
export interface Possibility {
  levels: Pattern[];
  defaults: Record<string, unknown>;
}

/** A namespace reachable from a scope: the prefix patterns and the namespaced include. */
export interface NamespaceEntry<V> {
  levels: Pattern[];
  resolver: URLResolver<V>;
}

/** Django's `reverse_dict`, `namespace_dict` and `app_dict` of one resolver. */
export interface ReverseIndex<V> {
  lookups: Map<unknown, Possibility[]>;
  namespaces: Map<string, NamespaceEntry<V>>;
  apps: Map<string, string[]>;
}

function append<K, T>(map: Map<K, T[]>, key: K, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Builds a resolver's reverse index as Django's `_populate` does (last pattern first). */
export function populate<V>(
  entries: readonly UrlEntry<V>[],
  cache: WeakMap<object, ReverseIndex<V>>,
  populating: Set<object> = new Set(),
): ReverseIndex<V> {
  const cached = cache.get(entries);
  if (cached) return cached;
  const index: ReverseIndex<V> = { lookups: new Map(), namespaces: new Map(), apps: new Map() };
  populating.add(entries);
  for (let i = entries.length - 1; i >= 0; i--) {
    const entry = entries[i]!;
    if (entry instanceof URLPattern) {
      const possibility = { levels: [entry.pattern], defaults: entry.defaultArgs };
      append(index.lookups, entry.callback, possibility);
      if (entry.name !== undefined) append(index.lookups, entry.name, possibility);
    } else if (entry.appName) {
      append(index.apps, entry.appName, entry.namespace!);
      index.namespaces.set(entry.namespace!, { levels: [entry.pattern], resolver: entry });
    } else {
      // An include leading back to one being populated adds nothing more (Django's
      // `_populating` guard): its names are already reachable the shorter way.
      if (populating.has(entry.urlPatterns)) continue;
      const sub = populate(entry.urlPatterns, cache, populating);
      for (const [key, list] of sub.lookups) {
        for (const p of list) {
          append(index.lookups, key, {
            levels: [entry.pattern, ...p.levels],
            defaults: Object.assign(record(), p.defaults, entry.defaultKwargs),
          });
        }
      }
      for (const [ns, found] of sub.namespaces) {
        index.namespaces.set(ns, {
          levels: [entry.pattern, ...found.levels],
          resolver: found.resolver,
        });
      }
      for (const [app, list] of sub.apps) for (const ns of list) append(index.apps, app, ns);
    }
  }
  populating.delete(entries);
  cache.set(entries, index);
  return index;
}

/** A possibility made ready to fill in: its forms, converters and the regex checking a result. */
export interface Prepared {
  forms: Form[];
  converters: Record<string, Converter>;
  defaults: Record<string, unknown>;
  /** Whether a filled-in form really matches the patterns (Django re-checks with the regex). */
  check: (candidate: string) => boolean;
  /** The Python-style regex shown in messages. */
  text: string;
}

function sourceOf(pattern: Pattern): string {
  const source = pattern instanceof RoutePattern ? pattern.regex.source : pattern.regex.source;
  return source.startsWith('^') ? source.slice(1) : source;
}

function textOf(pattern: Pattern): string {
  const text = pattern instanceof RoutePattern ? pattern.pythonRegex : pattern.pattern;
  return text.startsWith('^') ? text.slice(1) : text;
}

/** Prepares the possibility under the given namespace prefix. */
export function prepare(prefix: readonly Pattern[], possibility: Possibility): Prepared {
  const levels = [...prefix, ...possibility.levels];
  const source = levels.map(sourceOf).join('');
  const converters = record() as Record<string, Converter>;
  let flags = '';
  for (const level of levels) {
    if (level instanceof RoutePattern) Object.assign(converters, level.converters);
    for (const f of level.regex.flags) if ('ims'.includes(f) && !flags.includes(f)) flags += f;
  }
  const checkSource = source.includes('\\k<')
    ? source
    : source.replace(/\(\?P?<([\p{XID_Start}_]\p{XID_Continue}*)>/gu, '(?:');
  const machines = levels.map((l) => (l instanceof RoutePattern ? routeMatcher(l) : null));
  let check: (candidate: string) => boolean;
  if (machines.every((m) => m !== null)) {
    // Built-in converters only: match level by level with the linear matchers, as resolve() does.
    check = (candidate) => {
      let pos = 0;
      for (const machine of machines) if ((pos = machine!.scan(candidate, pos)) < 0) return false;
      return true;
    };
  } else {
    const regex = compileRegex({ source: '^' + checkSource, flags }, source);
    check = (candidate) => regex.test(candidate);
  }
  return {
    forms: normalize(source),
    converters,
    defaults: possibility.defaults,
    check,
    text: levels.map(textOf).join(''),
  };
}
