/**
 * The one place the blog tells a reader what an action did (the seed's
 * `messages.success(request, 'Your comment was posted.')` after each action); `base.html`
 * already lists `messages`.
 *
 * Hook for @stack/contrib-messages (branch t19): once it is merged, add its
 * `MessageMiddleware` and context processor to settings.ts and make this body
 * `messages.success(request, text)`. Until then the reader sees the result of the action itself
 * (the new comment, the saved post), and nothing is stored.
 */
import type { HttpRequest } from '@stack/framework/request';

export type NoticeLevel = 'success' | 'info' | 'warning' | 'error';

export function notify(_request: HttpRequest, _level: NoticeLevel, _text: string): void {
  // Intentionally empty until @stack/contrib-messages lands (see above).
}
