import type { SessionEngine } from '@stack/contrib-sessions';
import { ImproperlyConfigured } from '../errors.js';
import type { Settings } from '../settings-types.js';

/**
 * The session store the `sessionEngine` setting names (`'cache'`, `'db'`, `'cached_db'`,
 * `'signed_cookies'`, or Django's dotted `django.contrib.sessions.backends.db`), or the store
 * object itself. Built once per handler, so an in-process cache is shared by every request.
 */
export function sessionEngineFor(settings: Settings): Promise<SessionEngine> {
  // One store per settings object: the HTTP handler and the WebSocket session middleware must
  // share it, or an in-process cache store would hold two sets of sessions.
  let engine = engines.get(settings);
  if (engine === undefined) {
    engine = buildSessionEngine(settings);
    engines.set(settings, engine);
  }
  return engine;
}

const engines = new WeakMap<Settings, Promise<SessionEngine>>();

async function buildSessionEngine(settings: Settings): Promise<SessionEngine> {
  const setting = settings.sessionEngine as unknown;
  if (setting && typeof setting === 'object') return setting as SessionEngine;
  // Imported here, not at the top: the sessions package registers its model when loaded.
  const { cachedDatabaseSessions, cacheSessions, databaseSessions, signedCookieSessions } =
    await import('@stack/contrib-sessions');
  const name = String(setting).split('.').pop();
  const lifetime = {
    cookieAge: settings.sessionCookieAge,
    expireAtBrowserClose: settings.sessionExpireAtBrowserClose,
  };
  const keys = { secretKey: settings.secretKey, secretKeyFallbacks: settings.secretKeyFallbacks };
  switch (name) {
    case 'cache':
      return cacheSessions({ ...lifetime, cacheAlias: settings.sessionCacheAlias });
    case 'db':
      return databaseSessions({ ...lifetime, ...keys });
    case 'cached_db':
      return cachedDatabaseSessions({
        ...lifetime,
        ...keys,
        cacheAlias: settings.sessionCacheAlias,
      });
    case 'signed_cookies':
      return signedCookieSessions({ ...lifetime, ...keys });
    default:
      throw new ImproperlyConfigured(
        `Unknown sessionEngine ${JSON.stringify(setting)}: use 'cache', 'db', 'cached_db', 'signed_cookies' or a store object.`,
      );
  }
}
