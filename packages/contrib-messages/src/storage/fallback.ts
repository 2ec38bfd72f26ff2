import type { HttpResponseBase } from '@stack/request';
import type { Message } from '../message.js';
import {
  BaseStorage,
  setUpBaseStorage,
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

  // Plain fields, declared only, as BaseStorage's (see there).
  declare private _storages: readonly BaseStorage[] | undefined;
  // Made when a backend is first marked: most requests never read nor store a message.
  declare private _usedStorages: Set<BaseStorage> | undefined;

  constructor(request: MessageRequest, options: StorageOptions = {}) {
    super(request, options);
    this._setUp();
  }

  /**
   * The constructor's own work, shared with `newFallbackStorage`. Most requests never read nor
   * add a message, so the backends are built on first use. With the default backends, their
   * constructors' checks run now, so a misconfiguration still fails every request, as Django's
   * eager `__init__` does; other backends are built now.
   */
  private _setUp(): void {
    const classes = (this.constructor as typeof FallbackStorage).storageClasses;
    if (isDefault(classes)) {
      checkCookieOptions(this.options);
      checkSessionRequest(this.request);
    } else this._storages = classes.map((Storage) => new Storage(this.request, this.options));
  }

  /** The backends, in the order tried. */
  get storages(): readonly BaseStorage[] {
    if (this._storages === undefined) {
      const classes = (this.constructor as typeof FallbackStorage).storageClasses;
      this._storages = classes.map((Storage) => new Storage(this.request, this.options));
    }
    return this._storages;
  }

  private _markUsed(storage: BaseStorage): void {
    (this._usedStorages ??= new Set()).add(storage);
  }

  override async _get(): Promise<Retrieved> {
    const all: Message[] = [];
    let allRetrieved = true;
    for (const storage of this.storages) {
      const [messages, retrieved] = await storage._get();
      allRetrieved = retrieved;
      // Bad data marks a backend used; clearing it is this storage's job on the way out.
      if (storage.used) {
        this._markUsed(storage);
        this.used = true;
      }
      // A backend never written to means the later ones were not either.
      if (messages === null) break;
      if (messages.length > 0) this._markUsed(storage);
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
      } else if (this._usedStorages?.has(storage) === true) {
        // Flush a backend that held messages, though nothing is left for it.
        await storage._store([], response);
        this._usedStorages!.delete(storage);
      }
    }
    return left;
  }
}

/**
 * `new FallbackStorage(request, options)`, as `MessageMiddleware` makes one per request, built
 * by a plain constructor function: the same object (`FallbackStorage.prototype`, the fields of
 * `BaseStorage`'s constructor then `FallbackStorage`'s own work after `super()`, from the same
 * functions; middleware.test.ts compares the two). Node 20's V8 (11.3) never inlines a derived
 * class's `super()` call: `new FallbackStorage` went through the generic construct stub twice
 * on every request, about 0.25k instructions over the fields' own work (a two-level class
 * measured 532 instructions an object where one function built the same in 272). This one is
 * one call, within V8's small-function size (27 bytes of bytecode; two calls made 28), so it is
 * inlined wherever it is called whatever inlining budget is left, and the object allocated
 * there. A subclass, or a storage built by hand, still runs the class constructors.
 */
function DefaultFallbackStorage(
  this: FallbackStorage,
  request: MessageRequest,
  options: StorageOptions,
): void {
  setUpDefaultFallbackStorage(this, request, options);
}
DefaultFallbackStorage.prototype = FallbackStorage.prototype;

/** `BaseStorage`'s constructor, then `FallbackStorage`'s own work after `super()`. */
function setUpDefaultFallbackStorage(
  storage: FallbackStorage,
  request: MessageRequest,
  options: StorageOptions,
): void {
  setUpBaseStorage(storage, request, options);
  (storage as unknown as { _setUp(): void })._setUp();
}

/** @internal `new FallbackStorage(request, options)` without its `super()` call (above). */
export const newFallbackStorage = DefaultFallbackStorage as unknown as new (
  request: MessageRequest,
  options: StorageOptions,
) => FallbackStorage;
