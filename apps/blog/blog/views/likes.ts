/**
 * The seed's `like_post`: the page's `fetch()` POSTs with the `X-CSRFToken` header (read from
 * the `csrftoken` cookie), and gets JSON back: whether the user now likes the post, and the count.
 */
import { getObjectOr404, requirePost } from '@stack/framework';
import { loginRequired } from '@stack/framework/contrib-auth';
import { JsonResponse, type HttpRequest } from '@stack/framework/request';
import { Post } from '../models.ts';
import { notify } from '../notices.ts';
import { forgetPostPage, originOf } from '../page-cache.ts';

export const likePost = loginRequired(
  requirePost(async function likePost(request: HttpRequest, { slug }: { slug: string }) {
    const post = await getObjectOr404(Post, { slug, published: true });
    const user = await (request as unknown as { user: PromiseLike<{ pk: number }> }).user;
    const liked = await post.likes.filter({ pk: user.pk }).exists();
    if (liked) await post.likes.remove(user.pk);
    else await post.likes.add(user.pk);
    await forgetPostPage(originOf(request), post);
    // The page answers the fetch() itself; the message shows on the next page, as in the seed.
    notify(
      request,
      'success',
      liked ? `You no longer like “${post.title}”.` : `You like “${post.title}”.`,
    );
    return new JsonResponse({ liked: !liked, likes: await post.likes.count() });
  }),
);
