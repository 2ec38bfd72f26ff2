import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { LocMemCache } from '@stack/cache';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SchemaEditor, connections } from '@stack/orm';
import { dumps } from '@stack/request';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectOpensAsNew } from '../../test/same-store.js';
import { sessionStoreConformance } from '../../test/session-store-conformance.js';
import { UpdateError } from '../errors.js';
import { Session } from '../models.js';
import { clearsessions } from '../commands.js';
import { cacheSessions } from './cache.js';
import {
  CachedDatabaseSessionStore,
  cachedDatabaseSessions,
  openCachedDatabaseSession,
} from './cached-db.js';
import { DatabaseSessionStore, databaseSessions, openDatabaseSession } from './db.js';

const secretKey = 'db-secret';
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stack-sessions-'));
  await connections.configure({ default: { engine: 'sqlite', name: join(dir, 'db.sqlite3') } });
  await new SchemaEditor().createModels([Session]);
});

afterAll(async () => {
  await connections.closeAll();
  await rm(dir, { recursive: true, force: true });
});

sessionStoreConformance('databaseSessions on SQLite', () => databaseSessions({ secretKey }), {
  serverSide: true,
});

describe('the database engines open their stores without super()', () => {
  it('opens the same object as `new DatabaseSessionStore`', () => {
    expectOpensAsNew(openDatabaseSession, DatabaseSessionStore, { secretKey });
    expect(databaseSessions({ secretKey }).open(null)).toBeInstanceOf(DatabaseSessionStore);
  });

  it('opens the same object as `new CachedDatabaseSessionStore`', () => {
    const cache = new LocMemCache({ location: randomUUID() });
    expectOpensAsNew(openCachedDatabaseSession, CachedDatabaseSessionStore, { secretKey, cache });
    const engine = cachedDatabaseSessions({ secretKey, cache });
    expect(engine.open(null)).toBeInstanceOf(CachedDatabaseSessionStore);
  });
});

describe('databaseSessions on SQLite', () => {
  it('stores one django_session row with Django’s signed encoding', async () => {
    const session = new DatabaseSessionStore(null, { secretKey });
    await session.set('a', 1);
    await session.save();
    const row = await Session.objects.get({ sessionKey: session.sessionKey! });
    expect(row.sessionData).toMatch(/^[\w.-]+:[\w-]+:[\w-]+$/);
    expect(session.decode(row.sessionData!)).toEqual({ a: 1 });
    expect(row.expireDate!.getTime()).toBeGreaterThan(Date.now() + 1_209_000_000);
  });

  it('reads a row whose data Django encoded', async () => {
    const data = dumps(
      { from: 'django' },
      { key: secretKey, salt: 'django.contrib.sessions.SessionStore', compress: true },
    );
    await Session.objects.create({
      sessionKey: 'djangokey0000000',
      sessionData: data,
      expireDate: new Date(Date.now() + 60_000),
    });
    expect(await new DatabaseSessionStore('djangokey0000000', { secretKey }).get('from')).toBe(
      'django',
    );
  });

  it('treats tampered data as an empty session', async () => {
    await Session.objects.create({
      sessionKey: 'tampered00000000',
      sessionData: 'garbage:x:y',
      expireDate: new Date(Date.now() + 60_000),
    });
    expect(await new DatabaseSessionStore('tampered00000000', { secretKey }).items()).toEqual([]);
    expect(
      await new DatabaseSessionStore('tampered00000000', { secretKey: 'other' }).items(),
    ).toEqual([]);
  });

  it('ignores expired rows and clears them with clearExpired', async () => {
    const session = new DatabaseSessionStore(null, { secretKey });
    await session.setExpiry(new Date(Date.now() + 1000));
    await session.set('a', 1);
    await session.save();
    await Session.objects
      .filter({ sessionKey: session.sessionKey! })
      .update({ expireDate: new Date(Date.now() - 1000) });
    const expired = new DatabaseSessionStore(session.sessionKey, { secretKey });
    expect(await expired.items()).toEqual([]);
    expect(expired.sessionKey).toBeNull();
    const engine = databaseSessions({ secretKey });
    expect(await engine.clearExpired!()).toBeGreaterThanOrEqual(1);
    expect(await Session.objects.filter({ sessionKey: session.sessionKey! }).exists()).toBe(false);
  });

  it('refuses to save over a session deleted meanwhile', async () => {
    const session = new DatabaseSessionStore(null, { secretKey });
    await session.set('a', 1);
    await session.save();
    const other = new DatabaseSessionStore(session.sessionKey, { secretKey });
    await other.get('a');
    await session.flush();
    await other.set('b', 2);
    await expect(other.save()).rejects.toThrow(UpdateError);
  });

  it('refuses to start without a secret', () => {
    expect(() => databaseSessions({ secretKey: '' })).toThrow(/secretKey/);
  });
});

sessionStoreConformance(
  'cachedDatabaseSessions on SQLite and LocMemCache',
  () => cachedDatabaseSessions({ secretKey }),
  { serverSide: true },
);

describe('cachedDatabaseSessions', () => {
  it('serves reads from the cache and falls back to the database after a cache flush', async () => {
    const cache = new LocMemCache({ location: randomUUID() });
    const session = new CachedDatabaseSessionStore(null, { secretKey, cache });
    await session.set('a', 1);
    await session.save();
    const key = session.sessionKey!;
    expect(await cache.get(`django.contrib.sessions.cached_db${key}`)).toEqual({ a: 1 });
    await Session.objects
      .filter({ sessionKey: key })
      .update({ sessionData: session.encode({ a: 'db' }) });
    expect(await new CachedDatabaseSessionStore(key, { secretKey, cache }).get('a')).toBe(1);
    const emptyCache = new LocMemCache({ location: randomUUID() });
    expect(
      await new CachedDatabaseSessionStore(key, { secretKey, cache: emptyCache }).get('a'),
    ).toBe('db');
    expect(await emptyCache.has(`django.contrib.sessions.cached_db${key}`)).toBe(true);
  });

  it('removes both copies on flush', async () => {
    const cache = new LocMemCache({ location: randomUUID() });
    const session = new CachedDatabaseSessionStore(null, { secretKey, cache });
    await session.set('a', 1);
    await session.save();
    const key = session.sessionKey!;
    await session.flush();
    expect(await cache.has(`django.contrib.sessions.cached_db${key}`)).toBe(false);
    expect(await Session.objects.filter({ sessionKey: key }).exists()).toBe(false);
  });
});

const postgresUrl = process.env.STACK_TEST_POSTGRES_URL;

describe.skipIf(!postgresUrl && !process.env.CI)('databaseSessions on PostgreSQL', () => {
  beforeAll(async () => {
    await connections.configure({
      default: { engine: 'sqlite', name: join(dir, 'db.sqlite3') },
      pg: { engine: 'postgres', url: postgresUrl! },
    });
    const editor = new SchemaEditor({ using: 'pg' });
    await editor.deleteModel(Session).catch(() => undefined);
    await editor.createModels([Session]);
  });

  sessionStoreConformance(
    'databaseSessions on PostgreSQL',
    () => databaseSessions({ secretKey, using: 'pg' }),
    {
      serverSide: true,
    },
  );
});

describe('clearsessions', () => {
  it('removes expired rows and reports how many', async () => {
    await Session.objects.create({
      sessionKey: 'oldsession000000',
      sessionData: 'x',
      expireDate: new Date(Date.now() - 5000),
    });
    const lines: string[] = [];
    const removed = await clearsessions({
      sessionEngine: databaseSessions({ secretKey }),
      stdout: { write: (t) => lines.push(t) },
    });
    expect(removed).toBeGreaterThanOrEqual(1);
    expect(lines.join('')).toMatch(/^Removed \d+ expired sessions?\.\n$/);
    expect(await Session.objects.filter({ sessionKey: 'oldsession000000' }).exists()).toBe(false);
  });

  it('does nothing for stores that expire by themselves and refuses engines that cannot', async () => {
    expect(await clearsessions({ sessionEngine: cacheSessions() })).toBe(0);
    await expect(
      clearsessions({
        sessionEngine: { open: () => new DatabaseSessionStore(null, { secretKey }) },
      }),
    ).rejects.toThrow(/doesn’t support clearing/);
  });
});
