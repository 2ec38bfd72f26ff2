import { isThenable } from '@stack/utils';
import { AnonymousUser } from './anonymous-user.js';
import type { AuthRequest } from './auth.js';

type PermUser = {
  hasPerm?(perm: string): Promise<boolean>;
  hasModulePerms?(appLabel: string): Promise<boolean>;
};

/** What a lookup object is an instance of: not a plain object, so templates find it truthy. */
class PermLookup {}

/** A lookup-only object: every string key but `then` goes to `get`; nothing else is reachable. */
function lookup(get: (key: string) => unknown): object {
  return new Proxy(new PermLookup(), {
    get: (_target, key) => (typeof key === 'string' && key !== 'then' ? get(key) : undefined),
  });
}

/** A thenable that runs `work` only when awaited, so merely looking a key up costs nothing. */
function deferred(work: () => Promise<unknown>): PromiseLike<unknown> {
  return {
    then: (onFulfilled, onRejected) => work().then(onFulfilled, onRejected),
  };
}

/** The permissions in one app (`perms.blog.add_post`): a thenable per codename. */
function appPerms(user: PermUser, appLabel: string): object {
  return lookup((codename) =>
    deferred(async () => Boolean(await user.hasPerm?.(`${appLabel}.${codename}`))),
  );
}

/**
 * Django's `PermWrapper`: `{% if perms.blog %}` (any permission in the app) and
 * `{% if perms.blog.add_post %}`. `perms.<app>` is a thenable the engine awaits: false without
 * a permission in the app, else the app's permissions to look a codename up in.
 */
function permWrapper(user: unknown): object {
  return lookup((appLabel) =>
    deferred(async () => {
      const loaded = await (user as PromiseLike<PermUser> | PermUser);
      return (await loaded.hasModulePerms?.(appLabel)) ? appPerms(loaded, appLabel) : false;
    }),
  );
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
  const pending = {
    then: (onFulfilled?: (u: unknown) => unknown, onRejected?: (e: unknown) => unknown) =>
      Promise.resolve(user).then(onFulfilled, onRejected),
  };
  return { user: pending, perms: permWrapper(pending) };
}
