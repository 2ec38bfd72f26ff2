/**
 * The seed's statistics page: `aggregate` over all posts, `annotate` with `Count` per category,
 * `selectRelated`/`prefetchRelated` for the most read posts, and one `raw` query.
 */
import { render } from '@stack/framework';
import { getUserModel } from '@stack/framework/contrib-auth';
import { Avg, Count, Sum } from '@stack/framework/orm';
import type { HttpRequest } from '@stack/framework/request';
import { Category, Comment, Post } from '../models.ts';

/** Authors by number of published posts: the seed writes this one in SQL. */
const AUTHORS_SQL = `
  SELECT u.id, u.username, COUNT(p.id) AS num_posts
  FROM auth_user u JOIN blog_post p ON p.author_id = u.id
  WHERE p.published = %s
  GROUP BY u.id, u.username
  ORDER BY num_posts DESC, u.username`;

export async function statistics(request: HttpRequest) {
  const published = Post.objects.filter({ published: true });
  const totals = await published.aggregate({
    total_posts: Count('id'),
    total_views: Sum('views'),
    average_views: Avg('views'),
  });
  const categories = Category.objects
    .annotate({ num_posts: Count('posts') })
    .filter({ num_posts__gt: 0 })
    .orderBy('-num_posts', 'name');
  const popular = published
    .selectRelated('author', 'category')
    .prefetchRelated('tags')
    .annotate({ num_likes: Count('likes', { distinct: true }) })
    .orderBy('-views', 'title')
    .slice(0, 5);
  const authors = getUserModel().objects.raw(AUTHORS_SQL, [true]);
  return render(request, 'blog/statistics.html', {
    totals,
    comment_count: await Comment.objects.filter({ approved: true }).count(),
    categories: await categories,
    popular_posts: await popular,
    authors: await authors,
  });
}
