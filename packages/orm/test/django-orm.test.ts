import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ModelMeta, SchemaEditor, connections } from '../src/index.js';
import { same } from './django/compare.js';
import { type Case, runCase } from './django/interpreter.js';
import { models } from './django/models.js';
import { testDatabase } from './postgres-database.js';

// The differential test: conformance/harvest/orm.py ran every case through real Django 3.2 on
// SQLite and PostgreSQL; each runs here through Stack on the same database kind, with the same
// fixture, and must give Django's answer, except the deliberate differences listed (with their
// reasons) in django/differences.json and in the README's table of differences.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const data = JSON.parse(readFileSync(join(import.meta.dirname, 'django', 'orm.json'), 'utf8')) as {
  fixture: Record<string, Array<Record<string, Json>> | Array<[number, number]>>;
  cases: Case[];
};
const differences = JSON.parse(
  readFileSync(join(import.meta.dirname, 'django', 'differences.json'), 'utf8'),
) as Array<{
  case: string;
  database: 'sqlite' | 'postgres';
  expect: 'sqlite' | 'postgres';
  reason: string;
}>;

function decode(value: Json): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    if ('datetime' in value) return new Date(value.datetime as string);
    if ('date' in value) return value.date;
    if ('decimal' in value) return value.decimal;
  }
  return value;
}

async function loadFixture(): Promise<void> {
  const connection = connections.get();
  const session = connection.session;
  const mark = (i: number) => connection.dialect.placeholder(i);
  for (const [name, model] of Object.entries(models)) {
    const meta = (model as unknown as { _meta: ModelMeta })._meta;
    for (const row of data.fixture[name] as Array<Record<string, Json>>) {
      const fields = meta.concreteFields;
      const values = fields.map((f) => {
        const key = Object.keys(row).find(
          (k) => k.replace(/_(\w)/g, (_: string, c: string) => c.toUpperCase()) === f.attname,
        );
        return f.toDb(decode(row[key!]!), connection.dialect);
      });
      const columns = fields.map((f) => `"${f.column}"`).join(', ');
      await session.run(
        `INSERT INTO "${meta.dbTable}" (${columns}) VALUES (${fields.map((_, i) => mark(i)).join(', ')})`,
        values,
      );
    }
  }
  for (const [table, column] of [
    ['dj_post_tags', 'tag_id'],
    ['dj_post_likes', 'author_id'],
  ] as const) {
    const links = data.fixture[table === 'dj_post_tags' ? 'Post.tags' : 'Post.likes'] as Array<
      [number, number]
    >;
    for (const [post, other] of links)
      await session.run(
        `INSERT INTO "${table}" ("post_id", "${column}") VALUES (${mark(0)}, ${mark(1)})`,
        [post, other],
      );
  }
  if (connection.dialect.name === 'postgres') {
    const tables = [
      ...Object.values(models).map((m) => (m as unknown as { _meta: ModelMeta })._meta.dbTable),
      'dj_post_tags',
      'dj_post_likes',
    ];
    for (const table of tables)
      await session.exec(
        `SELECT setval(pg_get_serial_sequence('"${table}"', 'id'), (SELECT MAX(id) FROM "${table}"))`,
      );
  }
}

function expected(c: Case, database: 'sqlite' | 'postgres'): { answer: Json; why?: string } {
  const difference = differences.find((d) => d.case === c.id && d.database === database);
  if (difference !== undefined) return { answer: c[difference.expect], why: difference.reason };
  return { answer: c[database] };
}

describe.each([['sqlite' as const], ['postgres' as const]])(
  'Django 3.2 gives the same answers as Stack on %s',
  (database) => {
    let cleanup: (() => Promise<void>) | undefined;
    let ready = false;
    beforeAll(async () => {
      const opened = await testDatabase(database, 'the Django differential test');
      if (opened === undefined) return;
      cleanup = opened.cleanup;
      await connections.configure({ default: opened.settings });
      await new SchemaEditor().createModels(Object.values(models));
      await loadFixture();
      ready = true;
    });
    afterAll(async () => {
      await connections.closeAll();
      await cleanup?.();
    });

    for (const c of data.cases) {
      it(`${c.id}: ${c.title}`, async (context) => {
        if (!ready) context.skip();
        const answer = await runCase(c);
        const { answer: django } = expected(c, database);
        if (!same(django, answer, c.unordered === true)) expect(answer).toEqual(django);
      });
    }
  },
);
