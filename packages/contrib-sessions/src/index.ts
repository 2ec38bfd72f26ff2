/**
 * @stack/contrib-sessions: Sessions: SessionMiddleware and database, signed-cookie and cache stores.
 *
 * Everything public is exported here by name; internals live under `src/internal/`.
 */
export { SessionBase } from './session-base.js';
export type { SessionData, SessionLifetime } from './session-base.js';
export type { SessionEngine } from './engine.js';
export { SessionMiddleware, getSession } from './middleware.js';
export type { SessionRequest } from './middleware.js';
export { SESSION_DEFAULTS } from './settings.js';
export type { SessionSettings } from './settings.js';
export { CacheSessionStore, cacheSessions, CACHE_KEY_PREFIX } from './stores/cache.js';
export type { CacheSessionOptions } from './stores/cache.js';
export { SignedCookieSessionStore, signedCookieSessions } from './stores/signed-cookies.js';
export type { SignedCookieSessionOptions } from './stores/signed-cookies.js';
export { DatabaseSessionStore, databaseSessions } from './stores/db.js';
export type { DatabaseSessionOptions } from './stores/db.js';
export {
  CachedDatabaseSessionStore,
  cachedDatabaseSessions,
  CACHED_DB_KEY_PREFIX,
} from './stores/cached-db.js';
export type { CachedDatabaseSessionOptions } from './stores/cached-db.js';
export { Session } from './models.js';
export { clearsessions } from './commands.js';
export { SessionError, CreateError, UpdateError, SessionInterrupted } from './errors.js';
