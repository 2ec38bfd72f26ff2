import { beforeEach, describe, expect, it } from 'vitest';
import { FieldError } from '../../src/index.js';
import { emptyTables } from './context.js';
import { Author, Post } from './models.js';

async function seed() {
  const ann = await Author.objects.create({ name: 'ann' });
  const bob = await Author.objects.create({ name: 'bob' });
  await Post.objects.create({ title: 'Django tips', author: ann, published: true });
  await Post.objects.create({ title: 'Kysely', author: ann });
  await Post.objects.create({ title: 'Other', author: bob, published: true });
}

/** Raw SQL, and hostile input as values, keys and orderBy names, for one database. */
export function safetyConformance(): void {
  beforeEach(emptyTables);

  describe('raw SQL and safety', () => {
    it('runs raw SQL with bound parameters', async () => {
      await seed();
      const posts = await Post.objects.raw('SELECT * FROM conf_post WHERE title = %s', ['Kysely']);
      expect(posts.map((p) => p.title)).toEqual(['Kysely']);
      expect(posts[0]).toBeInstanceOf(Post);
      const hostile = await Post.objects.raw('SELECT * FROM conf_post WHERE title = %s', [
        "x' OR '1'='1",
      ]);
      expect(hostile).toEqual([]);
    });

    it('binds injection strings as values', async () => {
      await seed();
      const evil = "'; DROP TABLE conf_post; --";
      expect(await Post.objects.filter({ title: evil }).count()).toBe(0);
      expect(await Post.objects.filter({ title__icontains: evil }).count()).toBe(0);
      await Post.objects.create({ title: evil, author: await Author.objects.get({ name: 'ann' }) });
      expect((await Post.objects.get({ title: evil })).title).toBe(evil);
      expect(await Post.objects.count()).toBe(4);
    });

    it('refuses unknown keys, including injection attempts and prototype keys', async () => {
      await seed();
      expect(() =>
        String(Post.objects.filter({ ['title = 1 OR 1=1 --']: 'x' } as never).query),
      ).toThrow(FieldError);
      const hostile = JSON.parse('{"__proto__": {"published": true}, "title": "Kysely"}') as Record<
        string,
        unknown
      >;
      await expect(Post.objects.filter(hostile as never).count()).rejects.toThrow(FieldError);
      const constructorKey = JSON.parse('{"constructor": "x"}') as Record<string, unknown>;
      await expect(Post.objects.filter(constructorKey as never).count()).rejects.toThrow(
        FieldError,
      );
    });

    it('cannot change how conditions join through spread user input', async () => {
      await seed();
      const user = JSON.parse('{"title": "Kysely", "OR": true, "__proto__": {"x": 1}}') as Record<
        string,
        unknown
      >;
      await expect(
        Post.objects.filter({ published: true, ...(user as object) } as never).count(),
      ).rejects.toThrow(FieldError);
      const safe = JSON.parse('{"title": "Kysely"}') as Record<string, unknown>;
      expect(
        await Post.objects.filter({ published: true, ...(safe as object) } as never).count(),
      ).toBe(0);
    });

    it('checks orderBy names from user input against the model', async () => {
      await seed();
      expect(() => Post.objects.orderBy('title; DROP TABLE conf_post' as never)).toThrow(
        FieldError,
      );
      expect(() => String(Post.objects.orderBy('nosuchfield' as never).query)).toThrow(FieldError);
      expect(() => Post.objects.orderBy('-' as never)).toThrow(FieldError);
      expect(await Post.objects.count()).toBe(3);
    });
  });
}
