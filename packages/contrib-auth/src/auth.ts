import { getSession, type SessionBase } from '@stack/contrib-sessions';
import { PermissionDenied } from '@stack/request';
import { AnonymousUser } from './anonymous-user.js';
import { backendName, getBackends, type AuthenticationBackend } from './backends.js';
import { constantTimeCompare } from '@stack/utils';
import { rotateCsrfToken } from './internal/csrf.js';
import { userLoggedIn, userLoggedOut, userLoginFailed } from './signals.js';
import type { AuthUser, Credentials } from './types.js';

/**
 * Django's session keys, so the layout of an authenticated session is the same.
 *
 * @example
 * ```ts
 * await getSession(request).get(SESSION_KEY); // '42'
 * ```
 */
export const SESSION_KEY = '_auth_user_id';
export const BACKEND_SESSION_KEY = '_auth_user_backend';
export const HASH_SESSION_KEY = '_auth_user_hash';

const SENSITIVE = /api|token|key|secret|password|signature/i;

/** What `login`/`logout`/`getUser` need from a request. */
export interface AuthRequest {
  session?: unknown;
  user?: unknown;
  META?: Record<string, unknown>;
  csrfCookieNeedsUpdate?: boolean;
}

function cleanCredentials(credentials: Credentials): Credentials {
  return Object.fromEntries(
    Object.entries(credentials).map(([key, value]) => [
      key,
      SENSITIVE.test(key) ? '********************' : value,
    ]),
  );
}

/**
 * Asks each backend in turn for the user these credentials belong to; the first that answers
 * wins and is recorded on the user (`user.backend`). Null when none does, after sending
 * `userLoginFailed`. A backend that throws `PermissionDenied` stops the search.
 *
 * @example
 * ```ts
 * const user = await authenticate(request, { username: 'ann', password: 's3cret' });
 * if (user) await login(request, user);
 * ```
 */
export async function authenticate<U extends AuthUser = AuthUser>(
  request: unknown,
  credentials: Credentials,
): Promise<U | null> {
  for (const backend of getBackends()) {
    let user: AuthUser | null | undefined;
    try {
      user = await backend.authenticate(request, credentials);
    } catch (error) {
      if (error instanceof PermissionDenied) break;
      throw error;
    }
    if (!user) continue;
    user.backend = backendName(backend);
    return user as U;
  }
  await userLoginFailed.send(undefined, { request, credentials: cleanCredentials(credentials) });
  return null;
}

function chooseBackend(user: AuthUser, backend?: string | AuthenticationBackend): string {
  if (backend) return typeof backend === 'string' ? backend : backendName(backend);
  if (user.backend) return user.backend;
  const backends = getBackends();
  if (backends.length === 1) return backendName(backends[0]!);
  throw new TypeError(
    'You have multiple authentication backends configured and therefore must provide the `backend` argument or set the `backend` attribute on the user.',
  );
}

/**
 * Logs the user in: stores their id, backend and session hash in the session, under a new
 * session key (against session fixation) and a new CSRF token; a session that belonged to
 * another user is flushed first. Sets `request.user` and sends `userLoggedIn`.
 *
 * @example
 * ```ts
 * const user = await authenticate(request, { username, password });
 * if (user) { await login(request, user); return new HttpResponseRedirect('/'); }
 * ```
 */
export async function login(
  request: AuthRequest,
  user: AuthUser,
  backend?: string | AuthenticationBackend,
): Promise<void> {
  const session = getSession(request);
  const hash = user.getSessionAuthHash?.() ?? '';
  if (await session.has(SESSION_KEY)) {
    const sameUser = (await session.get(SESSION_KEY)) === String(user.pk);
    const sameHash =
      !hash || constantTimeCompare(String((await session.get(HASH_SESSION_KEY)) ?? ''), hash);
    if (!sameUser || !sameHash) await session.flush();
  } else {
    await session.cycleKey();
  }
  const name = chooseBackend(user, backend);
  await session.set(SESSION_KEY, String(user.pk));
  await session.set(BACKEND_SESSION_KEY, name);
  await session.set(HASH_SESSION_KEY, hash);
  request.user = user;
  rotateCsrfToken(request);
  await userLoggedIn.send(user.constructor, { request, user });
}

/**
 * Logs out: sends `userLoggedOut`, flushes the session (data and key) and leaves an
 * `AnonymousUser` on the request.
 *
 * @example
 * ```ts
 * await logout(request);
 * ```
 */
export async function logout(request: AuthRequest): Promise<void> {
  const current =
    request.user === undefined ? null : await (request.user as PromiseLike<unknown> | unknown);
  const user = current && (current as AuthUser).isAuthenticated ? current : null;
  await userLoggedOut.send(user ? (user as object).constructor : undefined, { request, user });
  await getSession(request).flush();
  request.user = new AnonymousUser();
}

async function verifiedUser(session: SessionBase, user: AuthUser): Promise<AuthUser | null> {
  if (!user.getSessionAuthHash) return user;
  const stored = await session.get(HASH_SESSION_KEY);
  const current = user.getSessionAuthHash();
  if (typeof stored === 'string' && stored && constantTimeCompare(stored, current)) return user;
  const fallbacks =
    typeof stored === 'string' && stored ? [...(user.getSessionAuthFallbackHash?.() ?? [])] : [];
  if (fallbacks.some((hash) => constantTimeCompare(stored as string, hash))) {
    await session.cycleKey();
    await session.set(HASH_SESSION_KEY, current);
    return user;
  }
  await session.flush();
  return null;
}

/**
 * The user the request's session belongs to, or an `AnonymousUser`: Django's `get_user`. A
 * session whose password hash no longer matches (the password changed) is flushed.
 *
 * @example
 * ```ts
 * const user = await getUser(request);
 * ```
 */
export async function getUser(request: AuthRequest): Promise<AuthUser> {
  const session = getSession(request);
  const userId = await session.get(SESSION_KEY);
  const name = await session.get(BACKEND_SESSION_KEY);
  if (typeof userId !== 'string' || typeof name !== 'string') return new AnonymousUser();
  const backend = getBackends().find((candidate) => backendName(candidate) === name);
  if (!backend) return new AnonymousUser();
  const user = await backend.getUser(userId);
  if (!user) return new AnonymousUser();
  return (await verifiedUser(session, user)) ?? new AnonymousUser();
}

/**
 * Keeps the current session logged in after its user changed their password (Django's
 * `update_session_auth_hash`): rotates the session key and stores the new hash.
 *
 * @example
 * ```ts
 * await user.setPassword(newPassword); await user.save();
 * await updateSessionAuthHash(request, user);
 * ```
 */
export async function updateSessionAuthHash(request: AuthRequest, user: AuthUser): Promise<void> {
  const session = getSession(request);
  await session.cycleKey();
  const current = await Promise.resolve(request.user as unknown);
  if (user.getSessionAuthHash && current && (current as AuthUser).pk === user.pk) {
    await session.set(HASH_SESSION_KEY, user.getSessionAuthHash());
  }
}
