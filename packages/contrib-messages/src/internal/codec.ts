import { isSafe, markSafe } from '@stack/utils';
import type { Message, MessageText } from '../message.js';

/** Django's marker of a serialized message inside the JSON list. */
export const MESSAGE_KEY = '__json_message';
/** The last item of a cookie that could not hold every message (Django's `not_finished`). */
export const NOT_FINISHED = '__messagesnotfinished__';

/** Django's `MessageEncoder` shape: `['__json_message', safe, level, text, extraTags?]`. */
export function encodeMessage(message: Message): unknown[] {
  const item: unknown[] = [MESSAGE_KEY, isSafe(message.message) ? 1 : 0, message.level];
  item.push(String(message.message));
  if (message.extraTags) item.push(message.extraTags);
  return item;
}

/** Builds a message; the storage passes its own factory so the level tags follow the settings. */
export type MessageFactory = (
  level: number,
  text: MessageText,
  extraTags: string | null,
) => Message;

const MAX_MESSAGES = 10_000;

/**
 * The messages of a decoded JSON list, with the `not_finished` marker allowed last; null for
 * anything else. Django decodes any nested JSON and fails later on odd shapes; here a value
 * that is not exactly what Stack or Django writes is refused whole, so forged data never
 * reaches a template.
 */
export function decodeMessages(
  data: unknown,
  make: MessageFactory,
): { messages: Message[]; finished: boolean } | null {
  if (!Array.isArray(data) || data.length > MAX_MESSAGES) return null;
  const finished = data.at(-1) !== NOT_FINISHED;
  const items = finished ? data : data.slice(0, -1);
  const messages: Message[] = [];
  for (const item of items) {
    const message = decodeOne(item, make);
    if (!message) return null;
    messages.push(message);
  }
  return { messages, finished };
}

function decodeOne(item: unknown, make: MessageFactory): Message | null {
  if (!Array.isArray(item) || item.length < 4 || item.length > 5) return null;
  const [key, safe, level, text, extraTags = null] = item as unknown[];
  if (key !== MESSAGE_KEY || (safe !== 0 && safe !== 1)) return null;
  if (!Number.isSafeInteger(level) || typeof text !== 'string') return null;
  if (extraTags !== null && typeof extraTags !== 'string') return null;
  return make(level as number, safe === 1 ? markSafe(text) : text, extraTags);
}
