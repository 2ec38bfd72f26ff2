import { CreateError, SessionError } from './errors.js';
import { SESSION_KEY_PATTERN, randomSessionKey } from './internal/random.js';

/** The plain-JSON session contents, as stored. */
export type SessionData = Record<string, unknown>;

/** What every store needs to know about the session cookie's lifetime. */
export interface SessionLifetime {
  /** Seconds a session lives (Django's `SESSION_COOKIE_AGE`, two weeks). */
  cookieAge?: number;
  /** Whether sessions end when the browser closes by default (`SESSION_EXPIRE_AT_BROWSER_CLOSE`). */
  expireAtBrowserClose?: boolean;
}

const EXPIRY_KEY = '_session_expiry';
const TEST_COOKIE_NAME = 'testcookie';
const TEST_COOKIE_VALUE = 'worked';

/** Parses stored session JSON into a Map, so hostile keys like `__proto__` stay plain keys. */
export function toSessionMap(data: unknown): Map<string, unknown> {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return new Map();
  return new Map(Object.entries(data));
}

/** Turns the session back into a plain object without touching any prototype. */
export function fromSessionMap(map: ReadonlyMap<string, unknown>): SessionData {
  return Object.fromEntries(map);
}

/**
 * Django's `SessionBase`: a dictionary loaded lazily from its store on first access, which tracks
 * whether it was read (`accessed`) or changed (`modified`) so the middleware saves only when it
 * must. Every accessor is async because the first one may have to load.
 *
 * @example
 * ```ts
 * const views = ((await request.session.get<number>('views')) ?? 0) + 1;
 * await request.session.set('views', views);
 * ```
 */
export abstract class SessionBase {
  // Declared here, set by `setUpSessionBase` (the constructor's work, which the engines'
  // per-request stores share: see there).
  declare accessed: boolean;
  declare modified: boolean;
  declare protected sessionKeyValue: string | null;
  declare private readonly cookieAge: number;
  declare private readonly expireAtBrowserCloseDefault: boolean;
  declare private cache: Map<string, unknown> | undefined;
  declare private loading: Promise<Map<string, unknown>> | undefined;

  constructor(sessionKey?: string | null, lifetime: SessionLifetime = {}) {
    setUpSessionBase(this, sessionKey, lifetime);
  }

  /** The key the session is stored under, or null before it is first saved. */
  get sessionKey(): string | null {
    return this.sessionKeyValue;
  }

  /** Reads the contents from the store; an unknown or broken session gives `{}`. */
  abstract load(): Promise<SessionData>;
  /** Whether a session with this key exists in the store. */
  abstract exists(sessionKey: string): Promise<boolean>;
  /** Stores a new, empty session under a fresh key. */
  abstract create(): Promise<void>;
  /** Stores the session; with `mustCreate`, fails with `CreateError` if the key is taken. */
  abstract save(mustCreate?: boolean): Promise<void>;
  /** Removes a session (this one by default) from the store. */
  abstract deleteSession(sessionKey?: string | null): Promise<void>;

  /** The value for `key`, or `fallback` (undefined by default) when it is missing. */
  async get<T = unknown>(key: string, fallback?: T): Promise<T | undefined> {
    const session = await this.session();
    return session.has(key) ? (session.get(key) as T) : fallback;
  }

  async set(key: string, value: unknown): Promise<void> {
    (await this.session()).set(key, value);
    this.modified = true;
  }

  /** Removes `key`; true when it was there. */
  async delete(key: string): Promise<boolean> {
    const removed = (await this.session()).delete(key);
    if (removed) this.modified = true;
    return removed;
  }

  async has(key: string): Promise<boolean> {
    return (await this.session()).has(key);
  }

  /** Removes `key` and returns its value, or `fallback` when it was missing. */
  async pop<T = unknown>(key: string, fallback?: T): Promise<T | undefined> {
    const session = await this.session();
    if (!session.has(key)) return fallback;
    const value = session.get(key) as T;
    session.delete(key);
    this.modified = true;
    return value;
  }

  /** The value for `key`, storing `value` first when the key is missing. */
  async setdefault<T = unknown>(key: string, value: T): Promise<T> {
    const session = await this.session();
    if (session.has(key)) return session.get(key) as T;
    session.set(key, value);
    this.modified = true;
    return value;
  }

  async update(values: Record<string, unknown>): Promise<void> {
    const session = await this.session();
    for (const [key, value] of Object.entries(values)) session.set(key, value);
    this.modified = true;
  }

  async keys(): Promise<string[]> {
    return [...(await this.session()).keys()];
  }

  async values(): Promise<unknown[]> {
    return [...(await this.session()).values()];
  }

  async items(): Promise<[string, unknown][]> {
    return [...(await this.session()).entries()];
  }

  /** Empties the session but keeps its key (Django's `clear`). */
  clear(): void {
    this.cache = new Map();
    this.loading = undefined;
    this.accessed = true;
    this.modified = true;
  }

  /** True when the session has no key and nothing loaded: the middleware then stores nothing. */
  isEmpty(): boolean {
    return !this.sessionKeyValue && (!this.cache || this.cache.size === 0);
  }

  /** Empties the session, deletes it from the store and forgets its key (as at logout). */
  async flush(): Promise<void> {
    this.clear();
    await this.deleteSession();
    this.sessionKeyValue = null;
  }

  /** Keeps the contents under a new key and deletes the old one, against session fixation. */
  async cycleKey(): Promise<void> {
    const data = await this.session();
    const oldKey = this.sessionKeyValue;
    await this.create();
    this.cache = data;
    this.loading = undefined;
    if (oldKey) await this.deleteSession(oldKey);
  }

  /**
   * Seconds from now (a number), an exact `Date`, 0 to end at browser close, or null to fall
   * back to the configured cookie age.
   */
  async setExpiry(value: number | Date | null): Promise<void> {
    if (value === null) {
      await this.delete(EXPIRY_KEY);
      return;
    }
    await this.set(EXPIRY_KEY, value instanceof Date ? value.toISOString() : value);
  }

  /** Seconds until the session expires, counted from `modification` (now by default). */
  async getExpiryAge(options: { modification?: Date; expiry?: unknown } = {}): Promise<number> {
    const expiry = 'expiry' in options ? options.expiry : await this.get(EXPIRY_KEY);
    if (!expiry) return this.cookieAge;
    if (typeof expiry === 'number') return expiry;
    const at = Date.parse(String(expiry));
    if (Number.isNaN(at)) return this.cookieAge;
    const modification = (options.modification ?? new Date()).getTime();
    return Math.floor((at - modification) / 1000);
  }

  /** The moment the session expires. */
  async getExpiryDate(options: { modification?: Date; expiry?: unknown } = {}): Promise<Date> {
    const expiry = 'expiry' in options ? options.expiry : await this.get(EXPIRY_KEY);
    if (typeof expiry === 'string' && !Number.isNaN(Date.parse(expiry))) return new Date(expiry);
    const seconds = typeof expiry === 'number' && expiry ? expiry : this.cookieAge;
    return new Date((options.modification ?? new Date()).getTime() + seconds * 1000);
  }

  /** Whether the session cookie should end with the browser session. */
  async getExpireAtBrowserClose(): Promise<boolean> {
    const expiry = await this.get(EXPIRY_KEY);
    if (expiry === undefined || expiry === null) return this.expireAtBrowserCloseDefault;
    return expiry === 0;
  }

  /** The configured session lifetime in seconds. */
  getSessionCookieAge(): number {
    return this.cookieAge;
  }

  async setTestCookie(): Promise<void> {
    await this.set(TEST_COOKIE_NAME, TEST_COOKIE_VALUE);
  }

  async testCookieWorked(): Promise<boolean> {
    return (await this.get(TEST_COOKIE_NAME)) === TEST_COOKIE_VALUE;
  }

  async deleteTestCookie(): Promise<void> {
    await this.delete(TEST_COOKIE_NAME);
  }

  /** Whether a key from a cookie may be looked up; anything else starts a fresh session. */
  protected validateSessionKey(key: string): boolean {
    return SESSION_KEY_PATTERN.test(key);
  }

  /** A key not yet used in the store. */
  protected async getNewSessionKey(): Promise<string> {
    for (;;) {
      const key = randomSessionKey();
      if (!(await this.exists(key))) return key;
    }
  }

  /** Sets the key after a store created or renamed the session. */
  protected setSessionKey(key: string | null): void {
    this.sessionKeyValue = key;
  }

  /** The contents as a plain object, without loading when `noLoad` (a brand-new session). */
  protected async sessionData(noLoad = false): Promise<SessionData> {
    return fromSessionMap(await this.session(noLoad));
  }

  /** Retries `save(true)` under fresh keys until one is free, as Django's `create`. */
  protected async createWithFreshKey(): Promise<void> {
    for (let attempt = 0; attempt < 10_000; attempt += 1) {
      this.sessionKeyValue = await this.getNewSessionKey();
      try {
        await this.save(true);
      } catch (error) {
        if (error instanceof CreateError) continue;
        throw error;
      }
      this.modified = true;
      return;
    }
    throw new SessionError('Unable to create a new session key. The store is likely unavailable.');
  }

  private async session(noLoad = false): Promise<Map<string, unknown>> {
    this.accessed = true;
    if (this.cache) return this.cache;
    if (this.sessionKeyValue === null || noLoad) {
      this.cache = new Map();
      return this.cache;
    }
    this.loading ??= this.load().then((data) => toSessionMap(data));
    const loaded = await this.loading;
    this.cache ??= loaded;
    return this.cache;
  }
}

/** The fields `SessionBase`'s constructor sets, in its order, and the method it asks. */
interface SessionBaseFields {
  accessed: boolean;
  modified: boolean;
  sessionKeyValue: string | null;
  cookieAge: number;
  expireAtBrowserCloseDefault: boolean;
  cache: undefined;
  loading: undefined;
  validateSessionKey(key: string): boolean;
}

/**
 * @internal `SessionBase`'s constructor, on `session`; `plainConstructor`'s functions run it
 * too.
 */
export function setUpSessionBase(
  session: SessionBase,
  sessionKey: string | null | undefined,
  lifetime: SessionLifetime,
): void {
  const fields = session as unknown as SessionBaseFields;
  fields.accessed = false;
  fields.modified = false;
  fields.sessionKeyValue = sessionKey && fields.validateSessionKey(sessionKey) ? sessionKey : null;
  fields.cookieAge = lifetime.cookieAge ?? 1_209_600;
  fields.expireAtBrowserCloseDefault = lifetime.expireAtBrowserClose ?? false;
  fields.cache = undefined;
  fields.loading = undefined;
}

/**
 * @internal What `new Store(sessionKey, options)` makes, built by a plain constructor function:
 * the same object (`Store.prototype`, and the fields of `SessionBase`'s constructor then of
 * `setUp`, the store's own constructor work after `super()`, in their order), without the
 * `super()` call. The engines open their per-request store with it: Node 20's V8 (11.3) never
 * inlines a derived class's `super()` call, so `new CacheSessionStore` went through the
 * generic construct stub twice on every request, about 0.25k instructions over the fields' own
 * work (a two-level class measured 532 instructions an object where one function built the
 * same in 272). A subclass, or a store built by hand, still runs the class constructors; each
 * store's tests compare the two objects.
 */
export function plainConstructor<S extends SessionBase, O extends SessionLifetime>(
  Store: abstract new (sessionKey: string | null | undefined, options: O) => S,
  setUp: (store: S, options: O) => void,
): new (sessionKey: string | null | undefined, options: O) => S {
  function Opened(this: S, sessionKey: string | null | undefined, options: O): void {
    setUpSessionBase(this, sessionKey, options);
    setUp(this, options);
  }
  Opened.prototype = Store.prototype;
  return Opened as unknown as new (sessionKey: string | null | undefined, options: O) => S;
}
