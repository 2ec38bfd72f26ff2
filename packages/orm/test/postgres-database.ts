import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { DatabaseSettings } from '../src/index.js';

/**
 * A PostgreSQL database of its own for one test file, so files running in parallel never see
 * (or drop) each other's tables. `undefined` when no server is given; under CI that is a failure.
 */
export async function freshDatabase(
  what: string,
): Promise<{ url: string; drop: () => Promise<void> } | undefined> {
  const server = process.env.STACK_TEST_POSTGRES_URL;
  if (server === undefined) {
    if (process.env.CI !== undefined)
      throw new Error(`CI needs STACK_TEST_POSTGRES_URL to run ${what} on PostgreSQL.`);
    return undefined;
  }
  const name = `stack_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: server });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * A database of this test file's own, of either kind: a SQLite file in a temp folder, or a fresh
 * PostgreSQL database (`undefined` when no server is given outside CI). `cleanup` removes it.
 */
export async function testDatabase(
  engine: 'sqlite' | 'postgres',
  what: string,
): Promise<{ settings: DatabaseSettings; cleanup: () => Promise<void> } | undefined> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'stack-orm-test-'));
    return {
      settings: { engine: 'sqlite', name: join(dir, 'db.sqlite3') },
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const fresh = await freshDatabase(what);
  if (fresh === undefined) return undefined;
  return { settings: { engine: 'postgres', url: fresh.url }, cleanup: fresh.drop };
}
