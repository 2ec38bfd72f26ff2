import { beforeEach, describe, expect, it } from 'vitest';
import { Avg, Count, F, Max, Min, Q, RelatedObjectNotLoaded, Sum } from '../../src/index.js';
import { type ConformanceContext, emptyTables } from './context.js';
import { Author, Comment, Post, Tag } from './models.js';

async function seed() {
  const ann = await Author.objects.create({ name: 'ann' });
  const bob = await Author.objects.create({ name: 'bob' });
  const p1 = await Post.objects.create({
    title: 'Django tips',
    author: ann,
    published: true,
    views: 10,
    price: '1.50',
  });
  const p2 = await Post.objects.create({
    title: 'Kysely',
    body: 'better than django?',
    author: ann,
    views: 5,
    price: '2.25',
  });
  const p3 = await Post.objects.create({
    title: '100% pure_fun\\',
    author: bob,
    published: true,
    views: 1,
  });
  return { ann, bob, p1, p2, p3 };
}

/** Querysets, lookups, relations and aggregates, for one database. */
export function queryConformance(ctx: () => ConformanceContext): void {
  beforeEach(emptyTables);

  describe('filter, exclude and get', () => {
    it('filters with Q objects combined with or (the seed snippet)', async () => {
      await seed();
      const qs = Post.objects.filter(
        Q({ title__icontains: 'django' }).or(Q({ body__icontains: 'django' })),
      );
      expect(String(qs.query)).toContain(' OR ');
      expect((await qs).map((p) => p.title).sort()).toEqual(['Django tips', 'Kysely']);
    });

    it('negates Q objects and excludes rows', async () => {
      await seed();
      expect((await Post.objects.filter(Q({ published: true }).not())).map((p) => p.title)).toEqual(
        ['Kysely'],
      );
      expect(await Post.objects.exclude({ published: true }).count()).toBe(1);
      expect(await Post.objects.filter(Q({ views__gt: 4 }).and({ published: true })).count()).toBe(
        1,
      );
    });

    it('keeps NULL rows in exclude(), as Django does', async () => {
      const { ann } = await seed();
      expect(await Post.objects.exclude({ editor: ann }).count()).toBe(3);
    });

    it('gets one row, or raises the model’s own DoesNotExist / MultipleObjectsReturned', async () => {
      const { p1 } = await seed();
      const post = await Post.objects.get({ id: p1.id });
      expect(post).toBeInstanceOf(Post);
      expect(post.title).toBe('Django tips');
      await expect(Post.objects.get({ title: 'nope' })).rejects.toBeInstanceOf(Post.DoesNotExist);
      await expect(Post.objects.get({ title: 'nope' })).rejects.toMatchObject({ status: 404 });
      await expect(Post.objects.get({ published: true })).rejects.toBeInstanceOf(
        Post.MultipleObjectsReturned,
      );
      await expect(Author.objects.get({ name: 'nope' })).rejects.not.toBeInstanceOf(
        Post.DoesNotExist,
      );
    });

    it('is lazy and immutable: nothing runs until awaited, each call returns a new queryset', async () => {
      await seed();
      const log = await ctx().queries(async () => {
        const base = Post.objects.all();
        const filtered = base.filter({ published: true });
        expect(filtered).not.toBe(base);
        void filtered.orderBy('title');
      });
      expect(log).toHaveLength(0);
      const base = Post.objects.filter({ published: true });
      await base.filter({ views__gt: 5 });
      expect(await base.count()).toBe(2);
    });

    it('caches the rows of an awaited queryset and iterates asynchronously', async () => {
      await seed();
      const qs = Post.objects.orderBy('id');
      const log = await ctx().queries(async () => {
        await qs;
        await qs;
      });
      expect(log).toHaveLength(1);
      const titles: string[] = [];
      for await (const post of qs) titles.push(post.title);
      expect(titles).toHaveLength(3);
    });
  });

  describe('lookups', () => {
    it('matches %, _ and \\ literally in contains/startswith/endswith', async () => {
      await seed();
      expect(await Post.objects.filter({ title__contains: '%' }).count()).toBe(1);
      expect(await Post.objects.filter({ title__contains: '_' }).count()).toBe(1);
      expect(await Post.objects.filter({ title__endswith: '\\' }).count()).toBe(1);
      expect(await Post.objects.filter({ title__startswith: '100%' }).count()).toBe(1);
      expect(await Post.objects.filter({ title__icontains: '%%' }).count()).toBe(0);
      expect(await Post.objects.filter({ title__istartswith: 'DJANGO' }).count()).toBe(1);
      expect(await Post.objects.filter({ title__startswith: 'DJANGO' }).count()).toBe(0);
      expect(await Post.objects.filter({ title__iendswith: 'TIPS' }).count()).toBe(1);
      expect(await Post.objects.filter({ title__contains: 'ips' }).count()).toBe(1);
    });

    it('supports exact, iexact, in, ranges, comparisons and isnull', async () => {
      const { p1, p2 } = await seed();
      expect(await Post.objects.filter({ title__iexact: 'django TIPS' }).count()).toBe(1);
      expect(await Post.objects.filter({ id__in: [p1.id, p2.id] }).count()).toBe(2);
      expect(await Post.objects.filter({ id__in: [] }).count()).toBe(0);
      expect(await Post.objects.filter({ views__range: [2, 10] }).count()).toBe(2);
      expect(await Post.objects.filter({ views__gte: 5, views__lt: 10 }).count()).toBe(1);
      expect(await Post.objects.filter({ editor__isnull: true }).count()).toBe(3);
      expect(await Post.objects.filter({ editor: null }).count()).toBe(3);
      expect(await Post.objects.filter({ price__gt: '1.9' }).count()).toBe(1);
    });

    it('supports in with a subquery', async () => {
      await seed();
      const annIds = Author.objects.filter({ name: 'ann' }).valuesList('id', { flat: true });
      expect(await Post.objects.filter({ author__in: annIds }).count()).toBe(2);
    });

    it('supports regex and iregex', async () => {
      await seed();
      expect(await Post.objects.filter({ title__regex: '^D.*s$' }).count()).toBe(1);
      expect(await Post.objects.filter({ title__iregex: '^kYS' }).count()).toBe(1);
    });

    it('extracts date parts of a datetime in UTC', async () => {
      const { p1 } = await seed();
      await Post.objects
        .filter({ id: p1.id })
        .update({ created: new Date('2024-03-05T23:30:00Z') });
      expect(await Post.objects.filter({ created__year: 2024 }).count()).toBe(1);
      expect(await Post.objects.filter({ created__month: 3, created__day: 5 }).count()).toBe(1);
      expect(await Post.objects.filter({ created__week_day: 3 }).count()).toBe(1); // a Tuesday
      expect(await Post.objects.filter({ created__date: '2024-03-05' }).count()).toBe(1);
      expect(await Post.objects.filter({ created__year__gte: 2025 }).count()).toBe(2);
      expect(
        await Post.objects.filter({ created__lt: new Date('2024-03-06T00:00:00Z') }).count(),
      ).toBe(1);
    });

    it('follows relations forward and backward', async () => {
      await seed();
      expect(await Post.objects.filter({ author__name: 'ann' }).count()).toBe(2);
      expect(await Post.objects.filter({ author__name__startswith: 'b' }).count()).toBe(1);
      const withPublished = await Author.objects.filter({ posts__published: true }).distinct();
      expect(withPublished.map((a) => a.name)).toEqual(['ann', 'bob']);
      expect(await Author.objects.filter({ posts__title__icontains: 'kysely' }).count()).toBe(1);
    });

    it('compares columns with F expressions', async () => {
      const { p1 } = await seed();
      await Post.objects.filter({ id: p1.id }).update({ views: F('views').add(5) });
      expect((await Post.objects.get({ id: p1.id })).views).toBe(15);
      expect(await Post.objects.filter({ views__lte: F('views') }).count()).toBe(3);
      expect(await Post.objects.filter({ views__lt: F('views') }).count()).toBe(0);
    });
  });

  describe('annotate and aggregate', () => {
    it('annotates a count and filters on it (the seed snippet)', async () => {
      await seed();
      const authors = await Author.objects
        .annotate({ numPosts: Count('posts') })
        .filter({ numPosts__gt: 1 });
      expect(authors.map((a) => [a.name, a.numPosts])).toEqual([['ann', 2]]);
      const all = await Author.objects.annotate({ numPosts: Count('posts') }).orderBy('-numPosts');
      expect(all.map((a) => a.numPosts)).toEqual([2, 1]);
    });

    it('counts distinct values', async () => {
      const { p1, ann, bob } = await seed();
      await Comment.objects.create({ post: p1, author: bob, text: 'a' });
      await Comment.objects.create({ post: p1, author: bob, text: 'b' });
      const [author] = await Author.objects.filter({ id: ann.id }).annotate({
        commenters: Count('posts__comments__author', { distinct: true }),
        numComments: Count('posts__comments'),
      });
      expect(author?.commenters).toBe(1);
      expect(author?.numComments).toBe(2);
    });

    it('aggregates Count, Sum, Avg, Min and Max', async () => {
      await seed();
      const result = await Post.objects.aggregate({
        n: Count('id'),
        total: Sum('views'),
        avg: Avg('views'),
        low: Min('views'),
        high: Max('views'),
      });
      expect(result).toEqual({ n: 3, total: 16, avg: 16 / 3, low: 1, high: 10 });
      expect(
        await Post.objects
          .filter({ title: 'none' })
          .aggregate({ n: Count('id'), total: Sum('views') }),
      ).toEqual({ n: 0, total: null });
    });

    it('aggregates over an annotated queryset', async () => {
      await seed();
      const result = await Author.objects
        .annotate({ numPosts: Count('posts') })
        .aggregate({ most: Max('numPosts') });
      expect(result.most).toBe(2);
    });
  });

  describe('relations without N+1 queries', () => {
    it('selectRelated loads foreign keys in one JOINed query', async () => {
      await seed();
      let names: string[] = [];
      const log = await ctx().queries(async () => {
        const posts = await Post.objects.selectRelated('author').orderBy('id');
        names = posts.map((p) => p.author.name);
      });
      expect(names).toEqual(['ann', 'ann', 'bob']);
      expect(log).toHaveLength(1);
      expect(log[0]?.sql).toContain('LEFT JOIN');
    });

    it('prefetchRelated runs one query per relation, nested', async () => {
      const { p1, p2, ann, bob } = await seed();
      await Comment.objects.create({ post: p1, author: bob, text: 'a' });
      await Comment.objects.create({ post: p2, author: ann, text: 'b' });
      const tag = await Tag.objects.create({ name: 'orm' });
      await p1.tags.add(tag);
      let seen: string[] = [];
      const log = await ctx().queries(async () => {
        const posts = await Post.objects.prefetchRelated('comments__author', 'tags').orderBy('id');
        seen = [];
        for (const post of posts) {
          for (const c of await post.comments.all()) seen.push(`${post.title}:${c.author.name}`);
          for (const t of await post.tags.all()) seen.push(`${post.title}#${t.name}`);
        }
      });
      expect(seen).toEqual(['Django tips:bob', 'Django tips#orm', 'Kysely:ann']);
      expect(log).toHaveLength(4);
    });

    it('loads a foreign key that was not selected on await, and refuses a synchronous read', async () => {
      const { p1 } = await seed();
      const post = await Post.objects.get({ id: p1.id });
      // Not loaded: reading through it is a clear error, never undefined.
      expect(() => post.author.name).toThrow(RelatedObjectNotLoaded);
      expect(() => post.author.name).toThrow(/await post\.author.*selectRelated\('author'\)/);
      const log = await ctx().queries(async () => {
        const [a, b] = await Promise.all([post.author, post.author]);
        expect(a).toBe(b); // one load, however many waiters
        expect(a.name).toBe('ann');
      });
      expect(log).toHaveLength(1);
      // Loaded now: synchronous, and awaiting it again runs nothing.
      expect(post.author.name).toBe('ann');
      expect(await ctx().queries(async () => (await post.author).name)).toHaveLength(0);
      // A NULL foreign key is null at once; the typed fetchRelated() form also works.
      expect(post.editor).toBeNull();
      expect((await post.fetchRelated('author')).name).toBe('ann');
    });

    it('gives reverse-manager rows their parent, and related create() its instance', async () => {
      const { ann } = await seed();
      const author = await Author.objects.get({ pk: ann.pk });
      const log = await ctx().queries(async () => {
        for (const post of await author.posts.all()) expect(post.author).toBe(author);
        const created = await author.posts.create({ title: 'New' });
        expect(created.author).toBe(author);
      });
      expect(log).toHaveLength(2); // the SELECT and the INSERT
    });
  });

  describe('values, ordering, slicing', () => {
    it('returns typed values and valuesList rows', async () => {
      await seed();
      const rows = await Post.objects.orderBy('id').values('title', 'author__name');
      expect(rows[0]).toEqual({ title: 'Django tips', author__name: 'ann' });
      expect(await Post.objects.orderBy('id').valuesList('views', { flat: true })).toEqual([
        10, 5, 1,
      ]);
      expect(await Post.objects.orderBy('id').valuesList('title', 'views')).toEqual([
        ['Django tips', 10],
        ['Kysely', 5],
        ['100% pure_fun\\', 1],
      ]);
      const named = await Post.objects.orderBy('id').valuesList('title', { named: true });
      expect(named[0]).toEqual({ title: 'Django tips' });
    });

    it('orders by -field, across relations and at random', async () => {
      await seed();
      expect((await Post.objects.orderBy('-views')).map((p) => p.views)).toEqual([10, 5, 1]);
      expect((await Post.objects.orderBy('-author__name', 'views')).map((p) => p.views)).toEqual([
        1, 5, 10,
      ]);
      expect(await Post.objects.orderBy('?')).toHaveLength(3);
      expect((await Post.objects.orderBy('views').reverse()).map((p) => p.views)).toEqual([
        10, 5, 1,
      ]);
    });

    it('slices with LIMIT/OFFSET and takes single rows', async () => {
      await seed();
      const qs = Post.objects.orderBy('views');
      expect((await qs.slice(1, 3)).map((p) => p.views)).toEqual([5, 10]);
      expect((await qs.slice(1)).map((p) => p.views)).toEqual([5, 10]);
      expect((await qs.at(2))?.views).toBe(10);
      expect((await qs.first())?.views).toBe(1);
      expect((await qs.last())?.views).toBe(10);
      expect(await qs.at(9)).toBeUndefined();
      expect((await Post.objects.latest('views')).views).toBe(10);
      expect((await Post.objects.earliest('views')).views).toBe(1);
    });

    it('iterates in chunks', async () => {
      await seed();
      const log = await ctx().queries(async () => {
        const views: number[] = [];
        for await (const post of Post.objects.orderBy('views').iterator(2)) views.push(post.views);
        expect(views).toEqual([1, 5, 10]);
      });
      expect(log).toHaveLength(2);
    });

    it('loads only some fields, or defers some', async () => {
      await seed();
      const [post] = await Post.objects.only('title').orderBy('id');
      expect(post?.title).toBe('Django tips');
      expect((post as unknown as Record<string, unknown>).body).toBeUndefined();
      const [deferred] = await Post.objects.defer('body').orderBy('id');
      expect((deferred as unknown as Record<string, unknown>).body).toBeUndefined();
      expect(deferred?.views).toBe(10);
    });

    it('combines querysets with union, intersection and difference', async () => {
      const { p1, p2, p3 } = await seed();
      const a = Post.objects.filter({ id__in: [p1.id, p2.id] });
      const b = Post.objects.filter({ id__in: [p2.id, p3.id] });
      expect((await a.union(b).orderBy('id')).map((p) => p.id)).toEqual([p1.id, p2.id, p3.id]);
      expect((await a.intersection(b)).map((p) => p.id)).toEqual([p2.id]);
      expect((await a.difference(b)).map((p) => p.id)).toEqual([p1.id]);
    });

    it('counts, tests existence, and maps by primary key', async () => {
      const { p1 } = await seed();
      expect(await Post.objects.count()).toBe(3);
      expect(await Post.objects.filter({ title: 'x' }).exists()).toBe(false);
      expect(await Post.objects.exists()).toBe(true);
      const bulk = await Post.objects.inBulk([p1.id]);
      expect(bulk[String(p1.id)]?.title).toBe('Django tips');
      expect(await Post.objects.none().count()).toBe(0);
    });
  });
}
