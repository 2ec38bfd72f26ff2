/**
 * The errors of `@stack/urls`. `Resolver404` is the client's fault (no route matches) and maps
 * to a 404; the others are developer errors found at start-up or while reversing.
 */
import { triedOf, type TriedEntry, type TriedSource } from './internal/types.js';

/**
 * The base of every error this package throws.
 *
 * @example
 * ```ts
 * try { reverse('missing', { urlconf }); } catch (err) { if (err instanceof UrlsError) log(err); }
 * ```
 */
export class UrlsError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * A urlconf, route or converter is wrongly set up (Django's `ImproperlyConfigured`): an invalid
 * parameter name, an unknown converter, a namespace without an application name.
 *
 * @example
 * ```ts
 * expect(() => path('<int:2x>/', view)).toThrow(ImproperlyConfigured);
 * ```
 */
export class ImproperlyConfigured extends UrlsError {}

/**
 * No pattern matches the path. `tried` lists every pattern tried, each entry the chain of
 * patterns from the root to the one that failed, as Django's debug 404 page shows them; it is
 * computed only when read, so a 404 costs no more than a match.
 *
 * @example
 * ```ts
 * try { resolve('/nope/', urlconf); } catch (err) {
 *   if (err instanceof Resolver404) console.log(err.status, err.tried.length); // 404, 3
 * }
 * ```
 */
export class Resolver404<V = unknown> extends UrlsError {
  /** The HTTP status this error maps to. */
  readonly status = 404;
  /** The path that was resolved. */
  readonly path: string;
  #tried: TriedSource<V>;

  constructor(path: string, tried: TriedSource<V> = []) {
    super(`No URL pattern matches ${JSON.stringify(path)}.`);
    this.path = path;
    this.#tried = tried;
  }

  /** Every pattern tried, each as the chain from the root urlconf down to it. */
  get tried(): TriedEntry<V>[] {
    return (this.#tried = triedOf(this.#tried, this.path));
  }
}

/**
 * `reverse()` found no pattern for the name and arguments; the message names the arguments and
 * every pattern tried, as Django's does.
 *
 * @example
 * ```ts
 * expect(() => reverse('post', { urlconf, args: ['x'] })).toThrow(NoReverseMatch);
 * ```
 */
export class NoReverseMatch extends UrlsError {}
