import { dumps, loads } from '@stack/request';
import { IntegrityError, ObjectDoesNotExist } from '@stack/orm';
import type { SessionEngine } from '../engine.js';
import { lifetimeMerger } from '../internal/lifetime.js';
import { CreateError, UpdateError } from '../errors.js';
import { Session } from '../models.js';
import {
  plainConstructor,
  SessionBase,
  type SessionData,
  type SessionLifetime,
} from '../session-base.js';

/** Django's salt for `SessionStore.encode`, so rows written by Django decode here. */
const KEY_SALT = 'django.contrib.sessions.SessionStore';

/** Options of the database session stores. */
export interface DatabaseSessionOptions extends SessionLifetime {
  /** Signs the stored data (Django's `SECRET_KEY`); required. */
  secretKey: string;
  secretKeyFallbacks?: readonly string[];
  /** The database alias; default `'default'`. */
  using?: string;
}

/**
 * Django's `db` session backend: one `django_session` row per session, the data signed with
 * Django's salt. Rows of expired sessions stay until `clearsessions` removes them.
 *
 * @example
 * ```ts
 * const session = new DatabaseSessionStore(null, { secretKey });
 * await session.set('cart', [1]);
 * await session.save(); // INSERT INTO "django_session" ...
 * ```
 */
export class DatabaseSessionStore extends SessionBase {
  // Set by `setUpDatabaseSession`, which `openDatabaseSession` shares.
  declare protected readonly options: DatabaseSessionOptions;

  constructor(sessionKey: string | null | undefined, options: DatabaseSessionOptions) {
    super(sessionKey, options);
    setUpDatabaseSession(this, options);
  }

  /** Django's `encode`: signed, compressed JSON. */
  encode(data: SessionData): string {
    return dumps(data, { key: this.options.secretKey, salt: KEY_SALT, compress: true });
  }

  /** Django's `decode`: `{}` for tampered or corrupt data. */
  decode(text: string): SessionData {
    try {
      const data = loads<unknown>(text, {
        key: this.options.secretKey,
        salt: KEY_SALT,
        fallbackKeys: this.options.secretKeyFallbacks ?? [],
      });
      return typeof data === 'object' && data !== null && !Array.isArray(data)
        ? (data as SessionData)
        : {};
    } catch {
      return {};
    }
  }

  protected objects() {
    return Session.objects.using(this.options.using ?? 'default');
  }

  async load(): Promise<SessionData> {
    const row = await this.loadRow();
    return row ? this.decode(row.sessionData ?? '') : {};
  }

  /** The live row of this session, or undefined (forgetting the key) when there is none. */
  protected async loadRow(): Promise<Session | undefined> {
    const row = await this.objects()
      .filter({ sessionKey: this.sessionKey ?? '', expireDate__gt: new Date() })
      .first();
    if (!row) this.setSessionKey(null);
    return row;
  }

  async exists(sessionKey: string): Promise<boolean> {
    return this.objects().filter({ sessionKey }).exists();
  }

  async create(): Promise<void> {
    await this.createWithFreshKey();
  }

  async save(mustCreate = false): Promise<void> {
    const key = this.sessionKey;
    if (key === null) return this.create();
    const data = await this.sessionData(mustCreate);
    const values = { sessionData: this.encode(data), expireDate: await this.getExpiryDate() };
    const using = this.options.using ?? 'default';
    if (!mustCreate) {
      const updated = await this.objects().filter({ sessionKey: key }).update(values);
      if (updated === 0) throw new UpdateError('Session was deleted');
      return;
    }
    try {
      await new Session({ sessionKey: key, ...values }).save({ using, forceInsert: true });
    } catch (error) {
      if (error instanceof IntegrityError) throw new CreateError('Session key taken');
      throw error;
    }
  }

  async deleteSession(sessionKey?: string | null): Promise<void> {
    const key = sessionKey ?? this.sessionKey;
    if (!key) return;
    try {
      await this.objects().filter({ sessionKey: key }).delete();
    } catch (error) {
      if (!(error instanceof ObjectDoesNotExist)) throw error;
    }
  }

  /** Deletes every expired row; returns how many. */
  static async clearExpired(using = 'default'): Promise<number> {
    const [count] = await Session.objects
      .using(using)
      .filter({ expireDate__lt: new Date() })
      .delete();
    return count;
  }
}

/** @internal `DatabaseSessionStore`'s own constructor work, after `super()`. */
export function setUpDatabaseSession(
  store: DatabaseSessionStore,
  options: DatabaseSessionOptions,
): void {
  (store as unknown as { options: DatabaseSessionOptions }).options = options;
}

/** @internal `new DatabaseSessionStore(...)` without its `super()` call (see `plainConstructor`). */
export const openDatabaseSession = plainConstructor(DatabaseSessionStore, setUpDatabaseSession);

/**
 * The database session engine (Django's default `SESSION_ENGINE`).
 *
 * @example
 * ```ts
 * SessionMiddleware({ sessionEngine: databaseSessions({ secretKey }) });
 * ```
 */
export function databaseSessions(options: DatabaseSessionOptions): SessionEngine {
  if (!options.secretKey) throw new TypeError('databaseSessions needs a secretKey.');
  const merge = lifetimeMerger(options);
  return {
    open: (sessionKey, lifetime) => new openDatabaseSession(sessionKey, merge(lifetime)),
    clearExpired: () => DatabaseSessionStore.clearExpired(options.using),
  };
}
