/**
 * The one place the blog tells a reader what an action did: the seed's
 * `messages.success(request, 'Your comment was posted.')` after each action. `MessageMiddleware`
 * stores the text (in the signed `messages` cookie, or the session when it does not fit) until
 * the next page, whose `base.html` lists `messages`.
 *
 * Login and logout have no view of the blog's own (they are Django's auth views), so the blog
 * hears of them through the `userLoggedIn`/`userLoggedOut` signals, connected in `apps.ts`.
 */
import * as messages from '@stack/framework/contrib-messages';
import type { HttpRequest } from '@stack/framework/request';

export type NoticeLevel = 'success' | 'info' | 'warning' | 'error';

export function notify(
  request: HttpRequest,
  level: NoticeLevel,
  text: string,
  options: { failSilently?: boolean } = {},
): void {
  messages[level](request, text, options);
}

// The signals' receivers fail silently: `login()` also runs on requests that never passed
// MessageMiddleware (the test Client's `login()`), where a notice has nowhere to go.

/** Receiver of `userLoggedIn`. */
export function noticeLoggedIn({ request, user }: { request: unknown; user: unknown }): void {
  const name = (user as { username?: string } | null)?.username ?? '';
  notify(request as HttpRequest, 'success', `Welcome back, ${name}.`, { failSilently: true });
}

/** Receiver of `userLoggedOut`. */
export function noticeLoggedOut({ request }: { request: unknown }): void {
  notify(request as HttpRequest, 'info', 'You have been logged out.', {
    failSilently: true,
  });
}
