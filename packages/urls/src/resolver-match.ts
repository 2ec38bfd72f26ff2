import { triedOf, type TriedEntry, type TriedSource } from './internal/types.js';

/**
 * What `ResolverMatch` is built from.
 *
 * @example
 * ```ts
 * new ResolverMatch({ func, args: [], kwargs, urlName: 'home', appNames: [], namespaces: [], route: '', tried: [], capturedKwargs: kwargs, extraKwargs: {} });
 * ```
 */
export interface ResolverMatchInit<V> {
  func: V;
  args: unknown[];
  kwargs: Record<string, unknown>;
  urlName: string | undefined;
  /** Application namespaces, root first, without empty ones. */
  appNames: string[];
  /** Instance namespaces, root first, without empty ones. */
  namespaces: string[];
  route: string;
  tried: TriedSource<V>;
  capturedKwargs: Record<string, unknown>;
  extraKwargs: Record<string, unknown>;
}

/**
 * What the compiled resolver passes (internal): the path resolved, for a `tried` that is a
 * `TriedReplay`, so a match keeps a string rather than a per-match replay object.
 */
export interface ResolverMatchResolved<V> extends ResolverMatchInit<V> {
  path: string;
}

function viewPath(func: unknown): string {
  const name = (func as { name?: unknown } | null)?.name;
  return typeof name === 'string' && name ? name : String(func);
}

/**
 * The result of `resolve()` (Django's `ResolverMatch`): the view and the arguments to call it
 * with, plus the names and namespaces of the matched pattern.
 *
 * @example
 * ```ts
 * const match = resolve('/blog/7/', urlconf);
 * await match.func(request, ...match.args, match.kwargs); // match.viewName === 'blog:detail'
 * ```
 */
export class ResolverMatch<V = unknown> {
  /** The view. */
  readonly func: V;
  /** Positional arguments (unnamed regex groups, when the pattern has no named group). */
  readonly args: unknown[];
  /** Keyword arguments: converted captures merged with the extra `kwargs` of the patterns. */
  readonly kwargs: Record<string, unknown>;
  /** The name of the matched pattern, if it has one. */
  readonly urlName: string | undefined;
  /** The application namespaces from the root down, without empty ones. */
  readonly appNames: string[];
  /** The instance namespaces from the root down, without empty ones. */
  readonly namespaces: string[];
  /** The routes of the matched patterns joined, as written (`blog/<int:id>/`). */
  readonly route: string;
  /** The kwargs captured by the matched endpoint's own pattern. */
  readonly capturedKwargs: Record<string, unknown>;
  /** The extra kwargs of the matched patterns, merged. */
  readonly extraKwargs: Record<string, unknown>;
  #tried: TriedSource<V>;
  /** The path resolved, when `#tried` is a replay of it ('' otherwise). */
  #path: string;

  constructor(init: ResolverMatchInit<V>) {
    this.func = init.func;
    this.args = init.args;
    this.kwargs = init.kwargs;
    this.urlName = init.urlName;
    this.appNames = init.appNames;
    this.namespaces = init.namespaces;
    this.route = init.route;
    this.capturedKwargs = init.capturedKwargs;
    this.extraKwargs = init.extraKwargs;
    this.#tried = init.tried;
    this.#path = (init as Partial<ResolverMatchResolved<V>>).path ?? '';
  }

  /** The application namespace, `:`-joined. */
  get appName(): string {
    return this.appNames.join(':');
  }

  /** The instance namespace, `:`-joined. */
  get namespace(): string {
    return this.namespaces.join(':');
  }

  /** `namespace:urlName` (or the view's name when the pattern has no name). */
  get viewName(): string {
    return [...this.namespaces, this.urlName ?? viewPath(this.func)].join(':');
  }

  /** The patterns tried before (and including) the match, computed when first read. */
  get tried(): TriedEntry<V>[] {
    return (this.#tried = triedOf(this.#tried, this.#path));
  }

  toString(): string {
    return (
      `ResolverMatch(func=${viewPath(this.func)}, args=${JSON.stringify(this.args)}, ` +
      `kwargs=${JSON.stringify(this.kwargs)}, urlName=${this.urlName}, appNames=${JSON.stringify(this.appNames)}, ` +
      `namespaces=${JSON.stringify(this.namespaces)}, route='${this.route}')`
    );
  }
}
