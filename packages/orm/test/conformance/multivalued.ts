import { beforeEach, describe, expect, it } from 'vitest';
import { Count, Q } from '../../src/index.js';
import { type ConformanceContext, emptyTables } from './context.js';
import { Author, Comment, Pin, Post, Tag } from './models.js';

/**
 * Django's "Spanning multi-valued relationships", with Author as the blog and Post as the entry
 * (a title containing "Lennon" as the headline, `published` as "from 2008"): ann has a Lennon post
 * and a published post but no published Lennon post; bob has one published Lennon post; cid has
 * neither; dan has no posts at all.
 */
async function seedBlogs() {
  const bob = await Author.objects.create({ name: 'bob' });
  const ann = await Author.objects.create({ name: 'ann' });
  const cid = await Author.objects.create({ name: 'cid' });
  await Author.objects.create({ name: 'dan' });
  await Post.objects.create({ title: 'Lennon at 40', author: ann, published: false });
  await Post.objects.create({ title: 'Beatles news', author: ann, published: true });
  await Post.objects.create({ title: 'Lennon live', author: bob, published: true });
  await Post.objects.create({ title: 'Other', author: cid, published: false });
  return { ann, bob, cid };
}

const names = async (qs: PromiseLike<Array<{ name: string }>>) =>
  [...new Set((await qs).map((a) => a.name))].sort();

/** Many-valued relations, FK ordering and bulkUpdate, for one database. */
export function multiValuedConformance(ctx: () => ConformanceContext): void {
  beforeEach(emptyTables);

  describe('spanning multi-valued relationships', () => {
    it('matches one related row for conditions inside one filter() call', async () => {
      await seedBlogs();
      const qs = Author.objects.filter({
        posts__title__contains: 'Lennon',
        posts__published: true,
      });
      expect(await names(qs)).toEqual(['bob']);
      const q = Author.objects.filter(
        Q<Author>({ posts__title__contains: 'Lennon' }),
        Q<Author>({ posts__published: true }),
      );
      expect(await names(q)).toEqual(['bob']);
    });

    it('lets each filter() call match a different related row', async () => {
      await seedBlogs();
      const qs = Author.objects
        .filter({ posts__title__contains: 'Lennon' })
        .filter({ posts__published: true });
      expect(await names(qs)).toEqual(['ann', 'bob']);
      expect((String(qs.query).match(/JOIN "conf_post"/g) ?? []).length).toBe(2);
    });

    it('needs two filter() calls to find rows with two different related tags', async () => {
      const { ann } = await seedBlogs();
      const [python, django] = await Tag.objects.bulkCreate([
        new Tag({ name: 'python' }),
        new Tag({ name: 'django' }),
      ]);
      const one = await Post.objects.create({ title: 'one', author: ann });
      const both = await Post.objects.create({ title: 'both', author: ann });
      await one.tags.add(python!);
      await both.tags.add(python!, django!);
      const chained = Post.objects
        .filter({ tags__name: 'python' })
        .filter({ tags__name: 'django' });
      expect((await chained).map((p) => p.title)).toEqual(['both']);
      const sameRow = Post.objects.filter({ tags__name: 'python' }, { tags__name: 'django' });
      expect(await sameRow).toEqual([]);
    });

    it('excludes rows having any related row that matches (a subquery, not a JOIN)', async () => {
      await seedBlogs();
      const qs = Author.objects.exclude({ posts__title__contains: 'Lennon' });
      expect(qs.query.sql).toMatch(/NOT \("conf_author"\."id" IN \(SELECT /);
      expect(await names(qs)).toEqual(['cid', 'dan']);
      expect(await qs.count()).toBe(2);
      // The same shape again (from the compiled-SQL cache) with another value.
      const other = Author.objects.exclude({ posts__title__contains: 'Other' });
      expect(await names(other)).toEqual(['ann', 'bob', 'dan']);
      expect(await names(Author.objects.exclude({ posts__isnull: true }))).toEqual([
        'ann',
        'bob',
        'cid',
      ]);
      expect(await names(Author.objects.exclude({ posts__isnull: false }))).toEqual(['dan']);
      // The compiled-SQL cache keeps IS NULL and IS NOT NULL apart.
      expect(await Post.objects.filter({ editor__isnull: true }).count()).toBe(4);
      expect(await Post.objects.filter({ editor__isnull: false }).count()).toBe(0);
      const titles = (set: Set<string>) => Post.objects.filter(Q({ title__in: set })).count();
      expect(await titles(new Set(['Other', 'Lennon live']))).toBe(2);
      expect(await titles(new Set(['Other', 'Lennon live', 'Beatles news']))).toBe(3);
    });

    it('lets the conditions of one exclude() call refer to different related rows', async () => {
      await seedBlogs();
      // Django's documented difference from filter(): ann is excluded too.
      const qs = Author.objects.exclude({
        posts__title__contains: 'Lennon',
        posts__published: true,
      });
      expect(await names(qs)).toEqual(['cid', 'dan']);
      const sameRow = Author.objects.exclude({
        posts__in: Post.objects.filter({ title__contains: 'Lennon', published: true }),
      });
      expect(await names(sameRow)).toEqual(['ann', 'cid', 'dan']);
    });

    it('uses the subquery for negated Q objects and many-to-many in both directions', async () => {
      const { ann, bob } = await seedBlogs();
      expect(
        await names(Author.objects.filter(Q<Author>({ posts__published: true }).not())),
      ).toEqual(['cid', 'dan']);
      const [python] = await Tag.objects.bulkCreate([
        new Tag({ name: 'python' }),
        new Tag({ name: 'go' }),
      ]);
      const tagged = await Post.objects.create({ title: 'tagged', author: ann });
      await tagged.tags.add(python!);
      await Post.objects.create({ title: 'untagged', author: bob });
      const notPython = await Post.objects.exclude({ tags__name: 'python' });
      expect(notPython.map((p) => p.title)).not.toContain('tagged');
      expect(notPython.map((p) => p.title)).toContain('untagged');
      expect(notPython).toHaveLength((await Post.objects.count()) - 1);
      expect((await Tag.objects.exclude({ posts__title: 'tagged' })).map((t) => t.name)).toEqual([
        'go',
      ]);
    });

    it('keeps the rows of an exclude() across a relation reached through a ForeignKey', async () => {
      const { ann, bob } = await seedBlogs();
      const post = await Post.objects.get({ title: 'Lennon live' });
      await Comment.objects.create({ post, author: ann, text: 'spam', approved: false });
      await Comment.objects.create({ post, author: bob, text: 'fine', approved: true });
      // Comments whose post's author has no unpublished posts: bob's only.
      const qs = Comment.objects.exclude(Q({ post__author__posts__published: false }));
      expect((await qs).map((c) => c.text).sort()).toEqual(['fine', 'spam']);
      await Post.objects.create({ title: 'draft', author: bob, published: false });
      expect(await qs.all().count()).toBe(0);
    });

    it('updates and counts through the subquery', async () => {
      await seedBlogs();
      const changed = await Author.objects
        .exclude({ posts__title__contains: 'Lennon' })
        .update({ email: 'quiet@example.com' });
      expect(changed).toBe(2);
      expect(await names(Author.objects.filter({ email: 'quiet@example.com' }))).toEqual([
        'cid',
        'dan',
      ]);
    });

    it('restricts an annotation by a filter() on the same relation, as Django does', async () => {
      await seedBlogs();
      const rows = await Author.objects
        .filter({ posts__published: true })
        .annotate({ n: Count('posts') })
        .orderBy('name');
      expect(rows.map((a) => [a.name, a.n])).toEqual([
        ['ann', 1],
        ['bob', 1],
      ]);
    });
    it('does not restrict an annotation by a filter() that follows it', async () => {
      await seedBlogs();
      const rows = await Author.objects
        .annotate({ n: Count('posts') })
        .filter({ posts__published: true })
        .orderBy('name');
      // ann has two posts (one published): the count is over all of them.
      expect(rows.map((a) => [a.name, a.n])).toEqual([
        ['ann', 2],
        ['bob', 1],
      ]);
    });
  });

  describe('ordering by a ForeignKey', () => {
    it("orders by the related model's Meta.ordering, reversed by '-'", async () => {
      const { ann, bob, cid } = await seedBlogs();
      void ann;
      void bob;
      void cid;
      // Authors were created bob, ann, cid: pk order differs from name order.
      const byAuthor = await Post.objects.orderBy('author', 'title');
      expect(byAuthor.map((p) => p.title)).toEqual([
        'Beatles news',
        'Lennon at 40',
        'Lennon live',
        'Other',
      ]);
      const desc = await Post.objects.orderBy('-author', 'title');
      expect(desc.map((p) => p.title)).toEqual([
        'Other',
        'Lennon live',
        'Beatles news',
        'Lennon at 40',
      ]);
      const byId = await Post.objects.orderBy('authorId', 'title');
      expect(byId[0]!.title).toBe('Lennon live');
    });

    it("follows the related model's ordering through another ForeignKey", async () => {
      const { ann } = await seedBlogs();
      const first = await Post.objects.get({ title: 'Lennon at 40' });
      const second = await Post.objects.get({ title: 'Beatles news' });
      await Comment.objects.create({ post: first, author: ann, text: 'on first' });
      await Comment.objects.create({ post: second, author: ann, text: 'on second' });
      // Post orders by -id: the later post's comment comes first.
      const comments = await Comment.objects.orderBy('post');
      expect(comments.map((c) => c.text)).toEqual(['on second', 'on first']);
    });

    it('falls back to the primary key when the related model has no ordering', async () => {
      const [b, a] = await Tag.objects.bulkCreate([new Tag({ name: 'b' }), new Tag({ name: 'a' })]);
      await Pin.objects.create({ tag: a!, note: 'on a' });
      await Pin.objects.create({ tag: b!, note: 'on b' });
      const qs = Pin.objects.orderBy('tag');
      expect(qs.query.sql).toMatch(/ORDER BY "conf_pin"\."tag_id" ASC$/);
      expect((await qs).map((p) => p.note)).toEqual(['on b', 'on a']);
      expect((await Pin.objects.orderBy('-tag')).map((p) => p.note)).toEqual(['on a', 'on b']);
    });
  });

  describe('bulkUpdate', () => {
    it('issues one UPDATE … CASE WHEN per batch', async () => {
      const { ann, bob } = await seedBlogs();
      const posts = await Post.objects.orderBy('title');
      posts.forEach((p, i) => {
        p.views = 100 + i;
        p.price = `${i}.50`;
        p.editor = i % 2 === 0 ? ann : bob;
      });
      posts[0]!.editor = null;
      const log = await ctx().queries(async () => {
        expect(await Post.objects.bulkUpdate(posts, ['views', 'price', 'editor'])).toBe(4);
      });
      const updates = log.filter((q) => q.sql.startsWith('UPDATE'));
      expect(updates).toHaveLength(1);
      expect(updates[0]!.sql).toContain('CASE WHEN');
      const fresh = await Post.objects.orderBy('title');
      expect(fresh.map((p) => [p.views, p.price, p.editorId])).toEqual([
        [100, '0.50', null],
        [101, '1.50', bob.pk],
        [102, '2.50', ann.pk],
        [103, '3.50', bob.pk],
      ]);
    });

    it('splits the objects into batches of batchSize', async () => {
      await seedBlogs();
      const posts = await Post.objects.all();
      for (const p of posts) p.title = `${p.title}!`;
      const log = await ctx().queries(() =>
        Post.objects.bulkUpdate(posts, ['title'], { batchSize: 3 }),
      );
      expect(log.filter((q) => q.sql.startsWith('UPDATE'))).toHaveLength(2);
      expect((await Post.objects.all()).every((p) => p.title.endsWith('!'))).toBe(true);
    });

    it('refuses unsaved objects, primary keys and an empty field list', async () => {
      await seedBlogs();
      const posts = await Post.objects.all();
      await expect(Post.objects.bulkUpdate(posts, [])).rejects.toThrow(/Field names must be given/);
      await expect(Post.objects.bulkUpdate(posts, ['id'])).rejects.toThrow(/cannot update 'id'/);
      await expect(Post.objects.bulkUpdate([new Post({ title: 'x' })], ['title'])).rejects.toThrow(
        /primary key set/,
      );
      await expect(Post.objects.bulkUpdate(posts, ['title'], { batchSize: 0 })).rejects.toThrow(
        /positive integer/,
      );
      expect(await Post.objects.bulkUpdate([], ['title'])).toBe(0);
    });
  });
}
