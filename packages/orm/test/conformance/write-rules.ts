import { beforeEach, describe, expect, it } from 'vitest';
import { type ConformanceContext, emptyTables } from './context.js';
import { Author, Post } from './models.js';

/** Django's refusals for update()/delete() and get()'s row cap, for one database. */
export function writeRulesConformance(ctx: () => ConformanceContext): void {
  beforeEach(emptyTables);

  describe('update(), delete() and get() limits', () => {
    it("raises Django's errors for sliced, values() and combined querysets", async () => {
      const ann = await Author.objects.create({ name: 'ann' });
      await Post.objects.create({ title: 'a', author: ann });
      const qs = Post.objects.orderBy('title');
      await expect(qs.slice(0, 1).update({ views: 1 })).rejects.toThrow(
        'Cannot update a query once a slice has been taken.',
      );
      await expect(qs.slice(1).delete()).rejects.toThrow(
        "Cannot use 'limit' or 'offset' with delete().",
      );
      await expect(Post.objects.values('title').delete()).rejects.toThrow(
        'Cannot call delete() after .values() or .values_list()',
      );
      await expect(qs.union(Post.objects.all()).update({ views: 1 })).rejects.toThrow(
        'Calling QuerySet.update() after union() is not supported.',
      );
      await expect(qs.difference(Post.objects.all()).delete()).rejects.toThrow(
        'Calling QuerySet.delete() after difference() is not supported.',
      );
      expect(await Post.objects.count()).toBe(1);
    });

    it('updates and deletes ordered and distinct querysets, as Django does', async () => {
      const ann = await Author.objects.create({ name: 'ann' });
      await Post.objects.create({ title: 'a', author: ann });
      await Post.objects.create({ title: 'b', author: ann });
      expect(await Post.objects.orderBy('-title').distinct().update({ views: 7 })).toBe(2);
      expect(await Post.objects.filter({ views: 7 }).count()).toBe(2);
      const [total] = await Post.objects
        .orderBy('title')
        .distinct()
        .filter({ title: 'a' })
        .delete();
      expect(total).toBe(1);
      expect((await Post.objects.all()).map((p) => p.title)).toEqual(['b']);
    });

    it('fetches at most 21 rows in get() and says "more than 20"', async () => {
      const ann = await Author.objects.create({ name: 'ann' });
      await Post.objects.bulkCreate(
        Array.from({ length: 30 }, (_, i) => new Post({ title: `p${i}`, author: ann })),
      );
      let error: unknown;
      const log = await ctx().queries(async () => {
        error = await Post.objects.get().catch((e: unknown) => e);
      });
      expect(error).toBeInstanceOf(Post.MultipleObjectsReturned);
      expect((error as Error).message).toBe(
        'get() returned more than one Post -- it returned more than 20!',
      );
      expect(log).toHaveLength(1);
      expect(log[0]!.sql).toMatch(/LIMIT 21$/);
      expect(log[0]!.sql).not.toContain('ORDER BY');
      await expect(Post.objects.filter({ title__in: ['p1', 'p2'] }).get()).rejects.toThrow(
        'get() returned more than one Post -- it returned 2!',
      );
      const sliced = await ctx().queries(() =>
        Post.objects
          .orderBy('title')
          .slice(2)
          .get()
          .catch(() => 0),
      );
      expect(sliced[0]!.sql).toMatch(/LIMIT 21 OFFSET 2$/);
    });
  });
}
