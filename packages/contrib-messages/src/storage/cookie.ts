import { BadSignature, TimestampSigner, type HttpResponseBase } from '@stack/request';
import { decodeMessages, encodeMessage, NOT_FINISHED } from '../internal/codec.js';
import type { Message } from '../message.js';
import { BaseStorage, type MessageRequest, type Retrieved, type StorageOptions } from './base.js';

type Key = string | Uint8Array;

/** Django's `get_cookie_signer` key: `'django.http.cookies'` then the secret key. */
function cookieKey(key: Key): Uint8Array {
  return Buffer.concat([Buffer.from('django.http.cookies'), Buffer.from(key as never)]);
}

/** The check `CookieStorage`'s constructor makes: it cannot sign without a secret key. */
export function checkCookieOptions(options: StorageOptions): void {
  if (options.secretKey === undefined || options.secretKey.length === 0) {
    throw new TypeError(
      'CookieStorage signs its cookie: set secretKey (the settings pass it to MessageMiddleware).',
    );
  }
}

const signers = new WeakMap<StorageOptions, Map<string, TimestampSigner>>();

/**
 * Django's `CookieStorage`: the messages in one signed, compressed cookie named `messages`,
 * Django's format, so a Django project and a Stack project with the same secret key read each
 * other's cookies. Past `maxCookieSize` (2048 bytes, half of a 4 KB header budget) the oldest
 * messages move to the next storage (or are dropped) and the cookie ends with a marker saying
 * so. A tampered, malformed or oversized cookie is ignored and deleted.
 *
 * @example
 * ```ts
 * MessageMiddleware({ messageStorage: CookieStorage, secretKey });
 * ```
 */
export class CookieStorage extends BaseStorage {
  /** The cookie's name. */
  static cookieName = 'messages';
  /** The largest cookie written, in bytes; 0 for no limit. */
  static maxCookieSize = 2048;
  /** The salt of the cookie's signature (Django's `key_salt`). */
  static keySalt = 'django.contrib.messages';

  constructor(request: MessageRequest, options: StorageOptions = {}) {
    super(request, options);
    checkCookieOptions(options);
  }

  /** The cookie's signer: one per settings object and salt, built when first needed. */
  get signer(): TimestampSigner {
    const salt = (this.constructor as typeof CookieStorage).keySalt;
    const bySalt = signers.get(this.options) ?? new Map<string, TimestampSigner>();
    signers.set(this.options, bySalt);
    let signer = bySalt.get(salt);
    if (!signer) {
      signer = new TimestampSigner({
        key: cookieKey(this.options.secretKey!),
        fallbackKeys: (this.options.secretKeyFallbacks ?? []).map(cookieKey),
        salt,
      });
      bySalt.set(salt, signer);
    }
    return signer;
  }

  override async _get(): Promise<Retrieved> {
    const name = (this.constructor as typeof CookieStorage).cookieName;
    const meta = this.request.META as { HTTP_COOKIE?: unknown } | undefined;
    const raw = meta && meta.HTTP_COOKIE === undefined ? undefined : this.request.COOKIES[name];
    const decoded = this.#decode(raw);
    if (decoded === null) return [null, true];
    return [decoded.messages, decoded.finished];
  }

  #decode(raw: string | undefined): { messages: Message[]; finished: boolean } | null {
    if (!raw) return null;
    let data: unknown;
    try {
      data = this.signer.unsignObject(raw);
    } catch (error) {
      if (!(error instanceof BadSignature)) throw error;
      data = undefined;
    }
    const decoded =
      data === undefined ? null : decodeMessages(data, (...args) => this.makeMessage(...args));
    // Bad data is marked used, so the response deletes the cookie (as Django does).
    if (decoded === null) this.used = true;
    return decoded;
  }

  override async _store(
    messages: Message[],
    response: HttpResponseBase,
    removeOldest = true,
  ): Promise<Message[]> {
    const { maxCookieSize } = this.constructor as typeof CookieStorage;
    const kept = [...messages];
    const unstored: Message[] = [];
    let encoded = this.encode(kept);
    while (maxCookieSize && encoded && encoded.length > maxCookieSize) {
      if (removeOldest) unstored.push(kept.shift()!);
      else unstored.unshift(kept.pop()!);
      encoded = this.encode(kept, { finished: false });
    }
    this.#updateCookie(encoded, response);
    return unstored;
  }

  /**
   * The signed cookie value of `messages`, or null when there is nothing to write; `finished:
   * false` appends the marker that more messages live in the next storage.
   */
  encode(messages: readonly Message[], options: { finished?: boolean } = {}): string | null {
    const finished = options.finished ?? true;
    if (messages.length === 0 && finished) return null;
    const list: unknown[] = messages.map(encodeMessage);
    if (!finished) list.push(NOT_FINISHED);
    return this.signer.signObject(list, { compress: true });
  }

  #updateCookie(encoded: string | null, response: HttpResponseBase): void {
    const name = (this.constructor as typeof CookieStorage).cookieName;
    const { sessionCookieDomain: domain, sessionCookieSamesite: samesite } = this.options;
    if (encoded) {
      response.setCookie(name, encoded, {
        ...(domain && { domain }),
        ...(this.options.sessionCookieSecure && { secure: true }),
        ...((this.options.sessionCookieHttponly ?? true) && { httponly: true }),
        ...(samesite !== null && { samesite: samesite ?? 'Lax' }),
      });
    } else {
      response.deleteCookie(name, {
        ...(domain && { domain }),
        ...(samesite !== null && { samesite: samesite ?? 'Lax' }),
      });
    }
  }
}
