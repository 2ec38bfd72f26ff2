import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connections } from '@stack/orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheConformance } from '../../test/cache-conformance.js';
import { describeWithService } from '../../test/services.js';
import { InvalidCacheBackendError } from '../errors.js';
import { DatabaseCache } from './db.js';

let dir: string;
let tables = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stack-cache-db-'));
  const postgres = process.env.STACK_TEST_POSTGRES_URL;
  await connections.configure({
    default: { engine: 'sqlite', name: join(dir, 'db.sqlite3') },
    ...(postgres && { pg: { engine: 'postgres', url: postgres } }),
  });
});
afterAll(async () => {
  await connections.closeAll();
  await rm(dir, { recursive: true, force: true });
});

const run = `c${process.pid}_${Date.now().toString(36)}`;

function dbConformance(name: string, database: string, dropAfter: boolean): void {
  const made = new Set<string>();
  afterAll(async () => {
    if (!dropAfter) return;
    for (const table of made) {
      await connections.get(database).kysely.schema.dropTable(table).ifExists().execute();
    }
  });
  cacheConformance(name, async (options, share) => {
    const table = `${run}_${share ?? tables++}`;
    made.add(table);
    const cache = new DatabaseCache({ ...options, location: table, database });
    await cache.createTable();
    return cache;
  });
}

dbConformance('DatabaseCache on SQLite', 'default', false);

describeWithService('STACK_TEST_POSTGRES_URL', 'DatabaseCache on PostgreSQL', () => {
  dbConformance('DatabaseCache on PostgreSQL', 'pg', true);
});

describe('DatabaseCache', () => {
  it('creates its table once, as createcachetable does', async () => {
    const cache = new DatabaseCache({ location: `${run}_create` });
    expect(await cache.createTable()).toBe(true);
    expect(await cache.createTable()).toBe(false);
  });

  it('refuses a table name that is not a plain identifier', () => {
    for (const location of ['', 'a b', 'x"; DROP TABLE y; --', '1abc', 'a'.repeat(64)]) {
      expect(() => new DatabaseCache({ location })).toThrow(InvalidCacheBackendError);
    }
  });

  it('reads a row it did not write as a miss', async () => {
    const cache = new DatabaseCache({ location: `${run}_foreign` });
    await cache.createTable();
    await connections
      .get()
      .kysely.insertInto(cache.table)
      .values({ cache_key: cache.makeKey('k'), value: '{broken', expires: Date.now() + 60_000 })
      .execute();
    expect(await cache.get('k', 'miss')).toBe('miss');
  });
});
