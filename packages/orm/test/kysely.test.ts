import { expressionBuilder, sql, type Generated } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CASCADE,
  CharField,
  ForeignKey,
  IntegerField,
  IntegrityError,
  SchemaEditor,
  TransactionManagementError,
  atomic,
  connections,
  defineModel,
} from '../src/index.js';
import { testDatabase } from './postgres-database.js';

class Author extends defineModel<Author>()('blog.Author', {
  name: new CharField({ maxLength: 100, unique: true }),
}) {}

class Post extends defineModel<Post>()('blog.Post', {
  title: new CharField({ maxLength: 200 }),
  author: new ForeignKey(() => Author, { onDelete: CASCADE, relatedName: 'posts' }),
  views: new IntegerField({ default: 0 }),
}) {}

// The README's kysely section, as written there.
interface Database {
  blog_author: { id: Generated<number>; name: string };
  blog_post: { id: Generated<number>; title: string; author_id: number; views: number };
}

describe.each([['sqlite' as const], ['postgres' as const]])('kysely on %s', (engine) => {
  let cleanup: (() => Promise<void>) | undefined;
  let ready = false;
  beforeAll(async () => {
    const opened = await testDatabase(engine, 'the kysely tests');
    if (opened === undefined) return;
    cleanup = opened.cleanup;
    await connections.configure({ default: opened.settings });
    await new SchemaEditor().createModels([Author, Post]);
    ready = true;
  });
  beforeEach(async (context) => {
    if (!ready) context.skip();
    await Post.objects.all().delete();
    await Author.objects.all().delete();
  });
  afterAll(async () => {
    await connections.closeAll();
    await cleanup?.();
  });

  it('runs the README example: one connection, one atomic() transaction', async () => {
    const ann = await Author.objects.create({ name: 'ann' });
    const db = connections.kysely<Database>();

    await atomic(async () => {
      const post = await Post.objects.create({ title: 'Kysely', author: ann });
      // The ORM's row is not committed yet; kysely sees it: same transaction.
      await db.updateTable('blog_post').set({ views: 100 }).where('id', '=', post.pk).execute();
      await post.refreshFromDb();
      expect(post.views).toBe(100);
    });

    const top = await db
      .selectFrom('blog_post')
      .innerJoin('blog_author', 'blog_author.id', 'blog_post.author_id')
      .select(['blog_post.title', 'blog_author.name', 'blog_post.views'])
      .orderBy('blog_post.views', 'desc')
      .limit(3)
      .execute();
    expect(top).toEqual([{ title: 'Kysely', name: 'ann', views: 100 }]);
  });

  it('rolls back with the atomic block it ran in, and its queries show in the query log', async () => {
    const db = connections.kysely<Database>();
    const seen: string[] = [];
    const stop = connections.get().addQueryListener(({ sql }) => seen.push(sql));
    await expect(
      atomic(async () => {
        await db.insertInto('blog_author').values({ name: 'gone' }).execute();
        expect(await Author.objects.filter({ name: 'gone' }).count()).toBe(1);
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    stop();
    expect(await Author.objects.count()).toBe(0);
    expect(seen.some((sql) => /insert into "blog_author"/i.test(sql))).toBe(true);
  });

  it('fails with the ORM errors, and refuses its own transaction inside atomic()', async () => {
    const db = connections.kysely<Database>();
    await Author.objects.create({ name: 'ann' });
    await expect(db.insertInto('blog_author').values({ name: 'ann' }).execute()).rejects.toThrow(
      IntegrityError,
    );
    await expect(atomic(() => db.transaction().execute(async () => undefined))).rejects.toThrow(
      TransactionManagementError,
    );
    // Outside atomic(), kysely's own transaction works and commits.
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('blog_author').values({ name: 'bob' }).execute();
    });
    const inserted = await db
      .insertInto('blog_author')
      .values({ name: 'cy' })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(typeof inserted.id).toBe('number');
    expect(await Author.objects.orderBy('name').valuesList('name', { flat: true })).toEqual([
      'ann',
      'bob',
      'cy',
    ]);
  });

  it("takes the application's own sql`` and expressionBuilder pieces", async () => {
    // The application's own kysely pieces, built outside the ORM, compile and run in the ORM's
    // instance (the same module in plain node: kysely-module.test.ts).
    await Author.objects.create({ name: 'ann' });
    await Author.objects.create({ name: 'bob' });
    const db = connections.kysely<Database>();
    const eb = expressionBuilder<Database, 'blog_author'>();
    const rows = await db
      .selectFrom('blog_author')
      .select(['name', sql<number>`length(${sql.ref('name')})`.as('size')])
      .where(eb('name', '=', sql.lit('bob')))
      .execute();
    expect(rows).toEqual([{ name: 'bob', size: 3 }]);
    const { rows: raw } = await sql<{ n: number }>`select count(*) as n from blog_author`.execute(
      db,
    );
    expect(Number(raw[0]?.n)).toBe(2);
  });
});
