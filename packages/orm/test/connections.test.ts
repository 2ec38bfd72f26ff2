import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Author } from './conformance/models.js';
import { ImproperlyConfigured, SchemaEditor, connections } from '../src/index.js';
import type { SqliteConnection } from '../src/internal/sqlite.js';

const dir = mkdtempSync(join(tmpdir(), 'stack-orm-conn-'));

beforeAll(async () => {
  await connections.configure({
    default: { engine: 'sqlite', name: join(dir, 'db.sqlite3'), busyTimeout: 1234 },
  });
  await new SchemaEditor().createModel(Author);
});
afterAll(async () => {
  await connections.closeAll();
  rmSync(dir, { recursive: true, force: true });
});

describe('SQLite connections', () => {
  it('run in WAL mode with foreign keys on and a busy timeout', () => {
    const db = (connections.get() as SqliteConnection).db;
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(1234);
  });

  it('prepare each statement once, for the ORM and for kysely', async () => {
    const connection = connections.get() as SqliteConnection;
    await Author.objects.filter({ name: 'a' });
    const before = connection.preparedStatements;
    for (let i = 0; i < 10; i++) await Author.objects.filter({ name: `n${i}` });
    expect(connection.preparedStatements).toBe(before);
    const kysely = connection.kysely;
    for (let i = 0; i < 3; i++)
      await kysely.selectFrom('conf_author').selectAll().where('name', '=', `k${i}`).execute();
    expect(connection.preparedStatements).toBe(before + 1);
  });

  it('start transactions with BEGIN IMMEDIATE', async () => {
    const { atomic } = await import('../src/index.js');
    const seen: string[] = [];
    const stop = connections.get().addQueryListener(({ sql }) => seen.push(sql));
    await atomic(() => Author.objects.count());
    stop();
    expect(seen[0]).toBe('BEGIN IMMEDIATE');
    expect(seen.at(-1)).toBe('COMMIT');
  });

  it('refuse an unknown alias with a clear error', () => {
    expect(() => connections.get('replica')).toThrow(ImproperlyConfigured);
    expect(() => connections.get('__proto__')).toThrow(ImproperlyConfigured);
  });
});
