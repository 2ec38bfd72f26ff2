import { fromHooks, type Middleware } from '@stack/middleware';
import type { HttpResponseBase } from '@stack/request';
import { BaseStorage, type MessageRequest, type StorageClass } from './storage/base.js';
import { CookieStorage } from './storage/cookie.js';
import { FallbackStorage, newFallbackStorage } from './storage/fallback.js';
import { SessionStorage } from './storage/session.js';
import { MESSAGE_DEFAULTS, type MessageSettings } from './settings.js';

type Res = HttpResponseBase;

const BUILT_IN: Record<string, StorageClass> = { CookieStorage, SessionStorage, FallbackStorage };

/** The storage class a `messageStorage` setting names. */
export function storageClass(setting: string | StorageClass | undefined): StorageClass {
  if (setting === undefined) return FallbackStorage;
  if (typeof setting === 'function') return setting;
  const name = setting.replace(/^@stack\/contrib-messages:/, '');
  const found = Object.hasOwn(BUILT_IN, name) ? BUILT_IN[name] : undefined;
  if (!found) {
    throw new TypeError(
      `messageStorage ${JSON.stringify(setting)} is not a built-in storage ` +
        `(${Object.keys(BUILT_IN).join(', ')}): pass your storage class itself.`,
    );
  }
  return found;
}

/**
 * Django's `MessageMiddleware`: gives each request its message storage (`request._messages`,
 * read through `getMessages`) and, on the way out, stores what was added and clears what was
 * read. A request that neither adds nor reads messages costs its storage objects and no I/O.
 * Built from the settings; `SessionMiddleware` must come before it for the session and default
 * fallback storages.
 *
 * @example
 * ```ts
 * const chain = compose([SessionMiddleware(), MessageMiddleware({ secretKey })], view);
 * ```
 */
export function MessageMiddleware<Req extends MessageRequest = MessageRequest>(
  settings: Partial<MessageSettings> = {},
): Middleware<Req, Res> {
  const options = { ...MESSAGE_DEFAULTS, ...stripUndefined(settings) };
  const Storage = storageClass(settings.messageStorage);
  const signs = [CookieStorage, FallbackStorage].some(
    (C) => Storage === C || Storage.prototype instanceof C,
  );
  if (signs && !options.secretKey) {
    // At start-up, rather than a 500 on the first request that stores a message.
    throw new TypeError(
      `MessageMiddleware: ${Storage.name} signs its cookie, so secretKey must be set.`,
    );
  }
  // The default class is built without its `super()` call (see `newFallbackStorage`).
  const Build = Storage === FallbackStorage ? newFallbackStorage : Storage;
  // A fromHooks layer, so compose runs it in one loop with its neighbours (no promise of its own).
  return fromHooks<Req, Res>({
    processRequest(request) {
      request._messages = new Build(request, options);
      return undefined;
    },
    processResponse: (request, response) => finish(request, response, options),
  });
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function finish(
  request: MessageRequest,
  response: Res,
  options: Partial<MessageSettings>,
): Res | Promise<Res> {
  // A layer above may have swapped the request's storage; assume nothing about it.
  const storage = request._messages;
  if (!(storage instanceof BaseStorage) || (!storage.used && !storage.addedNew)) return response;
  return storage.update(response).then((unstored) => {
    if (unstored.length > 0 && options.debug) {
      throw new Error('Not all temporary messages could be stored.');
    }
    return response;
  });
}
