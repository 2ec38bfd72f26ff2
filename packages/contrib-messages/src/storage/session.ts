import type { HttpResponseBase } from '@stack/request';
import { decodeMessages, encodeMessage } from '../internal/codec.js';
import type { Message } from '../message.js';
import { BaseStorage, type MessageRequest, type Retrieved, type StorageOptions } from './base.js';

/** The part of a session the storage uses (`SessionBase` has it). */
interface SessionLike {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  pop(key: string): Promise<unknown>;
}

function isSession(value: unknown): value is SessionLike {
  const s = value as Partial<SessionLike> | null | undefined;
  return typeof s?.get === 'function' && typeof s.set === 'function' && typeof s.pop === 'function';
}

/** The check `SessionStorage`'s constructor makes: the request must carry a session. */
export function checkSessionRequest(request: MessageRequest): void {
  if (!isSession(request.session)) {
    throw new TypeError(
      'The session-based temporary message storage requires session middleware to be ' +
        'installed, and come before the message middleware in the middleware list.',
    );
  }
}

/**
 * Django's `SessionStorage`: the messages in the session, under `_messages`, as the same JSON
 * text Django writes. No size limit; needs `SessionMiddleware` before `MessageMiddleware`.
 *
 * @example
 * ```ts
 * MessageMiddleware({ messageStorage: SessionStorage });
 * ```
 */
export class SessionStorage extends BaseStorage {
  /** The session key the messages live under. */
  static sessionKey = '_messages';

  constructor(request: MessageRequest, options: StorageOptions = {}) {
    super(request, options);
    checkSessionRequest(request);
  }

  get #session(): SessionLike {
    return this.request.session as SessionLike;
  }

  get #key(): string {
    return (this.constructor as typeof SessionStorage).sessionKey;
  }

  override async _get(): Promise<Retrieved> {
    const data = await this.#session.get(this.#key);
    if (data === undefined || data === null || data === '') return [null, true];
    let parsed: unknown = data;
    if (typeof data === 'string') {
      try {
        parsed = JSON.parse(data);
      } catch {
        parsed = undefined;
      }
    }
    const decoded = decodeMessages(parsed, (...args) => this.makeMessage(...args));
    if (decoded === null) {
      this.used = true;
      return [null, true];
    }
    return [decoded.messages, true];
  }

  override async _store(messages: Message[], _response: HttpResponseBase): Promise<Message[]> {
    if (messages.length > 0) {
      await this.#session.set(this.#key, JSON.stringify(messages.map(encodeMessage)));
    } else {
      await this.#session.pop(this.#key);
    }
    return [];
  }
}
