import type { HttpResponseBase } from '@stack/request';
import type { Message } from '../message.js';
import {
  BaseStorage,
  type MessageRequest,
  type Retrieved,
  type StorageClass,
  type StorageOptions,
} from './base.js';
import { checkCookieOptions, CookieStorage } from './cookie.js';
import { checkSessionRequest, SessionStorage } from './session.js';

const DEFAULT_CLASSES: readonly StorageClass[] = [CookieStorage, SessionStorage];

/** Whether `classes` are the two default backends, unchanged and unsubclassed. */
function isDefault(classes: readonly StorageClass[]): boolean {
  return (
    classes === DEFAULT_CLASSES ||
    (classes.length === 2 && classes[0] === CookieStorage && classes[1] === SessionStorage)
  );
}

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
  static storageClasses: readonly StorageClass[] = DEFAULT_CLASSES;

  #storages: readonly BaseStorage[] | undefined;
  // Made when a backend is first marked: most requests never read nor store a message.
  #usedStorages: Set<BaseStorage> | undefined;

  constructor(request: MessageRequest, options: StorageOptions = {}) {
    super(request, options);
    const classes = (this.constructor as typeof FallbackStorage).storageClasses;
    // Most requests never read nor add a message, so the backends are built on first use. With
    // the default backends, their constructors' checks run now, so a misconfiguration still
    // fails every request, as Django's eager `__init__` does; other backends are built now.
    if (isDefault(classes)) {
      checkCookieOptions(options);
      checkSessionRequest(request);
    } else this.#storages = classes.map((Storage) => new Storage(request, options));
  }

  /** The backends, in the order tried. */
  get storages(): readonly BaseStorage[] {
    if (this.#storages === undefined) {
      const classes = (this.constructor as typeof FallbackStorage).storageClasses;
      this.#storages = classes.map((Storage) => new Storage(this.request, this.options));
    }
    return this.#storages;
  }

  #markUsed(storage: BaseStorage): void {
    (this.#usedStorages ??= new Set()).add(storage);
  }

  override async _get(): Promise<Retrieved> {
    const all: Message[] = [];
    let allRetrieved = true;
    for (const storage of this.storages) {
      const [messages, retrieved] = await storage._get();
      allRetrieved = retrieved;
      // Bad data marks a backend used; clearing it is this storage's job on the way out.
      if (storage.used) {
        this.#markUsed(storage);
        this.used = true;
      }
      // A backend never written to means the later ones were not either.
      if (messages === null) break;
      if (messages.length > 0) this.#markUsed(storage);
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
      } else if (this.#usedStorages?.has(storage) === true) {
        // Flush a backend that held messages, though nothing is left for it.
        await storage._store([], response);
        this.#usedStorages!.delete(storage);
      }
    }
    return left;
  }
}
