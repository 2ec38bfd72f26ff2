// The ORM: get by primary key, a 100-row list and an insert through @stack/orm, against raw
// better-sqlite3 with statements prepared once, and kysely alone, on the same SQLite file.
// Run: cd bench && node --import tsx orm.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BooleanField,
  CharField,
  IntegerField,
  SchemaEditor,
  connections,
  defineModel,
} from '@stack/orm';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, type Generated } from 'kysely';
import { Bench } from 'tinybench';
import { isMain } from './lib/main.js';
import { printTable, type Row } from './lib/table.js';

class Item extends defineModel<Item>()('bench.Item', {
  title: new CharField({ maxLength: 200 }),
  views: new IntegerField({ default: 0 }),
  published: new BooleanField({ default: false }),
}) {}

interface ItemTable {
  id: Generated<number>;
  title: string;
  views: number;
  published: number;
}

const ROWS = 100;

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'stack-orm-bench-'));
  const file = join(dir, 'bench.sqlite3');
  try {
    await connections.configure({ default: { engine: 'sqlite', name: file } });
    await new SchemaEditor().createModel(Item);
    await Item.objects.bulkCreate(
      Array.from({ length: ROWS }, (_, i) => new Item({ title: `item ${i}`, views: i })),
    );

    const raw = new Database(file);
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = NORMAL');
    const rawGet = raw.prepare(
      'SELECT "id", "title", "views", "published" FROM "bench_item" WHERE "id" = ?',
    );
    const rawList = raw.prepare(
      'SELECT "id", "title", "views", "published" FROM "bench_item" WHERE "id" <= ? ORDER BY "id"',
    );
    const rawInsert = raw.prepare(
      'INSERT INTO "bench_item" ("title", "views", "published") VALUES (?, ?, ?)',
    );
    const kyselyDb = new Database(file);
    kyselyDb.pragma('journal_mode = WAL');
    kyselyDb.pragma('synchronous = NORMAL');
    const kysely = new Kysely<{ bench_item: ItemTable }>({
      dialect: new SqliteDialect({ database: kyselyDb }),
    });

    let id = 0;
    const nextId = () => (id++ % ROWS) + 1;
    let sink = 0;
    const cases: Array<[string, string, () => unknown]> = [
      ['get', 'raw better-sqlite3', () => (sink += (rawGet.get(nextId()) as ItemTable).views)],
      ['get', '@stack/orm', async () => (sink += (await Item.objects.get({ id: nextId() })).views)],
      [
        'get',
        'kysely alone',
        async () =>
          (sink += (
            await kysely
              .selectFrom('bench_item')
              .selectAll()
              .where('id', '=', nextId())
              .executeTakeFirstOrThrow()
          ).views),
      ],
      ['list', 'raw better-sqlite3', () => (sink += rawList.all(ROWS).length)],
      [
        'list',
        '@stack/orm',
        async () => (sink += (await Item.objects.filter({ id__lte: ROWS }).orderBy('id')).length),
      ],
      [
        'list',
        'kysely alone',
        async () =>
          (sink += (
            await kysely
              .selectFrom('bench_item')
              .selectAll()
              .where('id', '<=', ROWS)
              .orderBy('id')
              .execute()
          ).length),
      ],
      ['insert', 'raw better-sqlite3', () => (sink += rawInsert.run('new', 1, 0).changes)],
      [
        'insert',
        '@stack/orm',
        async () =>
          (sink += (await Item.objects.create({ title: 'new', views: 1 })).pk > 0 ? 1 : 0),
      ],
      [
        'insert',
        'kysely alone',
        async () =>
          (sink +=
            (
              await kysely
                .insertInto('bench_item')
                .values({ title: 'new', views: 1, published: 0 })
                .executeTakeFirst()
            ).numInsertedOrUpdatedRows === 1n
              ? 1
              : 0),
      ],
    ];
    const results = new Map<string, number>();
    for (const group of ['get', 'list', 'insert']) {
      const bench = new Bench({ time: 2000, warmupTime: 300 });
      for (const [g, name, fn] of cases) if (g === group) bench.add(name, fn);
      await bench.run();
      for (const task of bench.tasks) {
        const result = task.result as { throughput?: { mean: number }; hz?: number } | undefined;
        results.set(`${group}:${task.name}`, result?.throughput?.mean ?? result?.hz ?? NaN);
      }
      const rows: Row[] = bench.tasks.map((task) => ({
        name: task.name,
        values: { ops: results.get(`${group}:${task.name}`)! / 1000 },
      }));
      const title = { get: 'get by primary key', list: `a ${ROWS}-row list`, insert: 'an insert' }[
        group
      ];
      printTable(
        `${title}: thousands of operations per second`,
        rows,
        [{ key: 'ops', label: 'kops/s', digits: 1 }],
        'raw better-sqlite3',
      );
    }
    const targets = { get: 0.5, list: 0.7, insert: 0.6 } as const;
    console.log('');
    for (const [group, target] of Object.entries(targets)) {
      const ratio =
        results.get(`${group}:@stack/orm`)! / results.get(`${group}:raw better-sqlite3`)!;
      console.log(
        `@stack/orm ${group} vs raw better-sqlite3: ${ratio.toFixed(2)}x (target >= ${target}x) ${ratio >= target ? 'OK' : 'MISSED'}`,
      );
    }
    await kysely.destroy();
    raw.close();
    if (sink === -1) console.log(sink);
  } finally {
    await connections.closeAll();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) await run();
