import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FileBasedCache } from '@stack/cache';
import { DatabaseCache, LocMemCache, cache, caches } from '@stack/cache';
import { connections } from '@stack/orm';
import { afterAll, describe, expect, it } from 'vitest';
import { execute } from '../cli.js';
import { sessionEngineFor } from '../internal/session-engine.js';
import { configure, getSettings } from '../settings.js';
import { setup } from '../setup.js';
import { getTemplateEngine } from '../template-engine.js';

const dir = mkdtempSync(path.join(tmpdir(), 'stack-cache-settings-'));

async function stack(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await execute(argv, {
    stdout: { write: (chunk: string) => void (out += chunk) },
    stderr: { write: (chunk: string) => void (err += chunk) },
    cwd: dir,
  });
  return { code, out, err };
}

const settings = {
  debug: true,
  secretKey: 'cache-settings-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz',
  baseDir: dir,
  installedApps: ['@stack/contrib-sessions'],
  databases: { default: { engine: 'sqlite' as const, name: path.join(dir, 'db.sqlite3') } },
  rootUrlconf: [],
  templates: [{ backend: '@stack/templates' }],
  caches: {
    default: { backend: 'locmem', location: 'cache-settings-test' },
    pages: { backend: 'django.core.cache.backends.db.DatabaseCache', location: 'page_cache' },
    files: { backend: 'filebased', location: 'var/cache', timeout: null },
    sessions: { backend: 'locmem', location: 'cache-settings-sessions' },
  },
  sessionEngine: 'cache',
  sessionCacheAlias: 'sessions',
};

afterAll(async () => {
  await caches.configure({ default: { backend: 'locmem' } });
  await connections.closeAll();
  rmSync(dir, { recursive: true, force: true });
});

describe('the caches setting', () => {
  it('configures @stack/cache at setup, file locations relative to baseDir', async () => {
    await setup(settings);
    expect(caches.default).toBeInstanceOf(LocMemCache);
    expect(caches.get('pages')).toBeInstanceOf(DatabaseCache);
    const files = caches.get('files') as FileBasedCache;
    expect(files.location).toBe(path.join(dir, 'var/cache'));
    expect(files.defaultTimeout).toBeNull();
    await cache.set('k', 'v');
    expect(await caches.default.get('k')).toBe('v');
  });

  it('stack createcachetable creates the database caches’ tables once', async () => {
    await setup(settings);
    const first = await stack('createcachetable');
    expect([first.code, first.err, first.out]).toEqual([
      0,
      '',
      "Cache table 'page_cache' created.\n",
    ]);
    expect((await stack('createcachetable')).out).toBe('');
    await caches.get('pages').set('k', 1);
    expect(await caches.get('pages').get('k')).toBe(1);
    const unknown = await stack('createcachetable', 'nope');
    expect(unknown.code).not.toBe(0);
    expect(unknown.err).toContain('nope');
  });

  it('keeps sessions in the sessionCacheAlias cache', async () => {
    await setup(settings);
    const engine = await sessionEngineFor(getSettings());
    const session = engine.open(null);
    await session.set('a', 1);
    await session.save();
    const key = `django.contrib.sessions.cache${session.sessionKey}`;
    expect(await caches.get('sessions').get(key)).toEqual({ a: 1 });
    expect(await caches.default.hasKey(key)).toBe(false);
  });

  it('lets templates {% load cache %}', async () => {
    await setup(settings);
    const engine = getTemplateEngine(getSettings());
    const template = await engine.fromString(
      '{% load cache %}{% cache 60 greeting %}{{ n }}{% endcache %}',
    );
    expect(await template.render({ n: 1 })).toBe('1');
    expect(await template.render({ n: 2 })).toBe('1');
  });

  it('refuses caches without a default', async () => {
    configure({ ...settings, caches: { other: { backend: 'locmem' } } });
    await expect(setup()).rejects.toThrow(/'default'/);
  });
});
