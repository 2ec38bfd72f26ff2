import { dumps, loads } from '@stack/request';
import type { SessionEngine } from '../engine.js';
import { lifetimeMerger } from '../internal/lifetime.js';
import {
  plainConstructor,
  SessionBase,
  type SessionData,
  type SessionLifetime,
} from '../session-base.js';

const SALT = 'django.contrib.sessions.backends.signed_cookies';
/** Browsers keep about 4 KB per cookie; anything far larger is not ours. */
const MAX_COOKIE_LENGTH = 8192;

/** Options of the signed-cookie session store. */
export interface SignedCookieSessionOptions extends SessionLifetime {
  /** The signing secret (Django's `SECRET_KEY`); required. */
  secretKey: string;
  /** Older secrets still accepted (`SECRET_KEY_FALLBACKS`). */
  secretKeyFallbacks?: readonly string[];
}

/**
 * Django's `signed_cookies` backend: the whole session lives in the cookie, signed (not
 * encrypted: users can read it) with Django's format and salt, so cookies cross between Django
 * and Stack with the same secret. Nothing is stored on the server, so a session cannot be
 * revoked before it expires, and the cookie grows with the data (keep it under 4 KB).
 *
 * @example
 * ```ts
 * const engine = signedCookieSessions({ secretKey: process.env.SECRET_KEY! });
 * ```
 */
export class SignedCookieSessionStore extends SessionBase {
  // Set by `setUpSignedCookieSession`, which `openSignedCookieSession` shares.
  declare private readonly options: SignedCookieSessionOptions;

  constructor(sessionKey: string | null | undefined, options: SignedCookieSessionOptions) {
    super(sessionKey, options);
    setUpSignedCookieSession(this, options);
  }

  async load(): Promise<SessionData> {
    try {
      const data = loads<unknown>(this.sessionKey ?? '', {
        key: this.options.secretKey,
        salt: SALT,
        maxAge: this.getSessionCookieAge(),
        fallbackKeys: this.options.secretKeyFallbacks ?? [],
      });
      if (typeof data === 'object' && data !== null && !Array.isArray(data))
        return data as SessionData;
    } catch {
      // A bad signature, an expired cookie or a malformed payload: start afresh.
    }
    await this.create();
    return {};
  }

  async exists(): Promise<boolean> {
    return false;
  }

  async create(): Promise<void> {
    this.modified = true;
  }

  async save(mustCreate = false): Promise<void> {
    const data = await this.sessionData(mustCreate);
    this.setSessionKey(dumps(data, { key: this.options.secretKey, salt: SALT, compress: true }));
    this.modified = true;
  }

  async deleteSession(): Promise<void> {
    this.setSessionKey('');
    this.clear();
  }

  override async cycleKey(): Promise<void> {
    await this.save();
  }

  protected override validateSessionKey(key: string): boolean {
    return key.length >= 8 && key.length <= MAX_COOKIE_LENGTH;
  }
}

/** `SignedCookieSessionStore`'s own constructor work, after `super()`. */
function setUpSignedCookieSession(
  store: SignedCookieSessionStore,
  options: SignedCookieSessionOptions,
): void {
  (store as unknown as { options: SignedCookieSessionOptions }).options = options;
}

/** @internal `new SignedCookieSessionStore(...)` without its `super()` call (see `plainConstructor`). */
export const openSignedCookieSession = plainConstructor(
  SignedCookieSessionStore,
  setUpSignedCookieSession,
);

/**
 * The signed-cookie session engine.
 *
 * @example
 * ```ts
 * SessionMiddleware({ sessionEngine: signedCookieSessions({ secretKey }) });
 * ```
 */
export function signedCookieSessions(options: SignedCookieSessionOptions): SessionEngine {
  if (!options.secretKey) throw new TypeError('signedCookieSessions needs a secretKey.');
  const merge = lifetimeMerger(options);
  return {
    open: (sessionKey, lifetime) => new openSignedCookieSession(sessionKey, merge(lifetime)),
    // Nothing is stored on the server.
    clearExpired: async () => 0,
  };
}
