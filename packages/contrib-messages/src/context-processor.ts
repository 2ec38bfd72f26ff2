import { getMessages } from './api.js';
import { DEFAULT_LEVELS } from './constants.js';

/**
 * Django's `messages` context processor: `messages` (loaded only when the template reads it,
 * marked read only when it iterates them) and `DEFAULT_MESSAGE_LEVELS`.
 *
 * @example
 * ```html
 * {% for message in messages %}<li class="{{ message.tags }}">{{ message }}</li>{% endfor %}
 * ```
 */
export function messagesContextProcessor(request: unknown): {
  messages: PromiseLike<unknown>;
  DEFAULT_MESSAGE_LEVELS: typeof DEFAULT_LEVELS;
} {
  const messages = getMessages(request);
  return {
    // A thenable, not a promise: nothing loads unless the template asks for `messages`.
    messages: {
      then(onFulfilled, onRejected) {
        const ready = Array.isArray(messages)
          ? Promise.resolve(messages)
          : (messages as { ready(): Promise<unknown> }).ready();
        return ready.then(onFulfilled, onRejected);
      },
    },
    DEFAULT_MESSAGE_LEVELS: DEFAULT_LEVELS,
  };
}
