import type { ChannelLayer } from '@stack/asgi';
/**
 * The shape of a Stack settings object. Every name is Django's setting, camelCased by the naming
 * rule (`ROOT_URLCONF` → `rootUrlconf`); defaults live in `internal/global-settings.ts`.
 */
import type { CachesSettings } from '@stack/cache';

/** A middleware factory `(getResponse) => handler`, the protocol of `@stack/middleware`. */
export type MiddlewareFactory = (getResponse: (request: any) => any) => any;

/**
 * A middleware as the settings name it: the factory itself, or `'module:Export'` imported at
 * start-up (`'@stack/middleware:SecurityMiddleware'`, `'./mysite/timing.ts:timing'`).
 */
export type MiddlewareSetting = string | MiddlewareFactory;

/** A URLconf as the settings name it: a module path, the module, its patterns, or a loader. */
export type UrlconfSetting =
  | string
  | readonly unknown[]
  | { readonly urlpatterns: readonly unknown[] }
  | (() => Promise<unknown>);

/** One template engine, like Django's `TEMPLATES` entries. */
export interface TemplateSetting {
  /** The engine; only `'@stack/templates'` ships today. */
  backend?: string;
  /** Folders searched first, relative to `baseDir`. */
  dirs?: string[];
  /** Also search each installed app's `templates/` folder. */
  appDirs?: boolean;
  /** Engine options (`autoescape`, `debug`, `builtins`, `libraries`, `loaders`, …). */
  options?: Record<string, unknown>;
}

/** One database, like Django's `DATABASES` entries. */
export interface DatabaseSetting {
  /** `'sqlite'` (the embedded default) or `'postgres'`. */
  engine: string;
  /** The SQLite file (relative to `baseDir`) or the PostgreSQL database name. */
  name?: string;
  user?: string;
  password?: string;
  host?: string;
  port?: number | string;
  /** A connection URL, used instead of the fields above when set. */
  url?: string;
  options?: Record<string, unknown>;
  [key: string]: unknown;
}

/**
 * A pluggable object as the settings name it (authentication backends, password hashers, the
 * e-mail backend): `'module:Export'` naming a class (constructed with no arguments) or an
 * object, as middleware entries do (`'@stack/contrib-auth:ModelBackend'`), or the object itself.
 */
export type PluginSetting = string | object;

/**
 * One password validator, like Django's `AUTH_PASSWORD_VALIDATORS` entries: `name` is the
 * class as `'module:Export'`, `options` its constructor's options (Django's `OPTIONS`,
 * camelCased: `{ minLength: 12 }`); or a validator object.
 */
export type PasswordValidatorSetting =
  | { name: string; options?: Record<string, unknown> }
  | { validate(password: string, user?: unknown): unknown; getHelpText(): string };

/** One installed app: a folder or package name, or an app config object. */
export type InstalledAppSetting = string | AppConfigLike;

/** What the app registry needs from an app config; `AppConfig` implements it. */
export interface AppConfigLike {
  /** The full name: a folder path relative to `baseDir`, or a package name. */
  name: string;
  /** The short unique name, used in model references (`blog.Post`) and templates. */
  label?: string;
  verboseName?: string;
  /** The app's folder; found from `name` when missing. */
  path?: string;
  /** Run once when every app is loaded: connect signals, register checks. */
  ready?(): void | Promise<void>;
}

/** Every setting Stack's layers read; user settings may set any of them. */
/**
 * One channel layer: `{ backend: 'inmemory' | 'redis' | 'module:Export', config }` (`config` goes
 * to the layer's constructor), or a layer object.
 */
export type ChannelLayerSetting =
  { backend: string; config?: Record<string, unknown> } | ChannelLayer;

export interface Settings {
  /** The project folder; relative paths in other settings are resolved against it. */
  baseDir: string;
  debug: boolean;
  secretKey: string;
  secretKeyFallbacks: string[];
  allowedHosts: string[];
  /** Folders `loaddata` and test cases' `fixtures` search besides each app's `fixtures/`. */
  fixtureDirs: string[];
  internalIps: string[];
  installedApps: InstalledAppSetting[];
  middleware: MiddlewareSetting[];
  rootUrlconf: UrlconfSetting | null;
  templates: TemplateSetting[];
  databases: Record<string, DatabaseSetting>;
  defaultAutoField: string;
  /** A module whose exported commands join `stack`'s registry. */
  commands: string[];
  wsgiApplication: string | null;
  /** `'module:export'` of the ASGI application `stack runserver` serves (Channels' `ASGI_APPLICATION`). */
  asgiApplication: string | null;
  /** Channels' `CHANNEL_LAYERS`: `{ default: { backend: 'redis', config: { url } } }`. */
  channelLayers: Record<string, ChannelLayerSetting>;
  forceScriptName: string | null;

  defaultCharset: string;
  defaultContentType: string;
  appendSlash: boolean;
  prependWww: boolean;
  disallowedUserAgents: string[];
  ignorableNotFoundUrls: string[];
  useXForwardedHost: boolean;
  useXForwardedPort: boolean;
  dataUploadMaxMemorySize: number | null;
  dataUploadMaxNumberFields: number | null;
  dataUploadMaxNumberFiles: number | null;
  fileUploadMaxMemorySize: number;
  fileUploadTempDir: string | null;
  fileUploadPermissions: number | null;

  secureBrowserXssFilter: boolean;
  secureContentTypeNosniff: boolean;
  secureCrossOriginOpenerPolicy: string | null;
  secureHstsIncludeSubdomains: boolean;
  secureHstsPreload: boolean;
  secureHstsSeconds: number;
  secureProxySslHeader: [string, string] | null;
  /**
   * Addresses of the proxies in front of the server (nginx: `['127.0.0.1']`). A request from one
   * of them gets `REMOTE_ADDR` from `X-Forwarded-For`, read from the right. Not a Django setting.
   */
  trustedProxies: string[];
  secureRedirectExempt: string[];
  secureReferrerPolicy: string | null;
  secureSslHost: string | null;
  secureSslRedirect: boolean;
  xFrameOptions: 'DENY' | 'SAMEORIGIN';

  csrfCookieName: string;
  csrfCookieAge: number;
  csrfCookieDomain: string | null;
  csrfCookiePath: string;
  csrfCookieSecure: boolean;
  csrfCookieHttponly: boolean;
  csrfCookieSamesite: 'Lax' | 'Strict' | 'None' | false;
  csrfHeaderName: string;
  csrfTrustedOrigins: string[];
  csrfUseSessions: boolean;
  csrfFailureView: unknown;

  /** `'cache'` (in-process, the default), `'db'`, `'cached_db'`, `'signed_cookies'`, or a store. */
  sessionEngine: string | object;
  sessionCookieName: string;
  sessionCookieAge: number;
  sessionCookieDomain: string | null;
  sessionCookiePath: string;
  sessionCookieSecure: boolean;
  sessionCookieHttponly: boolean;
  sessionCookieSamesite: 'Lax' | 'Strict' | 'None' | false;
  sessionSaveEveryRequest: boolean;
  sessionExpireAtBrowserClose: boolean;
  sessionCacheAlias: string;
  sessionSerializer: string;

  /**
   * Where messages live between requests: `'FallbackStorage'` (cookie, then session; the
   * default), `'CookieStorage'`, `'SessionStorage'` (optionally `'@stack/contrib-messages:…'`),
   * or a storage class.
   */
  messageStorage: string | (new (...args: any[]) => object);
  /** The lowest message level recorded; default 20 (`INFO`). */
  messageLevel: number;
  /** Level → tag, over the defaults (`{ 40: 'danger' }`). */
  messageTags: Record<number, string>;

  /** The user model's label, `'auth.User'` or the project's own (`'accounts.Member'`). */
  authUserModel: string;
  /** Tried in order by `authenticate()`; default `['@stack/contrib-auth:ModelBackend']`. */
  authenticationBackends: PluginSetting[];
  /** Django's global default is none; `startproject` writes the four built-ins. */
  authPasswordValidators: PasswordValidatorSetting[];
  /** The first hashes new passwords; the others verify old hashes (upgraded at next login). */
  passwordHashers: PluginSetting[];
  /** Seconds a password-reset link stays valid (3 days). */
  passwordResetTimeout: number;
  loginUrl: string;
  loginRedirectUrl: string;
  logoutRedirectUrl: string | null;

  /** Cache aliases (Django's `CACHES`): `{ default: { backend: 'redis', location: url } }`. */
  caches: CachesSettings;
  /** Seconds `UpdateCacheMiddleware` caches a page with no `max-age` (Django's `CACHE_MIDDLEWARE_SECONDS`). */
  cacheMiddlewareSeconds: number;
  cacheMiddlewareKeyPrefix: string;
  cacheMiddlewareAlias: string;
  staticUrl: string | null;
  staticRoot: string | null;
  /** Folders the `FileSystemFinder` searches; `[prefix, folder]` serves one under `prefix/`. */
  staticfilesDirs: Array<string | [prefix: string, folder: string]>;
  /** Django's `STATICFILES_FINDERS`: `'module:Export'` entries or finder objects. */
  staticfilesFinders: PluginSetting[];
  /** Django's `STATICFILES_STORAGE`: `'module:Export'` (a class built with the settings) or a storage. */
  staticfilesStorage: PluginSetting;
  mediaUrl: string;
  mediaRoot: string;

  languageCode: string;
  timeZone: string;
  useI18n: boolean;
  useTz: boolean;

  /** `[name, email]` pairs mailed the report of every 500 when `debug` is off (`ADMINS`). */
  admins: [string, string][];
  managers: [string, string][];
  defaultFromEmail: string;
  /** The sender of error reports and `mailAdmins` (`SERVER_EMAIL`). */
  serverEmail: string;
  /**
   * `'console'` (the default), `'smtp'`, `'file'`, `'locmem'` (`outbox`, for tests), `'dummy'`,
   * or a class extending `@stack/mail`'s `BaseEmailBackend`, or `'module:Export'` naming one.
   */
  emailBackend: PluginSetting;
  emailHost: string;
  emailPort: number;
  emailHostUser: string;
  emailHostPassword: string;
  /** STARTTLS, required (`EMAIL_USE_TLS`). */
  emailUseTls: boolean;
  /** Implicit TLS, usually port 465 (`EMAIL_USE_SSL`). */
  emailUseSsl: boolean;
  /** Client certificate and key files for the TLS connection, relative to `baseDir`. */
  emailSslCertfile: string | null;
  emailSslKeyfile: string | null;
  /** Seconds to wait for the SMTP server; null for nodemailer's defaults. */
  emailTimeout: number | null;
  /** The folder of the `'file'` backend, relative to `baseDir`. */
  emailFilePath: string | null;
  emailSubjectPrefix: string;

  logging: Record<string, unknown>;
  silencedSystemChecks: string[];
  /** Lines matching these (case-insensitive) are masked on the debug 500 page. */
  sensitiveSettingsPattern: string;
}

/** What a settings module writes: any subset of the settings, each typed. */
export type UserSettings = Partial<Settings>;
