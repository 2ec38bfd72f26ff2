/**
 * The seed's downloads: every published post as CSV, streamed row by row with
 * `StreamingHttpResponse` (the seed's `Echo` pseudo-buffer and `csv.writer`), and one post as a
 * text file through `FileResponse`.
 */
import { Readable } from 'node:stream';
import { getObjectOr404, requireGet } from '@stack/framework';
import { FileResponse, StreamingHttpResponse, type HttpRequest } from '@stack/framework/request';
import { Post } from '../models.ts';

/** One CSV line as Python's `csv.writer` writes it (`\r\n`, quotes only where needed). */
export function csvRow(values: readonly unknown[]): string {
  return (
    values
      .map((value) => {
        const text = value === null || value === undefined ? '' : String(value);
        return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
      })
      .join(',') + '\r\n'
  );
}

async function* postRows(): AsyncGenerator<string> {
  yield csvRow(['title', 'slug', 'author', 'category', 'created_at', 'views']);
  const posts = Post.objects
    .filter({ published: true })
    .selectRelated('author', 'category')
    .orderBy('-createdAt');
  for await (const post of posts) {
    yield csvRow([
      post.title,
      post.slug,
      post.author.username,
      post.category?.name ?? '',
      post.createdAt.toISOString(),
      post.views,
    ]);
  }
}

export const exportPostsCsv = requireGet(function exportPostsCsv(_request: HttpRequest) {
  return new StreamingHttpResponse(postRows(), {
    contentType: 'text/csv',
    headers: { 'Content-Disposition': 'attachment; filename="posts.csv"' },
  });
});

export const downloadPost = requireGet(async function downloadPost(
  _request: HttpRequest,
  { slug }: { slug: string },
) {
  const post = await getObjectOr404(Post.objects.selectRelated('author'), {
    slug,
    published: true,
  });
  const text = `${post.title}\nby ${post.author.username}, ${post.createdAt.toISOString()}\n\n${post.content}\n`;
  const bytes = Buffer.from(text, 'utf8');
  return new FileResponse(Readable.from([bytes]), {
    asAttachment: true,
    filename: `${post.slug}.txt`,
    size: bytes.length,
    contentType: 'text/plain; charset=utf-8',
  });
});
