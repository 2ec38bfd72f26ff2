import { DEBUG, ERROR, INFO, SUCCESS, WARNING } from './constants.js';
import { MessageFailure } from './errors.js';
import type { MessageText, Message } from './message.js';
import { BaseStorage } from './storage/base.js';

/** Options of `addMessage` and the level shortcuts. */
export interface AddMessageOptions {
  /** Tags added before the level's tag (`'sticky'`). */
  extraTags?: string;
  /** Do nothing, rather than raise `MessageFailure`, when `MessageMiddleware` is not installed. */
  failSilently?: boolean;
}

function storageOf(request: unknown): BaseStorage | undefined {
  const storage = (request as { _messages?: unknown } | null)?._messages;
  return storage instanceof BaseStorage ? storage : undefined;
}

/**
 * Queues a message for the user, shown on this or a later page (Django's `add_message`).
 *
 * @example
 * ```ts
 * addMessage(request, WARNING, 'Your plan ends in 3 days', { extraTags: 'billing' });
 * ```
 */
export function addMessage(
  request: unknown,
  level: number,
  message: MessageText,
  options: AddMessageOptions = {},
): void {
  const storage = storageOf(request);
  if (storage) return storage.add(level, message, options.extraTags ?? '');
  if (request === null || typeof request !== 'object' || !('META' in request)) {
    const name = (request as object | null)?.constructor?.name ?? typeof request;
    throw new TypeError(`addMessage() argument must be an HttpRequest object, not '${name}'.`);
  }
  if (!options.failSilently) {
    throw new MessageFailure(
      'You cannot add messages without installing MessageMiddleware ' +
        "('@stack/contrib-messages:MessageMiddleware' in the middleware setting).",
    );
  }
}

/**
 * The request's messages: a storage to iterate with `for await` (which marks them read), or
 * an empty list without `MessageMiddleware` (Django's `get_messages`).
 *
 * @example
 * ```ts
 * for await (const message of getMessages(request)) lines.push(`${message.tags}: ${message}`);
 * ```
 */
export function getMessages(request: unknown): BaseStorage | readonly Message[] {
  return storageOf(request) ?? [];
}

/**
 * The minimum level recorded for this request (Django's `get_level`): what `setLevel` set,
 * else the `messageLevel` setting, else `INFO`.
 *
 * @example
 * ```ts
 * if (getLevel(request) <= DEBUG) debug(request, `took ${ms} ms`);
 * ```
 */
export function getLevel(request: unknown): number {
  return storageOf(request)?.level ?? INFO;
}

/**
 * Sets the minimum level recorded for this request; `null` restores the default. False when
 * the request has no message storage (Django's `set_level`).
 *
 * @example
 * ```ts
 * setLevel(request, DEBUG);
 * ```
 */
export function setLevel(request: unknown, level: number | null): boolean {
  const storage = storageOf(request);
  if (!storage) return false;
  storage.level = level;
  return true;
}

type Shortcut = (request: unknown, message: MessageText, options?: AddMessageOptions) => void;

const at =
  (level: number): Shortcut =>
  (request, message, options) =>
    addMessage(request, level, message, options);

/**
 * Adds a `DEBUG` message (recorded only when the level allows it).
 *
 * @example
 * ```ts
 * debug(request, '3 SQL statements were executed.');
 * ```
 */
export const debug: Shortcut = at(DEBUG);

/**
 * Adds an `INFO` message.
 *
 * @example
 * ```ts
 * info(request, 'Three credits remain in your account.');
 * ```
 */
export const info: Shortcut = at(INFO);

/**
 * Adds a `SUCCESS` message.
 *
 * @example
 * ```ts
 * success(request, 'Profile details updated.');
 * ```
 */
export const success: Shortcut = at(SUCCESS);

/**
 * Adds a `WARNING` message.
 *
 * @example
 * ```ts
 * warning(request, 'Your account expires in three days.');
 * ```
 */
export const warning: Shortcut = at(WARNING);

/**
 * Adds an `ERROR` message.
 *
 * @example
 * ```ts
 * error(request, 'Document deleted.');
 * ```
 */
export const error: Shortcut = at(ERROR);
