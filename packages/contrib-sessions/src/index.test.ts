import { describe, expect, it } from 'vitest';
import * as api from './index.js';

describe('the public API of @stack/contrib-sessions', () => {
  it('exports exactly these names (changing them is a deliberate act with a changeset)', () => {
    expect(Object.keys(api).sort()).toMatchInlineSnapshot(`
      [
        "CACHED_DB_KEY_PREFIX",
        "CACHE_KEY_PREFIX",
        "CacheSessionStore",
        "CachedDatabaseSessionStore",
        "CreateError",
        "DatabaseSessionStore",
        "SESSION_DEFAULTS",
        "Session",
        "SessionBase",
        "SessionError",
        "SessionInterrupted",
        "SessionMiddleware",
        "SignedCookieSessionStore",
        "UpdateError",
        "cacheSessions",
        "cachedDatabaseSessions",
        "clearsessions",
        "databaseSessions",
        "getSession",
        "signedCookieSessions",
      ]
    `);
  });
});
