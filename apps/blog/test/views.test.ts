import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { Client, overrideSettings } from '@stack/framework';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox } from '@stack/framework/mail';
import { Comment, Post, Tag } from '../blog/models.ts';
import { csvRow } from '../blog/views/exports.ts';
import { openBlog, type BlogDatabase } from './support.ts';

let blog: BlogDatabase;

beforeAll(async () => {
  blog = await openBlog({ STACK_EMAIL_BACKEND: 'locmem' });
  // Load mysite/urls.ts now, with the blog's own settings (debug on): it is read once, and read
  // first inside the error pages' overrideSettings({ debug: false }) it would keep no media
  // patterns (staticPatterns gives none without debug) for the tests after it.
  await new Client().get('/');
});
afterAll(() => blog?.close());

const titlesOf = (html: string) =>
  [...html.matchAll(/<h2><a href="\/post\/[^"]+\/">([^<]+)<\/a><\/h2>/g)].map((m) => m[1]);

describe('the post list', () => {
  it('shows ten published posts a page, newest first, with three pages in all', async () => {
    const client = new Client();
    const first = await client.get('/');
    expect(first.status).toBe(200);
    expect(first.templates).toContain('blog/post_list.html');
    expect(first.context?.is_paginated).toBe(true);
    expect(titlesOf(first.text)).toHaveLength(10);
    expect(titlesOf(first.text)[0]).toBe('Going deeper into security headers');
    expect(first.text).toContain('Page 1 of 3');
    const last = await client.get('/?page=3');
    expect(titlesOf(last.text)).toHaveLength(10);
    expect(last.text).toContain('rel="prev"');
    expect(last.text).not.toContain('rel="next"');
    expect((await client.get('/?page=4')).status).toBe(404);
    expect((await client.get('/?page=abc')).status).toBe(404);
  });

  it('never lists a draft', async () => {
    const drafts = await Post.objects.filter({ published: false });
    expect(drafts.length).toBe(2);
    const all = [1, 2, 3].map((page) => new Client().get(`/?page=${page}`));
    const titles = (await Promise.all(all)).flatMap((r) => titlesOf(r.text));
    expect(titles).toHaveLength(30);
    for (const draft of drafts) expect(titles).not.toContain(draft.title);
  });

  it('searches titles and contents, case-insensitively', async () => {
    const response = await new Client().get('/', { q: 'MIGRATIONS' });
    expect(titlesOf(response.text).sort()).toEqual([
      'A first look at migrations',
      'Going deeper into migrations',
    ]);
    const byContent = await new Client().get('/', { q: 'demo post number 7:' });
    expect(titlesOf(byContent.text)).toEqual(['A first look at pagination']);
    const none = await new Client().get('/', { q: '<script>alert(1)</script>' });
    expect(none.text).toContain('No posts found.');
    expect(none.text).not.toContain('<script>alert(1)</script>');
    expect(none.text).toContain('&lt;script&gt;');
  });

  it('filters by category slug, and keeps the filter across pages', async () => {
    const response = await new Client().get('/', { category: 'databases' });
    const titles = titlesOf(response.text);
    const expected = await Post.objects
      .filter({ published: true, category__slug: 'databases' })
      .orderBy('-createdAt')
      .valuesList('title', { flat: true });
    expect(titles).toEqual(expected);
    expect(response.text).toContain('aria-current="page">Databases</a>');
    expect((await new Client().get('/', { category: 'nope' })).text).toContain('No posts found.');
  });
});

describe('post_detail', () => {
  it('shows a published post with approved comments only and up to three related posts', async () => {
    const post = await Post.objects.get({ slug: 'a-first-look-at-middleware' });
    const response = await new Client().get('/post/a-first-look-at-middleware/');
    expect(response.status).toBe(200);
    expect(response.templates).toContain('blog/post_detail.html');
    const comments = response.context?.comments as Comment[];
    expect(comments.every((c) => c.approved)).toBe(true);
    expect(comments.length).toBe(await post.comments.filter({ approved: true }).count());
    const hidden = await post.comments.filter({ approved: false }).first();
    if (hidden) expect(response.text).not.toContain(hidden.content);
    const related = response.context?.related_posts as Post[];
    expect(related.length).toBeLessThanOrEqual(3);
    expect(related.every((r) => r.categoryId === post.categoryId && r.pk !== post.pk)).toBe(true);
    expect(response.text).toContain('<h1>A first look at middleware</h1>');
  });

  it('answers JSON to an API client', async () => {
    const response = await new Client().get(
      '/post/a-first-look-at-signals/',
      {},
      {
        headers: { Accept: 'application/json' },
      },
    );
    expect(response.get('Content-Type')).toBe('application/json');
    const data = response.json() as { title: string; author: string; comments: unknown[] };
    expect(data.title).toBe('A first look at signals');
    expect(data.author).toBe('bob');
    expect(Array.isArray(data.comments)).toBe(true);
  });

  it('is a 404 for a draft or a missing slug, and a 405 for other methods', async () => {
    const draft = await Post.objects.filter({ published: false }).first();
    expect((await new Client().get(`/post/${draft!.slug}/`)).status).toBe(404);
    expect((await new Client().get('/post/no-such-post/')).status).toBe(404);
    const put = await new Client().put('/post/a-first-look-at-signals/');
    expect(put.status).toBe(405);
  });
});

describe('the comment form of post_detail', () => {
  const url = '/post/a-first-look-at-templates/';

  it("saves a logged-in reader's comment, approved, and redirects back to the post", async () => {
    const client = new Client();
    await client.login({ username: 'cleo', password: 'cleo-blog-demo' });
    const response = await client.post(url, { content: '  Thanks for the walkthrough!  ' });
    expect(response.status).toBe(302);
    expect(response.get('Location')).toBe(url);
    const post = await Post.objects.get({ slug: 'a-first-look-at-templates' });
    const saved = await post.comments.filter({ content: 'Thanks for the walkthrough!' }).first();
    expect(saved).toMatchObject({ approved: true });
    expect((await saved!.author).username).toBe('cleo');
  });

  it('shows a failed form again with its errors, and saves nothing', async () => {
    const client = new Client();
    await client.login({ username: 'cleo', password: 'cleo-blog-demo' });
    const before = await Comment.objects.count();
    const empty = await client.post(url, { content: '   ' });
    expect(empty.status).toBe(200);
    expect(empty.text).toContain('<ul class="errorlist"><li>This field is required.</li></ul>');
    const long = await client.post(url, { content: 'x'.repeat(2001) });
    expect(long.text).toContain('A comment has at most 2000 characters.');
    const hostile = Object.fromEntries([
      ['__proto__', 'x'],
      ['constructor', 'y'],
    ]);
    const refused = await client.post(url, hostile);
    expect(refused.status).toBe(200);
    expect(refused.text).toContain('This field is required.');
    expect(await Comment.objects.count()).toBe(before);
  });

  it('sends an anonymous reader to the login page', async () => {
    const response = await new Client().post(url, { content: 'Hello' });
    expect(response.status).toBe(302);
    expect(response.get('Location')).toBe(`/accounts/login/?next=${url}`);
  });

  it('refuses a POST without the CSRF token', async () => {
    const client = new Client({ enforceCsrfChecks: true });
    await client.login({ username: 'cleo', password: 'cleo-blog-demo' });
    expect((await client.post(url, { content: 'Hello' })).status).toBe(403);
  });
});

describe('the cache of post_detail (cachePage(60 * 15))', () => {
  it('serves a page from the cache for the next reader, HTML and JSON apart', async () => {
    const url = '/post/a-first-look-at-forms/';
    const first = await new Client().get(url);
    expect(first.get('Cache-Control')).toBe('max-age=900');
    await Post.objects.filter({ slug: 'a-first-look-at-forms' }).update({ title: 'Renamed' });
    const second = await new Client().get(url);
    expect(second.text).toContain('<h1>A first look at forms</h1>');
    expect(second.templates).toEqual([]); // nothing rendered: it came from the cache
    const json = await new Client().get(url, {}, { headers: { Accept: 'application/json' } });
    expect(json.get('Content-Type')).toBe('application/json');
    expect((json.json() as { title: string }).title).toBe('Renamed');
  });

  it('forgets the cached page when a comment is posted or the post is liked', async () => {
    const url = '/post/a-first-look-at-indexes/';
    const reader = new Client();
    const before = await reader.get(url);
    expect(before.templates).toContain('blog/post_detail.html');
    expect((await reader.get(url)).templates).toEqual([]); // cached

    const writer = new Client();
    await writer.login({ username: 'bob', password: 'bob-blog-demo' });
    await writer.post(url, { content: 'Seen at once, not in 15 minutes' });
    const after = await reader.get(url);
    expect(after.templates).toContain('blog/post_detail.html');
    expect(after.text).toContain('Seen at once, not in 15 minutes');

    const count = after.context?.like_count as number;
    await reader.get(url); // cached again
    await writer.post(`${url}like/`);
    const liked = await reader.get(url);
    expect(liked.context?.like_count).not.toBe(count);
  });
});

describe('the messages after each action', () => {
  const messagesOf = (html: string) =>
    [
      ...(/<ul class="messages">(.*?)<\/ul>/s.exec(html)?.[1] ?? '').matchAll(
        /<li class="(\w+)">([^<]*)<\/li>/g,
      ),
    ].map((m) => [m[1], m[2]]);

  it('tells the reader a comment was posted, once, and nobody else', async () => {
    const url = '/post/a-first-look-at-testing/';
    const client = new Client();
    await client.login({ username: 'cleo', password: 'cleo-blog-demo' });
    await client.post(url, { content: 'A message follows this comment' });
    const next = await client.get(url);
    expect(messagesOf(next.text)).toEqual([['success', 'Your comment was posted.']]);
    expect(messagesOf((await client.get(url)).text)).toEqual([]); // shown once
    const stranger = await new Client().get(url); // another reader never gets cleo's page
    expect(messagesOf(stranger.text)).toEqual([]);
    expect(stranger.text).not.toContain('Hello, cleo');
  });

  it('tells the writer a post was saved and updated', async () => {
    const client = new Client();
    await client.login({ username: 'dev', password: 'dev-blog-demo' });
    const created = await client.post('/post/new/', {
      title: 'Messages, a short note',
      content: 'They last one page.',
      published: 'on',
    });
    const page = await client.get(created.get('Location')!);
    expect(messagesOf(page.text)).toEqual([['success', '“Messages, a short note” was saved.']]);
    await client.post('/post/messages-a-short-note/edit/', {
      title: 'Messages, a shorter note',
      content: 'They last one page.',
      published: 'on',
    });
    const edited = await client.get('/post/messages-a-short-note/');
    expect(messagesOf(edited.text)).toEqual([
      ['success', '“Messages, a shorter note” was updated.'],
    ]);
    await (await Post.objects.get({ slug: 'messages-a-short-note' })).delete();
  });

  it('tells a reader who likes a post, on the next page', async () => {
    const client = new Client();
    await client.login({ username: 'ann', password: 'ann-blog-demo' });
    const url = '/post/a-first-look-at-caching/';
    const first = (await client.post(`${url}like/`)).json() as { liked: boolean };
    const text = first.liked ? 'You like' : 'You no longer like';
    expect(messagesOf((await client.get(url)).text)).toEqual([
      ['success', `${text} “A first look at caching”.`],
    ]);
    await client.post(`${url}like/`); // leave the likes as they were
  });

  it('greets a user who logs in and tells them they logged out', async () => {
    const client = new Client();
    const login = await client.post('/accounts/login/', {
      username: 'bob',
      password: 'bob-blog-demo',
    });
    expect(login.status).toBe(302);
    expect(messagesOf((await client.get('/')).text)).toEqual([['success', 'Welcome back, bob.']]);
    const logout = await client.post('/accounts/logout/');
    expect(logout.status).toBe(302);
    expect(messagesOf((await client.get('/')).text)).toEqual([
      ['info', 'You have been logged out.'],
    ]);
  });
});

describe('the featured image', () => {
  // A 1×1 PNG.
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
    'base64',
  );

  it('is uploaded with a new post, stored under posts/<year>/<month>/ and shown from mediaUrl', async () => {
    const client = new Client();
    await client.login({ username: 'dev', password: 'dev-blog-demo' });
    const form = await client.get('/post/new/');
    expect(form.text).toContain('enctype="multipart/form-data"');
    expect(form.text).toMatch(/<label for="id_featuredImage">Featured image:<\/label>/);
    const response = await client.post('/post/new/', {
      title: 'A post with a picture',
      content: 'See above.',
      featuredImage: { name: 'dot.png', content: png, contentType: 'image/png' },
      published: 'on',
    });
    expect(response.status).toBe(302);
    const post = await Post.objects.get({ slug: 'a-post-with-a-picture' });
    const now = new Date();
    const month = String(now.getUTCMonth() + 1).padStart(2, '0');
    expect(post.featuredImage.name).toBe(`posts/${now.getUTCFullYear()}/${month}/dot.png`);
    expect(readFileSync(path.join(blog.dir, 'media', post.featuredImage.name))).toEqual(png);
    const page = await client.get('/post/a-post-with-a-picture/');
    const src = `/media/${post.featuredImage.name}`;
    expect(page.text).toContain(
      `<img class="featured-image" src="${src}" alt="A post with a picture"`,
    );
    // Served in development (debug on) by staticPatterns(mediaUrl, …).
    const image = await client.get(src);
    expect(image.status).toBe(200);
    expect(image.get('Content-Type')).toBe('image/png');
    await post.delete();
  });

  it('refuses a file that is not an image, and keeps the demo posts without one', async () => {
    const client = new Client();
    await client.login({ username: 'dev', password: 'dev-blog-demo' });
    const response = await client.post('/post/new/', {
      title: 'Not a picture',
      content: 'A text file in disguise.',
      featuredImage: { name: 'evil.png', content: '<script>alert(1)</script>' },
      published: 'on',
    });
    expect(response.status).toBe(200);
    expect(response.text).toContain('Upload a valid image.');
    expect(await Post.objects.filter({ slug: 'not-a-picture' }).exists()).toBe(false);
    expect(await Post.objects.exclude({ featuredImage: '' }).count()).toBe(0);
    const page = await new Client().get('/post/a-first-look-at-forms/');
    expect(page.text).not.toContain('featured-image');
  });

  it('does not serve a path out of mediaRoot', async () => {
    for (const bad of [
      '/media/../db.sqlite3',
      '/media/%2e%2e/db.sqlite3',
      '/media/..%5cdb.sqlite3',
    ])
      expect((await new Client().get(bad)).status).toBe(404);
  });
});

describe('PostCreateView and PostUpdateView', () => {
  it('sends an anonymous writer to the login page', async () => {
    const response = await new Client().get('/post/new/');
    expect(response.status).toBe(302);
    expect(response.get('Location')).toBe('/accounts/login/?next=/post/new/');
  });

  it('saves a new post with its slug and author, and mails the editors', async () => {
    const client = new Client();
    await client.login({ username: 'dev', password: 'dev-blog-demo' });
    const form = await client.get('/post/new/');
    expect(form.status).toBe(200);
    expect(form.templates).toContain('blog/post_form.html');
    const tag = await Tag.objects.first();
    const sent = outbox.length;
    const response = await client.post('/post/new/', {
      title: 'Writing views: a field guide!',
      content: 'Function views, class views, and when to use which.',
      tags: String(tag!.pk),
      published: 'on',
    });
    expect(response.status).toBe(302);
    expect(response.get('Location')).toBe('/post/writing-views-a-field-guide/');
    const post = await Post.objects.get({ slug: 'writing-views-a-field-guide' });
    expect((await post.author).username).toBe('dev');
    expect(await post.tags.valuesList('pk', { flat: true })).toEqual([tag!.pk]);
    expect(outbox).toHaveLength(sent + 1);
    expect(outbox.at(-1)).toMatchObject({
      subject: '[Stack] New post: Writing views: a field guide!',
      to: ['editors@example.com'],
    });
    expect(String(outbox.at(-1)!.body)).toContain(
      'http://testserver/post/writing-views-a-field-guide/',
    );
    await post.delete(); // the other tests count the demo posts
  });

  it('keeps the post when the mail server is down', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve)); // nothing listens there now
    await overrideSettings(
      { emailBackend: 'smtp', emailHost: '127.0.0.1', emailPort: port, emailTimeout: 5 },
      async () => {
        const client = new Client();
        await client.login({ username: 'dev', password: 'dev-blog-demo' });
        const response = await client.post('/post/new/', {
          title: 'Saved without a mail server',
          content: 'The editors hear of it later.',
        });
        expect(response.status).toBe(302);
      },
    );
    const post = await Post.objects.get({ slug: 'saved-without-a-mail-server' });
    await post.delete(); // the other tests count the demo posts
  });

  it('shows a failed form again: a title taken, a title with no letters, missing content', async () => {
    const client = new Client();
    await client.login({ username: 'dev', password: 'dev-blog-demo' });
    const before = await Post.objects.count();
    const taken = await client.post('/post/new/', {
      title: 'A first look at Forms',
      content: 'Again.',
    });
    expect(taken.status).toBe(200);
    expect(taken.text).toContain('A post with this title exists already.');
    const symbols = await client.post('/post/new/', { title: '!!!', content: 'x' });
    expect(symbols.text).toContain('The title needs a letter or a digit');
    const reserved = await client.post('/post/new/', { title: 'New', content: 'x' });
    expect(reserved.text).toContain('A post with this title exists already.');
    const empty = await client.post('/post/new/', { title: 'Something', content: '' });
    expect(empty.text).toContain('This field is required.');
    expect(await Post.objects.count()).toBe(before);
  });

  it('lets the author edit a post, keeping its address, and nobody else', async () => {
    const post = await Post.objects.filter({ author__username: 'ann', published: true }).first();
    const author = new Client();
    await author.login({ username: 'ann', password: 'ann-blog-demo' });
    const form = await author.get(`/post/${post!.slug}/edit/`);
    expect(form.status).toBe(200);
    expect(form.text).toContain(`value="${post!.title}"`);
    const saved = await author.post(`/post/${post!.slug}/edit/`, {
      title: 'A new title',
      content: post!.content,
      published: 'on',
    });
    expect(saved.status).toBe(302);
    expect(saved.get('Location')).toBe(`/post/${post!.slug}/`);
    expect((await Post.objects.get({ pk: post!.pk })).title).toBe('A new title');
    await Post.objects.filter({ pk: post!.pk }).update({ title: post!.title }); // as the others expect
    const other = new Client();
    await other.login({ username: 'bob', password: 'bob-blog-demo' });
    expect((await other.get(`/post/${post!.slug}/edit/`)).status).toBe(404);
    expect(
      (await other.post(`/post/${post!.slug}/edit/`, { title: 'x', content: 'x' })).status,
    ).toBe(404);
  });
});

describe('PostDetailView', () => {
  it('counts each view in the database', async () => {
    const post = await Post.objects.get({ slug: 'a-first-look-at-caching' });
    const client = new Client();
    const response = await client.get(`/p/${post.pk}/`);
    expect(response.status).toBe(200);
    expect(response.context?.post).toMatchObject({ views: post.views + 1 });
    await client.get(`/p/${post.pk}/`);
    await post.refreshFromDb();
    expect(post.views).toBe((await Post.objects.get({ pk: post.pk })).views);
    expect(post.views).toBeGreaterThanOrEqual(2);
  });

  it('is a 404 for a draft', async () => {
    const draft = await Post.objects.filter({ published: false }).first();
    expect((await new Client().get(`/p/${draft!.pk}/`)).status).toBe(404);
  });
});

describe('like_post', () => {
  it('sends an anonymous user to log in', async () => {
    const response = await new Client().post('/post/a-first-look-at-signals/like/');
    expect(response.status).toBe(302);
    expect(response.get('Location')).toBe(
      '/accounts/login/?next=/post/a-first-look-at-signals/like/',
    );
  });

  it('toggles the like of a logged-in user and answers the count', async () => {
    const client = new Client();
    expect(await client.login({ username: 'dev', password: 'dev-blog-demo' })).toBe(true);
    const post = await Post.objects.get({ slug: 'a-first-look-at-sessions' });
    const before = await post.likes.count();
    const liked = await client.post('/post/a-first-look-at-sessions/like/');
    expect(liked.json()).toEqual({ liked: true, likes: before + 1 });
    const unliked = await client.post('/post/a-first-look-at-sessions/like/');
    expect(unliked.json()).toEqual({ liked: false, likes: before });
    expect((await client.get('/post/a-first-look-at-sessions/like/')).status).toBe(405);
  });

  it('refuses a POST without the CSRF token', async () => {
    const client = new Client({ enforceCsrfChecks: true });
    expect(await client.login({ username: 'dev', password: 'dev-blog-demo' })).toBe(true);
    const response = await client.post('/post/a-first-look-at-sessions/like/');
    expect(response.status).toBe(403);
  });
});

describe('statistics', () => {
  it('shows the aggregates, the per-category counts, the most read posts and the authors', async () => {
    const response = await new Client().get('/statistics/');
    expect(response.status).toBe(200);
    const totals = response.context?.totals as { total_posts: number; total_views: number };
    expect(totals.total_posts).toBe(30);
    const views = await Post.objects
      .filter({ published: true })
      .valuesList('views', { flat: true });
    expect(totals.total_views).toBe(views.reduce((a, b) => a + b, 0));
    const authors = response.context?.authors as { username: string; num_posts: number }[];
    expect(authors.map((a) => [a.username, Number(a.num_posts)]).sort()).toEqual([
      ['ann', 8],
      ['bob', 8],
      ['cleo', 8],
      ['dev', 6],
    ]);
    expect((response.context?.popular_posts as Post[]).length).toBe(5);
  });
});

describe('downloads', () => {
  it('streams every published post as CSV', async () => {
    const response = await new Client().get('/export/posts.csv');
    expect(response.status).toBe(200);
    expect(response.streaming).toBe(true);
    expect(response.get('Content-Type')).toBe('text/csv');
    expect(response.get('Content-Disposition')).toBe('attachment; filename="posts.csv"');
    const lines = response.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('title,slug,author,category,created_at,views');
    expect(lines).toHaveLength(31);
  });

  it('quotes CSV values as Python’s csv module does', () => {
    expect(csvRow(['a', 'b,c', 'say "hi"', null, 3])).toBe('a,"b,c","say ""hi""",,3\r\n');
    expect(csvRow(['line\nbreak'])).toBe('"line\nbreak"\r\n');
  });

  it('sends one post as a text file attachment', async () => {
    const response = await new Client().get('/post/a-first-look-at-signals/download/');
    expect(response.status).toBe(200);
    expect(response.get('Content-Disposition')).toBe(
      'attachment; filename="a-first-look-at-signals.txt"',
    );
    expect(response.text).toMatch(/^A first look at signals\nby bob, /);
  });
});

describe('error pages with debug off', () => {
  it('renders 404.html for a browser and JSON for an API client', async () => {
    await overrideSettings({ debug: false, allowedHosts: ['testserver'] }, async () => {
      const page = await new Client().get('/post/missing/');
      expect(page.status).toBe(404);
      expect(page.text).toContain('<h1>Page not found</h1>');
      expect(page.text).toContain('<html lang="en">');
      const api = await new Client().get(
        '/nowhere/',
        {},
        { headers: { Accept: 'application/json' } },
      );
      expect(api.status).toBe(404);
      expect(api.json()).toEqual({ error: 'Not found' });
    });
  });
});

describe('the seed middleware', () => {
  it('logs each request and adds X-Response-Time', async () => {
    blog.log.length = 0;
    const response = await new Client().get(
      '/statistics/',
      {},
      { headers: { 'User-Agent': 'vitest' } },
    );
    expect(response.get('X-Response-Time')).toMatch(/^\d+\.\dms$/);
    expect(blog.log).toEqual(['GET /statistics/ 200 "vitest"']);
  });
});
