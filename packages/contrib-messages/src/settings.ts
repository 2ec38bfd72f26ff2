import { INFO } from './constants.js';
import type { StorageClass } from './storage/base.js';

/**
 * What the storages read: Django's `MESSAGE_*` settings, the secret key that signs the cookie
 * and the session cookie's attributes, which the messages cookie shares.
 */
export interface MessageSettings {
  /**
   * The storage class, or the name of a built-in (`'@stack/contrib-messages:CookieStorage'`,
   * `'SessionStorage'`, `'FallbackStorage'`); default `FallbackStorage`, as in Django.
   */
  messageStorage: string | StorageClass;
  /** The minimum level recorded; default `INFO`. */
  messageLevel: number;
  /** Level → tag, over `DEFAULT_TAGS` (`{ [ERROR]: 'danger' }`). */
  messageTags: Readonly<Record<number, string>>;
  /** Signs the messages cookie; required by the cookie and fallback storages. */
  secretKey: string | Uint8Array;
  /** Older keys whose cookies are still read. */
  secretKeyFallbacks: readonly (string | Uint8Array)[];
  sessionCookieDomain: string | null;
  sessionCookieSecure: boolean;
  sessionCookieHttponly: boolean;
  sessionCookieSamesite: 'Lax' | 'Strict' | 'None' | null;
  /** With `debug`, messages that fit in no storage make the response fail, as in Django. */
  debug: boolean;
}

/**
 * Django's defaults for the settings above (the secret key has none).
 *
 * @example
 * ```ts
 * MESSAGE_DEFAULTS.messageLevel; // 20
 * ```
 */
export const MESSAGE_DEFAULTS: Omit<MessageSettings, 'secretKey' | 'messageStorage'> = {
  messageLevel: INFO,
  messageTags: {},
  secretKeyFallbacks: [],
  sessionCookieDomain: null,
  sessionCookieSecure: false,
  sessionCookieHttponly: true,
  sessionCookieSamesite: 'Lax',
  debug: false,
};
