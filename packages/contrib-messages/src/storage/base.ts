import type { HttpResponseBase } from '@stack/request';
import { DEFAULT_TAGS, INFO } from '../constants.js';
import { Message, type MessageText } from '../message.js';
import type { MessageSettings } from '../settings.js';

/** What a storage needs from a request: cookies, and the session for the session storage. */
export interface MessageRequest {
  readonly COOKIES: Readonly<Record<string, string | undefined>>;
  readonly META?: object;
  session?: unknown;
  _messages?: unknown;
}

/** The settings a storage reads, every one optional (Django's defaults fill the gaps). */
export type StorageOptions = Partial<MessageSettings>;

// One merged table per settings object, not one per request.
const tagTables = new WeakMap<StorageOptions, Readonly<Record<number, string>>>();

function levelTagsFor(options: StorageOptions): Readonly<Record<number, string>> {
  let tags = tagTables.get(options);
  if (!tags) {
    tags = Object.freeze({ ...DEFAULT_TAGS, ...options.messageTags });
    tagTables.set(options, tags);
  }
  return tags;
}

/** A storage class, as the `messageStorage` setting may name one. */
export type StorageClass = new (request: MessageRequest, options?: StorageOptions) => BaseStorage;

/** What `_get` returns: the messages (null when the backend was not used) and whether all were. */
export type Retrieved = [messages: Message[] | null, allRetrieved: boolean];

/**
 * Django's `BaseStorage`: the messages of one request, loaded lazily from where the previous
 * response left them, plus those added now. Iterating marks them used, so the response clears
 * them; messages not iterated are kept for a later request. A storage implements `_get` and
 * `_store`.
 *
 * @example
 * ```ts
 * const storage = getMessages(request);
 * for await (const message of storage) console.log(message.tags, String(message));
 * ```
 */
export abstract class BaseStorage implements Iterable<Message>, AsyncIterable<Message> {
  // These four are set by `setUpBaseStorage` (the constructor's work, which
  // `newFallbackStorage` shares).
  declare readonly request: MessageRequest;
  /** True once iterated (or when the stored data was bad): the response clears what was read. */
  declare used: boolean;
  /** True once a message was added. */
  declare addedNew: boolean;
  declare protected readonly options: StorageOptions;
  // Plain (TypeScript-private) fields and methods rather than `#` ones, so that
  // `MessageMiddleware` can build the default `FallbackStorage` without the class constructors
  // (see `newFallbackStorage`): `#` members exist only on objects those constructors made.
  // Declared only: each is set when first needed (most requests never read nor add a message),
  // so a new storage has four fields to fill, as few as before.
  declare private _queuedMessages: Message[] | undefined;
  declare private _loadedData: Message[] | undefined;
  declare private _loading: Promise<Message[]> | undefined;
  declare private _level: number | undefined;

  constructor(request: MessageRequest, options: StorageOptions = {}) {
    setUpBaseStorage(this, request, options);
  }

  /**
   * The level-to-tag table messages are made with. A getter, looked up (once per settings
   * object) only when a message is made: most requests make none.
   */
  protected get levelTags(): Readonly<Record<number, string>> {
    return levelTagsFor(this.options);
  }

  /** The stored messages, and whether this backend held all of them. */
  abstract _get(): Promise<Retrieved>;

  /** Stores `messages` on the response (or beside it); returns those that did not fit. */
  abstract _store(
    messages: Message[],
    response: HttpResponseBase,
    removeOldest?: boolean,
  ): Promise<Message[]>;

  /**
   * Loads the stored messages (once); after it, `size` and the synchronous iterator work.
   * Loading does not mark them used.
   */
  async ready(): Promise<this> {
    await this._loadedMessages();
    return this;
  }

  /** How many messages there are, stored and new; needs `ready()` first. */
  get size(): number {
    return this._requireLoaded().length + (this._queuedMessages?.length ?? 0);
  }

  /**
   * The templates' item lookup: a storage has no items by key (as in Django), but answering it
   * makes templates take `{% if messages %}` and `|length` from `size`.
   */
  [Symbol.for('stack.getItem')](_key: unknown): undefined {
    return undefined;
  }

  /** Whether an equal message (same level and text) is stored or queued; needs `ready()`. */
  includes(message: Message): boolean {
    return [...this._requireLoaded(), ...(this._queuedMessages ?? [])].some((m) =>
      m.equals(message),
    );
  }

  /** The messages, marking them used; needs `ready()` (templates get a ready storage). */
  [Symbol.iterator](): Iterator<Message> {
    const loaded = this._requireLoaded();
    return this._iterate(loaded);
  }

  /** The messages, loading them first and marking them used. */
  async *[Symbol.asyncIterator](): AsyncIterator<Message> {
    const loaded = await this._loadedMessages();
    const iterator = this._iterate(loaded);
    for (let step = iterator.next(); !step.done; step = iterator.next()) yield step.value;
  }

  private _iterate(loaded: Message[]): Iterator<Message> {
    this.used = true;
    if (this._queuedMessages !== undefined && this._queuedMessages.length > 0) {
      loaded.push(...this._queuedMessages);
      this._queuedMessages = [];
    }
    return loaded[Symbol.iterator]();
  }

  private _requireLoaded(): Message[] {
    if (this._loadedData === undefined) {
      throw new TypeError(
        'The messages are not loaded yet: iterate with `for await`, or `await storage.ready()` first.',
      );
    }
    return this._loadedData;
  }

  private _loadedMessages(): Promise<Message[]> {
    if (this._loadedData !== undefined) return Promise.resolve(this._loadedData);
    this._loading ??= this._get().then(([messages]) => (this._loadedData = messages ?? []));
    return this._loading;
  }

  /**
   * Queues a message, unless it is empty or below the recording `level`.
   *
   * @example
   * ```ts
   * storage.add(WARNING, 'Your plan ends soon', 'billing');
   * ```
   */
  add(level: number, message: MessageText, extraTags = ''): void {
    if (!String(message)) return;
    const value = Math.trunc(Number(level));
    if (!Number.isFinite(value)) throw new TypeError(`A message level is an integer, not ${level}`);
    if (value < this.level) return;
    this.addedNew = true;
    (this._queuedMessages ??= []).push(new Message(value, message, extraTags, this.levelTags));
  }

  /** The minimum level recorded: set on this storage, else `messageLevel`, else `INFO`. */
  get level(): number {
    return this._level ?? this.options.messageLevel ?? INFO;
  }

  /** Sets the minimum level for this request; `null` goes back to the setting. */
  set level(value: number | null) {
    this._level = value === null ? undefined : Math.trunc(Number(value));
  }

  /**
   * Stores what is unread, on the way out (the middleware calls it): after iteration only the
   * messages added since; if never iterated, the stored ones again with the new ones. Returns
   * the messages no backend could hold.
   */
  async update(response: HttpResponseBase): Promise<Message[]> {
    // The queue stays, as in Django: a test reads `getMessages(response.wsgiRequest)` after.
    const queued = this._queuedMessages ?? [];
    if (this.used) return this._store([...queued], response);
    if (this.addedNew) {
      const loaded = await this._loadedMessages();
      return this._store([...loaded, ...queued], response);
    }
    return [];
  }

  /** A message as decoded storages build it, with this storage's level tags. */
  protected makeMessage(level: number, text: MessageText, extraTags: string | null): Message {
    return new Message(level, text, extraTags, this.levelTags);
  }
}

/** @internal `BaseStorage`'s constructor, on `storage`; `newFallbackStorage` runs it too. */
export function setUpBaseStorage(
  storage: BaseStorage,
  request: MessageRequest,
  options: StorageOptions,
): void {
  const fields = storage as unknown as {
    request: MessageRequest;
    used: boolean;
    addedNew: boolean;
    options: StorageOptions;
  };
  fields.request = request;
  fields.used = false;
  fields.addedNew = false;
  fields.options = options;
}
