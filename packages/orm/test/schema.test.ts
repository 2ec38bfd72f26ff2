import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Author, Post, conformanceModels } from './conformance/models.js';
import {
  FieldError,
  Index,
  SchemaEditor,
  compileOperation,
  connections,
  createModelOperations,
} from '../src/index.js';
import { postgresDialect, sqliteDialect } from '../src/internal/dialect.js';

beforeAll(async () => {
  await connections.configure({
    default: { engine: 'sqlite', name: ':memory:' },
    pg: { engine: 'postgres', url: 'postgres://nobody@127.0.0.1:1/none' },
  });
});
afterAll(() => connections.closeAll());

describe('schema operations', () => {
  it('describe a model as data and compile it per dialect', () => {
    const ops = createModelOperations(Post, sqliteDialect);
    expect(ops[0]).toMatchObject({ kind: 'createTable', table: 'conf_post' });
    const [sqlite] = compileOperation(ops[0]!, sqliteDialect);
    expect(sqlite).toContain('"id" integer NOT NULL PRIMARY KEY AUTOINCREMENT');
    expect(sqlite).toContain(
      '"author_id" bigint NOT NULL REFERENCES "conf_author" ("id") DEFERRABLE INITIALLY DEFERRED',
    );
    expect(sqlite).toContain('CONSTRAINT "conf_post_views_gte_0" CHECK ("views" >= 0)');
    const pg = compileOperation(createModelOperations(Post, postgresDialect)[0]!, postgresDialect);
    expect(pg[0]).toContain('"id" bigserial NOT NULL PRIMARY KEY');
    expect(pg[0]).toContain('"price" numeric(8, 2) NOT NULL');
    expect(pg[0]).toContain('"created" timestamp with time zone NOT NULL');
    expect(pg[0]).toContain('"data" jsonb NULL');
    expect(pg.slice(1)).toEqual([
      'ALTER TABLE "conf_post" ADD CONSTRAINT "conf_post_author_id_fk_conf_author_id" FOREIGN KEY ("author_id") REFERENCES "conf_author" ("id") DEFERRABLE INITIALLY DEFERRED',
      'ALTER TABLE "conf_post" ADD CONSTRAINT "conf_post_editor_id_fk_conf_author_id" FOREIGN KEY ("editor_id") REFERENCES "conf_author" ("id") DEFERRABLE INITIALLY DEFERRED',
    ]);
  });

  it('quote identifiers and literals so no name or value can break out', () => {
    expect(
      compileOperation({ kind: 'dropTable', table: 'a"; DROP TABLE x; --' }, sqliteDialect),
    ).toEqual(['DROP TABLE "a""; DROP TABLE x; --"']);
    const [sql] = compileOperation(
      {
        kind: 'addColumn',
        table: 't',
        column: { name: 'c', type: { kind: 'text' }, nullable: false, default: "it's" },
      },
      postgresDialect,
    );
    expect(sql).toBe(`ALTER TABLE "t" ADD COLUMN "c" text NOT NULL DEFAULT 'it''s'`);
  });

  it('collects SQL without running it, and runs it on a real database', async () => {
    const editor = new SchemaEditor({ using: 'pg', collectSql: true });
    await editor.createModels(conformanceModels);
    expect(editor.collected.some((s) => s.startsWith('CREATE TABLE "conf_post_tags"'))).toBe(true);
    const real = new SchemaEditor();
    await real.createModels(conformanceModels);
    await real.addIndex(Author, new Index({ fields: ['-name'], name: 'author_name_desc' }));
    await real.removeIndex(Author, 'author_name_desc');
    expect(await Author.objects.count()).toBe(0);
    await real.deleteModels(conformanceModels);
    await expect(Author.objects.count()).rejects.toThrow(/no such table/);
  });

  it('refuses indexes on unknown fields', () => {
    expect(() =>
      new SchemaEditor({ collectSql: true }).addIndex(
        Author,
        new Index({ fields: ['nope'], name: 'x' }),
      ),
    ).rejects.toThrow(FieldError);
  });
});
