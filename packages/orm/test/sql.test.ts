import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Author, Post } from './conformance/models.js';
import { Count, F, FieldError, Q, connections } from '../src/index.js';

// Compiled SQL for both dialects; the PostgreSQL pool never connects (only `query` is read).
beforeAll(async () => {
  await connections.configure({
    default: { engine: 'sqlite', name: ':memory:' },
    pg: { engine: 'postgres', url: 'postgres://nobody@127.0.0.1:1/none' },
  });
});
afterAll(() => connections.closeAll());

describe('the SQL a queryset compiles to', () => {
  it('shows bound parameters inline only when printed, and binds them when run', () => {
    const qs = Post.objects.filter({ title: "it's" });
    expect(qs.query.sql).toBe(
      'SELECT "conf_post"."id", "conf_post"."title", "conf_post"."body", "conf_post"."author_id", "conf_post"."editor_id", "conf_post"."published", "conf_post"."views", "conf_post"."price", "conf_post"."created", "conf_post"."data" FROM "conf_post" WHERE "conf_post"."title" = ? ORDER BY "conf_post"."id" DESC',
    );
    expect(qs.query.params).toEqual(["it's"]);
    expect(String(qs.query)).toContain(`= 'it''s'`);
  });

  it('numbers PostgreSQL placeholders in text order', () => {
    const qs = Post.objects
      .using('pg')
      .annotate({ n: Count('comments') })
      .filter({ title__icontains: 'a', n__gt: 2, views__in: [1, 2] });
    expect(qs.query.sql).toMatch(
      /WHERE UPPER\("conf_post"\."title"::text\) LIKE UPPER\(\$1\) ESCAPE '\\' AND "conf_post"\."views" IN \(\$2, \$3\) GROUP BY .* HAVING COUNT\("conf_comment"\."id"\) > \$4/,
    );
    expect(qs.query.params).toEqual(['%a%', 1, 2, 2]);
  });

  it('escapes LIKE wildcards and GLOB specials in the pattern, never in the SQL', () => {
    expect(Post.objects.filter({ title__icontains: '50%_\\' }).query.params).toEqual([
      '%50\\%\\_\\\\%',
    ]);
    expect(Post.objects.filter({ title__contains: '*?[' }).query.params).toEqual(['*[*][?][[]*']);
    expect(Post.objects.using('pg').filter({ title__startswith: '%' }).query.params).toEqual([
      '\\%%',
    ]);
  });

  it('parenthesises OR inside AND and negates with NOT', () => {
    const sql = Post.objects.filter({ published: true }, Q({ views: 1 }).or({ views: 2 }).not())
      .query.sql;
    expect(sql).toContain(
      'WHERE "conf_post"."published" = ? AND NOT ("conf_post"."views" = ? OR "conf_post"."views" = ?)',
    );
  });

  it('joins across relations once per path', () => {
    const sql = Post.objects.filter({ author__name: 'a' }).orderBy('author__name').query.sql;
    expect(sql.match(/LEFT JOIN/g)).toHaveLength(1);
    expect(sql).toContain('ORDER BY "conf_author"."name" ASC');
  });

  it('follows every non-null foreign key when selectRelated() names none', () => {
    const sql = Post.objects.selectRelated().query.sql;
    expect(sql.match(/LEFT JOIN/g)).toHaveLength(1);
    expect(sql).toContain('"conf_author"."name"');
  });

  it('writes LIMIT and OFFSET as checked integers', () => {
    expect(Post.objects.all().slice(5, 15).query.sql).toMatch(/LIMIT 10 OFFSET 5$/);
    expect(Post.objects.all().slice(5).query.sql).toMatch(/LIMIT -1 OFFSET 5$/);
    expect(Post.objects.using('pg').all().slice(5).query.sql).toMatch(/ OFFSET 5$/);
    expect(() => Post.objects.all().slice(-1)).toThrow(FieldError);
    expect(() => Post.objects.all().slice(1.5)).toThrow(FieldError);
  });

  it('compiles F expressions and refuses unknown names in them', () => {
    expect(Post.objects.filter({ views__gt: F('id') }).query.sql).toContain(
      '"conf_post"."views" > "conf_post"."id"',
    );
    expect(() => Post.objects.filter({ views__gt: F('nope') }).query).toThrow(FieldError);
  });

  it('refuses unknown lookups and transforms', () => {
    expect(() => Post.objects.filter({ title__nope: 1 } as never).query).toThrow(
      /Unsupported lookup 'nope'/,
    );
    expect(() => Post.objects.filter({ views__year: 2020 } as never).query).toThrow(FieldError);
    expect(() => Post.objects.filter({ title__isnull: 'yes' } as never).query).toThrow(/isnull/);
    expect(() => Post.objects.selectRelated('title').query).toThrow(/selectRelated/);
  });

  it('reuses one compiled statement per queryset shape', async () => {
    const meta = Author._meta;
    meta.cache.clear();
    const { SchemaEditor } = await import('../src/index.js');
    await new SchemaEditor().createModel(Author);
    for (let i = 0; i < 5; i++) await Author.objects.filter({ name: `n${i}` });
    expect([...meta.cache.keys()].filter((k) => k.startsWith('sqlite|select'))).toHaveLength(1);
    await Author.objects.filter({ name__in: ['a', 'b'] });
    await Author.objects.filter({ name__in: ['a', 'b', 'c'] });
    expect([...meta.cache.keys()].filter((k) => k.startsWith('sqlite|select'))).toHaveLength(3);
  });

  describe('multi-valued relations in SQL', () => {
    it('numbers the parameters of an exclude() subquery in text order on PostgreSQL', () => {
      const qs = Post.objects
        .using('pg')
        .filter({ title: 'a' })
        .exclude({ comments__text: 'b', comments__approved: true })
        .filter({ views__gt: 1 });
      expect(qs.query.sql).toContain(
        'WHERE "conf_post"."title" = $1 AND NOT ("conf_post"."id" IN (SELECT "U0"."id" FROM "conf_post" "U0" LEFT JOIN "conf_comment" ON "U0"."id" = "conf_comment"."post_id" WHERE "conf_comment"."text" = $2) AND "conf_post"."id" IN (SELECT "U0"."id" FROM "conf_post" "U0" LEFT JOIN "conf_comment" ON "U0"."id" = "conf_comment"."post_id" WHERE "conf_comment"."approved" = $3)) AND "conf_post"."views" > $4',
      );
      expect(qs.query.params).toEqual(['a', 'b', true, 1]);
    });

    it('joins once per filter() call, and shares the join inside one call', () => {
      const chained = Author.objects.filter({ posts__views: 1 }).filter({ posts__views: 2 });
      expect(chained.query.sql).toContain(
        'LEFT JOIN "conf_post" ON "conf_author"."id" = "conf_post"."author_id" LEFT JOIN "conf_post" "T1" ON "conf_author"."id" = "T1"."author_id" WHERE "conf_post"."views" = ? AND "T1"."views" = ?',
      );
      const single = Author.objects.filter({ posts__views: 1, posts__published: true });
      expect(single.query.sql).toContain(
        'WHERE "conf_post"."views" = ? AND "conf_post"."published" = ?',
      );
      expect(single.query.sql.match(/JOIN/g)).toHaveLength(1);
    });

    it("expands orderBy('author') into the author's ordering", () => {
      expect(Post.objects.orderBy('-author').query.sql).toMatch(
        /LEFT JOIN "conf_author" ON "conf_post"\."author_id" = "conf_author"\."id" ORDER BY "conf_author"\."name" DESC$/,
      );
    });
  });
});
