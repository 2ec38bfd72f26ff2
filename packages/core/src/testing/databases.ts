import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connections } from '@stack/orm';
import type { CommandOutput } from '../command.js';
import { configureDatabases } from '../internal/databases.js';
import type { DatabaseSetting, Settings } from '../settings-types.js';

/** One test database: the settings tests use, and how it was made. */
export interface TestDatabase {
  alias: string;
  settings: DatabaseSetting;
  /** The name shown (`test_db.sqlite3`, `test_mysite`). */
  name: string;
  /** A folder made for an in-memory database's file, removed afterwards. */
  tempDir?: string;
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Django's test database name: `TEST.NAME`, else `test_` + the name (a file beside it). */
function testSettings(alias: string, db: DatabaseSetting, baseDir: string): TestDatabase {
  const test = (db.test ?? {}) as { name?: string };
  if (db.engine === 'sqlite') {
    if (test.name) {
      const file = path.resolve(baseDir, test.name);
      return { alias, settings: { ...db, name: file }, name: test.name };
    }
    if (!db.name || db.name === ':memory:') {
      // Several worker processes must share it, so an in-memory database becomes a file.
      const tempDir = mkdtempSync(path.join(tmpdir(), 'stack-testdb-'));
      const file = path.join(tempDir, `test_${alias}.sqlite3`);
      return { alias, settings: { ...db, name: file }, name: file, tempDir };
    }
    const file = path.resolve(baseDir, db.name);
    const name = `test_${path.basename(file)}`;
    return { alias, settings: { ...db, name: path.join(path.dirname(file), name) }, name };
  }
  if (db.url) {
    const url = new URL(db.url);
    const name = test.name ?? `test_${decodeURIComponent(url.pathname.slice(1))}`;
    url.pathname = `/${encodeURIComponent(name)}`;
    return { alias, settings: { ...db, url: url.href }, name };
  }
  const name = test.name ?? `test_${db.name ?? db.user ?? 'postgres'}`;
  return { alias, settings: { ...db, name }, name };
}

function removeSqlite(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(file + suffix, { force: true });
}

async function postgresExists(alias: string, name: string): Promise<boolean> {
  const rows = await connections
    .get(alias)
    .session.all('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  return rows.length > 0;
}

/**
 * Creates the test databases of every alias, as Django's runner does (`--keepdb` keeps and
 * reuses them), then points the settings at them. SQLite: a file `test_<name>` beside the
 * database; PostgreSQL: `test_<name>` on the same server, made through the real connection.
 */
export async function createTestDatabases(
  settings: Settings,
  options: { keepdb: boolean; out: CommandOutput },
): Promise<TestDatabase[]> {
  const made: TestDatabase[] = [];
  for (const [alias, db] of Object.entries(settings.databases)) {
    const test = testSettings(alias, db, settings.baseDir);
    made.push(test);
    if (db.engine === 'sqlite') {
      const file = String(test.settings.name);
      const exists = existsSync(file);
      if (options.keepdb && exists) {
        options.out.write(`Using existing test database for alias '${alias}'...\n`);
        continue;
      }
      if (exists) {
        options.out.write(`Destroying old test database for alias '${alias}'...\n`);
        removeSqlite(file);
      }
      options.out.write(`Creating test database for alias '${alias}'...\n`);
      continue;
    }
    const exists = await postgresExists(alias, test.name);
    if (options.keepdb && exists) {
      options.out.write(`Using existing test database for alias '${alias}'...\n`);
      continue;
    }
    const session = connections.get(alias).session;
    if (exists) {
      options.out.write(`Destroying old test database for alias '${alias}'...\n`);
      await session.exec(`DROP DATABASE ${quoteIdent(test.name)}`);
    }
    options.out.write(`Creating test database for alias '${alias}'...\n`);
    await session.exec(`CREATE DATABASE ${quoteIdent(test.name)}`);
  }
  settings.databases = Object.fromEntries(made.map((t) => [t.alias, t.settings]));
  await configureDatabases(settings);
  return made;
}

/** Drops the test databases (not with `--keepdb`) and points the settings back. */
export async function destroyTestDatabases(
  settings: Settings,
  original: Record<string, DatabaseSetting>,
  made: readonly TestDatabase[],
  options: { keepdb: boolean; out: CommandOutput },
): Promise<void> {
  await connections.closeAll();
  settings.databases = original;
  await configureDatabases(settings);
  for (const test of made) {
    if (options.keepdb && !test.tempDir) {
      options.out.write(`Preserving test database for alias '${test.alias}'...\n`);
      continue;
    }
    options.out.write(`Destroying test database for alias '${test.alias}'...\n`);
    if (test.tempDir) rmSync(test.tempDir, { recursive: true, force: true });
    else if (test.settings.engine === 'sqlite') removeSqlite(String(test.settings.name));
    else
      await connections
        .get(test.alias)
        .session.exec(`DROP DATABASE IF EXISTS ${quoteIdent(test.name)}`);
  }
  await connections.closeAll();
}
