/**
 * The seed's post views: the paginated list with search and a category filter, the function
 * `post_detail` (HTML or JSON), and the class-based `PostDetailView` with its three overrides.
 */
import {
  DetailView,
  ListView,
  getObjectOr404,
  redirect,
  render,
  requireHttpMethods,
} from '@stack/framework';
import { cachePage, varyOnHeaders } from '@stack/framework/cache';
import { redirectToLogin } from '@stack/framework/contrib-auth';
import { F, Q } from '@stack/framework/orm';
import { JsonResponse, type HttpRequest } from '@stack/framework/request';
import { announceComment } from '../consumers.ts';
import { CommentForm } from '../forms.ts';
import { Category, Post, type Comment } from '../models.ts';
import { notify } from '../notices.ts';
import { forgetPostPage, originOf } from '../page-cache.ts';

interface AuthUser {
  isAuthenticated: boolean;
  pk: number;
  username: string;
}

/** The seed's `ListView` of published posts: `?q=` searches, `?category=<slug>` filters. */
export class PostListView extends ListView {
  override model = Post;
  override templateName = 'blog/post_list.html';
  override contextObjectName = 'posts';
  override paginateBy = 10;

  override getQueryset() {
    let queryset = Post.objects
      .filter({ published: true })
      .selectRelated('author', 'category')
      .prefetchRelated('tags');
    const GET = this.request.GET as HttpRequest['GET'];
    const q = GET.get('q')?.trim();
    if (q) queryset = queryset.filter(Q({ title__icontains: q }).or(Q({ content__icontains: q })));
    const category = GET.get('category');
    if (category) queryset = queryset.filter({ category__slug: category });
    return queryset.orderBy('-createdAt');
  }

  override async getContextData(extra: Record<string, unknown> = {}) {
    const GET = this.request.GET as HttpRequest['GET'];
    return super.getContextData({
      ...extra,
      categories: await Category.objects.all(),
      q: GET.get('q') ?? '',
      current_category: GET.get('category') ?? '',
    });
  }
}

/** True when an API client asked for JSON (a browser's `*\/*` does not count). */
export function wantsJson(request: HttpRequest): boolean {
  return (request.headers.get('Accept') ?? '').includes('application/json');
}

async function relatedPosts(post: Post): Promise<Post[]> {
  return Post.objects
    .filter({ category: post.categoryId, published: true })
    .exclude({ id: post.id })
    .slice(0, 3);
}

function postJson(post: Post, author: string, comments: { author: string; content: string }[]) {
  return {
    title: post.title,
    slug: post.slug,
    author,
    content: post.content,
    created_at: post.createdAt.toISOString(),
    views: post.views,
    comments,
  };
}

/**
 * The seed's `post_detail` function view: the post with its approved comments, three related
 * posts and the comment form; JSON for API clients. A valid comment is saved, sent live to every
 * reader of the post (on any node), and the reader is redirected back; a failed form is shown
 * again with its errors. GET pages are cached for 15 minutes (`@cache_page(60 * 15)`); a new
 * comment, a like or an edit evicts the post's page (page-cache.ts), so nobody reads it stale.
 */
export const postDetail = cachePage(60 * 15)(
  // The same URL answers HTML or JSON, so a cached page is kept per Accept header; and per
  // Cookie (the seed's cache_page would otherwise hand one reader's page, with their name, their
  // CSRF token and their messages, to the next: SessionMiddleware adds `Vary: Cookie` only
  // after cachePage has stored the page). Readers without cookies share one copy.
  varyOnHeaders(
    'Accept',
    'Cookie',
  )(
    requireHttpMethods(['GET', 'POST'])(async function postDetail(
      request: HttpRequest,
      { slug }: { slug: string },
    ) {
      const post = await getObjectOr404(Post.objects.selectRelated('author', 'category'), {
        slug,
        published: true,
      });
      let commentForm = new CommentForm();
      if (request.method === 'POST') {
        const user = await (request as unknown as { user: PromiseLike<AuthUser> }).user;
        if (!user.isAuthenticated) return redirectToLogin(request.getFullPath());
        commentForm = new CommentForm({ data: request.POST });
        if (await commentForm.isValid()) {
          const comment = await commentForm.save({ commit: false });
          comment.post = post;
          comment.author = user as never;
          comment.approved = true; // the author is known and the text was checked
          await comment.save();
          await forgetPostPage(originOf(request), post);
          await announceComment(comment, user.username);
          notify(request, 'success', 'Your comment was posted.');
          return redirect(post.getAbsoluteUrl());
        }
      }
      const comments = await post.comments.filter({ approved: true }).selectRelated('author');
      const related = await relatedPosts(post);
      if (wantsJson(request)) {
        return new JsonResponse(
          postJson(
            post,
            post.author.username,
            comments.map((c) => ({ author: c.author.username, content: c.content })),
          ),
        );
      }
      return render(request, 'blog/post_detail.html', {
        post,
        ...(await detailContext(request, post, comments, related)),
        comment_form: commentForm,
      });
    }),
  ),
);

/** What the detail page shows besides the post, for both detail views. */
async function detailContext(
  request: HttpRequest,
  post: Post,
  comments?: Comment[],
  related?: Post[],
) {
  return {
    comments: comments ?? (await post.comments.filter({ approved: true }).selectRelated('author')),
    related_posts: related ?? (await relatedPosts(post)),
    like_count: await post.likes.count(),
    comment_form: new CommentForm(),
    liked: await likedBy(request, post),
  };
}

async function likedBy(request: HttpRequest, post: Post): Promise<boolean> {
  const user = await (
    request as unknown as { user: PromiseLike<{ isAuthenticated: boolean; pk: unknown }> }
  ).user;
  return user.isAuthenticated && (await post.likes.filter({ pk: user.pk as number }).exists());
}

/**
 * The seed's `PostDetailView`: only published posts (`getQueryset`), comments and related posts
 * in the context (`getContextData`), and each view counted (`getObject`, with `F('views') + 1`
 * so two readers at once both count).
 */
export class PostDetailView extends DetailView {
  override model = Post;
  override templateName = 'blog/post_detail.html';
  override contextObjectName = 'post';

  override getQueryset() {
    return Post.objects.filter({ published: true }).selectRelated('author', 'category');
  }

  override async getContextData(extra: Record<string, unknown> = {}) {
    const post = this.object as Post;
    return super.getContextData({
      ...extra,
      ...(await detailContext(this.request as HttpRequest, post)),
    });
  }

  override async getObject(queryset?: unknown) {
    const post = (await super.getObject(queryset)) as Post;
    await Post.objects.filter({ pk: post.pk }).update({ views: F('views').add(1) });
    post.views += 1;
    return post;
  }
}
