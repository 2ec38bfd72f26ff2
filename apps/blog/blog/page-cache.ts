/**
 * Evicting `post_detail`'s cached page when the post changes (a comment, a like, an edit), so the
 * next reader sees the change at once instead of after the 15 minutes of `cachePage(60 * 15)`.
 *
 * `cachePage` finds a page through the list of headers it varies on, stored per absolute URL
 * under Django's `views.decorators.cache.cache_header.<prefix>.<md5 of the URL>` key (see
 * @stack/cache's `learnCacheKey`); without that list every variant of the page (each Cookie,
 * each Accept) is a miss, and the next request renders and caches it afresh. The cache is the
 * shared one (Redis on several machines), so this evicts the page for every node.
 */
import { createHash } from 'node:crypto';
import { cache } from '@stack/framework/cache';
import type { Post } from './models.ts';

function headerListKey(absoluteUrl: string): string {
  const url = createHash('md5').update(absoluteUrl).digest('hex');
  return `views.decorators.cache.cache_header..${url}`;
}

/**
 * Forgets every cached variant of the post's page, as addressed from `origin`
 * (`http://localhost:8080`: the scheme and host readers use, since pages are keyed by them).
 */
export async function forgetPostPage(origin: string, post: Post): Promise<void> {
  await cache.delete(headerListKey(`${origin}${post.getAbsoluteUrl()}`));
}

/** The origin a request was made to, as `buildAbsoluteUri()` writes it. */
export function originOf(request: { scheme: string; getHost(): string }): string {
  return `${request.scheme}://${request.getHost()}`;
}

/** The origin of a WebSocket's page (`ws://localhost:8080` → `http://localhost:8080`). */
export function originOfSocket(scope: {
  scheme: string;
  headers: Array<[Uint8Array, Uint8Array]>;
}): string | undefined {
  const decoder = new TextDecoder();
  const host = scope.headers.find(([name]) => decoder.decode(name).toLowerCase() === 'host');
  if (!host) return undefined;
  return `${scope.scheme === 'wss' ? 'https' : 'http'}://${decoder.decode(host[1])}`;
}
