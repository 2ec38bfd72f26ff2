import type { HttpResponseBase } from '@stack/request';
import type { Message } from '../message.js';
import {
  BaseStorage,
  type MessageRequest,
  type Retrieved,
  type StorageClass,
  type StorageOptions,
} from './base.js';
import { CookieStorage } from './cookie.js';
import { SessionStorage } from './session.js';

/**
 * Django's `FallbackStorage`, the default: the cookie first (no session read on most
 * requests), and what does not fit in it goes to the session.
 *
 * @example
 * ```ts
 * MessageMiddleware({ secretKey }); // FallbackStorage unless messageStorage says otherwise
 * ```
 */
export class FallbackStorage extends BaseStorage {
  /** The storages tried in order. */
  static storageClasses: readonly StorageClass[] = [CookieStorage, SessionStorage];

  readonly storages: readonly BaseStorage[];
  readonly #usedStorages = new Set<BaseStorage>();

  constructor(request: MessageRequest, options: StorageOptions = {}) {
    super(request, options);
    const classes = (this.constructor as typeof FallbackStorage).storageClasses;
    this.storages = classes.map((Storage) => new Storage(request, options));
  }

  override async _get(): Promise<Retrieved> {
    const all: Message[] = [];
    let allRetrieved = true;
    for (const storage of this.storages) {
      const [messages, retrieved] = await storage._get();
      allRetrieved = retrieved;
      // Bad data marks a backend used; clearing it is this storage's job on the way out.
      if (storage.used) {
        this.#usedStorages.add(storage);
        this.used = true;
      }
      // A backend never written to means the later ones were not either.
      if (messages === null) break;
      if (messages.length > 0) this.#usedStorages.add(storage);
      all.push(...messages);
      if (retrieved) break;
    }
    return [all, allRetrieved];
  }

  override async _store(messages: Message[], response: HttpResponseBase): Promise<Message[]> {
    let left = messages;
    for (const storage of this.storages) {
      if (left.length > 0) {
        left = await storage._store(left, response, false);
      } else if (this.#usedStorages.has(storage)) {
        // Flush a backend that held messages, though nothing is left for it.
        await storage._store([], response);
        this.#usedStorages.delete(storage);
      }
    }
    return left;
  }
}
