import type { URLPattern, URLResolver, Urlconf } from '../patterns.js';

/**
 * One entry of a `tried` list: the chain of patterns from the root urlconf to the one tried.
 *
 * @example
 * ```ts
 * err.tried.map((chain) => chain.map((p) => String(p.pattern)).join('')); // ['blog/<int:id>/', …]
 * ```
 */
export type TriedEntry<V> = readonly (URLPattern<V> | URLResolver<V>)[];

/** What one pattern's `match()` returns: the rest of the path and what it captured. */
export interface PatternMatch {
  rest: string;
  args: unknown[];
  kwargs: Record<string, unknown>;
}

/** A null-prototype record, so keys such as `__proto__` stay plain data. */
export function record(): Record<string, unknown> {
  return Object.create(null) as Record<string, unknown>;
}

/**
 * The prototype of the kwargs records `resolve()` builds per request: a frozen, empty,
 * null-prototype object. A kwargs record therefore inherits nothing (no `__proto__` accessor,
 * no `constructor`, no `toString`; assigning those makes plain own keys) and nothing can be added
 * to what it inherits, while V8 keeps it a fast object, which `Object.create(null)` is not
 * (that one costs more than the whole trie lookup).
 */
const Kwargs = function Kwargs() {} as unknown as new () => Record<string, unknown>;
Kwargs.prototype = Object.freeze(Object.create(null));

/** A kwargs record that inherits nothing (see `Kwargs`). */
export function kwargsRecord(): Record<string, unknown> {
  return new Kwargs();
}

/** True when `value` inherits no property at all and its prototypes cannot be changed. */
export function inheritsNothing(value: object): boolean {
  for (
    let proto = Object.getPrototypeOf(value);
    proto !== null;
    proto = Object.getPrototypeOf(proto)
  ) {
    if (Reflect.ownKeys(proto).length > 0 || !Object.isFrozen(proto)) return false;
  }
  return true;
}

/**
 * How to compute a `tried` list not yet computed: replay the path through the linear resolver
 * when someone reads it. A compiled urlconf makes one and shares it; each match or 404 keeps
 * its own path, so resolving allocates nothing for `tried` (a class, not a closure, so
 * `triedOf` can tell it from a list).
 */
export class TriedReplay<V> {
  constructor(
    readonly urlconf: Urlconf<V>,
    readonly compute: (path: string, urlconf: Urlconf<V>) => TriedEntry<V>[],
  ) {}
}

/** A `tried` list, or how to compute it. */
export type TriedSource<V> = TriedEntry<V>[] | TriedReplay<V>;

/** The `tried` list of a source for `path`, computing it if needed. */
export function triedOf<V>(source: TriedSource<V>, path: string): TriedEntry<V>[] {
  return source instanceof TriedReplay ? source.compute(path, source.urlconf) : source;
}
