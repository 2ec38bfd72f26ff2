import { isThenable } from '@stack/utils';
import { AnonymousUser } from './anonymous-user.js';
import type { AuthRequest } from './auth.js';

type PermUser = {
  hasPerm?(perm: string): Promise<boolean>;
  hasModulePerms?(appLabel: string): Promise<boolean>;
};

/**
 * What a lookup object is an instance of: not a plain object, so templates find it truthy.
 * Lookups are a `Proxy` over an instance of a subclass, with one handler shared by all, so a
 * render builds two objects for `perms` and no closure (issue 21: per-render closures were
 * measurable in the fortunes benchmark).
 */
class PermLookup {}

/** `perms`: every string key but `then` is an app label. */
class PermWrapperTarget extends PermLookup {
  constructor(readonly user: unknown) {
    super();
  }
}

/** `perms.<app>`: every string key but `then` is a codename in the app. */
class AppPermsTarget extends PermLookup {
  constructor(
    readonly user: PermUser,
    readonly appLabel: string,
  ) {
    super();
  }
}

const lookupHandler: ProxyHandler<PermLookup> = {
  get(target, key) {
    if (typeof key !== 'string' || key === 'then') return undefined;
    if (target instanceof AppPermsTarget)
      return new PermCheck(target.user, `${target.appLabel}.${key}`);
    return new ModulePermsCheck((target as PermWrapperTarget).user, key);
  },
};

/** A thenable that asks only when awaited, so merely looking a key up costs nothing. */
class PermCheck {
  readonly #user: PermUser;
  readonly #perm: string;
  constructor(user: PermUser, perm: string) {
    this.#user = user;
    this.#perm = perm;
  }
  then<T, E = never>(
    onFulfilled?: ((value: boolean) => T | PromiseLike<T>) | null,
    onRejected?: ((reason: unknown) => E | PromiseLike<E>) | null,
  ): Promise<T | E> {
    return Promise.resolve(this.#user.hasPerm?.(this.#perm))
      .then((granted) => Boolean(granted))
      .then(onFulfilled, onRejected);
  }
}

/** `perms.<app>` awaited: false without a permission in the app, else its permissions. */
class ModulePermsCheck {
  readonly #user: unknown;
  readonly #appLabel: string;
  constructor(user: unknown, appLabel: string) {
    this.#user = user;
    this.#appLabel = appLabel;
  }
  then<T, E = never>(
    onFulfilled?: ((value: object | false) => T | PromiseLike<T>) | null,
    onRejected?: ((reason: unknown) => E | PromiseLike<E>) | null,
  ): Promise<T | E> {
    return this.#check().then(onFulfilled, onRejected);
  }
  async #check(): Promise<object | false> {
    const loaded = await (this.#user as PromiseLike<PermUser> | PermUser);
    return (await loaded.hasModulePerms?.(this.#appLabel))
      ? new Proxy(new AppPermsTarget(loaded, this.#appLabel), lookupHandler)
      : false;
  }
}

/**
 * Django's `PermWrapper`: `{% if perms.blog %}` (any permission in the app) and
 * `{% if perms.blog.add_post %}`. `perms.<app>` is a thenable the engine awaits: false without
 * a permission in the app, else the app's permissions to look a codename up in.
 */
function permWrapper(user: unknown): object {
  return new Proxy(new PermWrapperTarget(user), lookupHandler);
}

/**
 * `request.user` while still lazy: a thenable the engine awaits on the first lookup. Its only
 * string key is `then` (one function shared by every render); the user sits under a symbol, out
 * of a template's reach.
 */
const pendingUser = Symbol('pendingUser');
function pendingThen(
  this: { [pendingUser]: PromiseLike<unknown> },
  onFulfilled?: ((value: unknown) => unknown) | null,
  onRejected?: ((reason: unknown) => unknown) | null,
): Promise<unknown> {
  return Promise.resolve(this[pendingUser]).then(onFulfilled, onRejected);
}

/**
 * Django's `auth` context processor: `user` and `perms` in every template rendered with a
 * request, so `{{ user.username }}`, `{% if user.is_authenticated %}` and
 * `{% if perms.blog.add_post %}` work. While `request.user` is still the lazy value
 * `AuthenticationMiddleware` left, the template gets a bare thenable: the engine awaits it on
 * the first lookup (loading the user once, only if a template reads it), instead of reading
 * `LazyUser`'s guard properties. Without a request or the middleware, the user is an
 * `AnonymousUser`.
 *
 * @example
 * ```ts
 * const engine = new Engine({ dirs: ['templates'], contextProcessors: [authContextProcessor] });
 * await engine.fromString('{{ user.username }}').render({}, request);
 * ```
 */
export function authContextProcessor(request: unknown): { user: unknown; perms: object } {
  const user =
    request && typeof request === 'object' ? (request as Partial<AuthRequest>).user : undefined;
  if (user === undefined || user === null) {
    const anonymous = new AnonymousUser();
    return { user: anonymous, perms: permWrapper(anonymous) };
  }
  if (!isThenable(user)) return { user, perms: permWrapper(user) };
  const pending = { then: pendingThen, [pendingUser]: user };
  return { user: pending, perms: permWrapper(pending) };
}
