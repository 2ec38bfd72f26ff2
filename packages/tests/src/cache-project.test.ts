import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { RedisCache } from '@stack/cache';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, stackBin as stack, testsDir as here } from './support/project.js';

// Issue 19's "done when", for the cache: a project whose views are written the Django way
// (`@cache_page(60 * 15)` and the manual `cache.get(key)` / `cache.set(key, value, 60 * 15)`
// view), served by TWO `stack runserver` processes sharing one real Redis: a page process A
// rendered is served by process B from the cache, without B running the view.

const redisUrl = process.env.STACK_TEST_REDIS_URL;
const keyPrefix = `stack-e2e-${randomUUID()}`;

const settingsFile = `import path from 'node:path';
import { defineSettings } from '@stack/framework';

export default defineSettings({
  baseDir: path.dirname(import.meta.dirname),
  secretKey: 'cache-project-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz',
  debug: false,
  allowedHosts: ['www.example.test', '127.0.0.1'],
  installedApps: ['@stack/contrib-sessions'],
  middleware: ['@stack/contrib-sessions:SessionMiddleware'],
  rootUrlconf: './mysite/urls.ts',
  databases: { default: { engine: 'sqlite', name: 'db.sqlite3' } },
  caches: {
    default: {
      backend: 'django.core.cache.backends.redis.RedisCache',
      location: process.env.CACHE_URL,
      keyPrefix: process.env.CACHE_PREFIX,
    },
  },
  sessionEngine: 'django.contrib.sessions.backends.cache',
});
`;

// The views as a Django developer writes them, in TypeScript.
const urlsFile = `import { cache, cachePage } from '@stack/framework/cache';
import { HttpResponse, JsonResponse } from '@stack/framework/request';
import { path } from '@stack/framework/urls';

// @cache_page(60 * 15)
const cachedView = cachePage(60 * 15)(async () =>
  new HttpResponse(\`rendered by process \${process.pid}\`),
);

async function manualCacheView() {
  let data = await cache.get('expensive_data');
  if (data === undefined) {
    data = { computedBy: process.pid, rows: [1, 2, 3] };
    await cache.set('expensive_data', data, 60 * 15);
  }
  return new JsonResponse({ data });
}

async function visits(request: any) {
  const count = ((await request.session.get('visits')) ?? 0) + 1;
  await request.session.set('visits', count);
  return new HttpResponse(\`visit \${count}\`);
}

const pid = () => new HttpResponse(String(process.pid));

export const urlpatterns = [
  path('cached/', cachedView),
  path('manual/', manualCacheView),
  path('visits/', visits),
  path('pid/', pid),
];
`;

/**
 * A GET as a proxy in front of both processes would send it: with the site's Host, since pages
 * are keyed by their absolute URL, host included (as in Django).
 */
async function get(port: number, url: string, headers: Record<string, string> = {}) {
  const res = await request(`http://127.0.0.1:${port}${url}`, {
    headers: { host: 'www.example.test', ...headers },
  });
  const cookie = res.headers['set-cookie'];
  return {
    status: res.statusCode,
    text: await res.body.text(),
    cookie: Array.isArray(cookie) ? cookie[0] : cookie,
  };
}

async function waitFor<T>(fn: () => Promise<T>, timeoutMs = 60_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    try {
      return await fn();
    } catch (error) {
      if (Date.now() - start > timeoutMs) throw error;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

let root: string;
const servers: ChildProcess[] = [];
const output: string[] = [];

async function startServer(): Promise<number> {
  const port = await freePort();
  const server = spawn(process.execPath, [stack, 'runserver', `127.0.0.1:${port}`, '--noreload'], {
    cwd: root,
    env: { ...process.env, NO_COLOR: '1', CACHE_URL: redisUrl, CACHE_PREFIX: keyPrefix },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const index = output.push('') - 1;
  server.stdout!.on('data', (chunk) => (output[index] += chunk));
  server.stderr!.on('data', (chunk) => (output[index] += chunk));
  servers.push(server);
  await waitFor(() => get(port, '/pid/'));
  return port;
}

const describeRedis = redisUrl || process.env.CI ? describe : describe.skip;

describeRedis('a cached project served by two processes sharing Redis', () => {
  let a: number;
  let b: number;

  beforeAll(async () => {
    if (!redisUrl)
      throw new Error('STACK_TEST_REDIS_URL is not set: start Redis (scripts/services.sh).');
    root = mkdtempSync(path.join(here, '.tmp-cache-project-'));
    mkdirSync(path.join(root, 'mysite'));
    writeFileSync(
      path.join(root, 'package.json'),
      JSON.stringify({ type: 'module', stack: { settings: 'mysite/settings.ts' } }),
    );
    writeFileSync(path.join(root, 'mysite/settings.ts'), settingsFile);
    writeFileSync(path.join(root, 'mysite/urls.ts'), urlsFile);
    [a, b] = await Promise.all([startServer(), startServer()]);
  }, 120_000);

  afterAll(async () => {
    for (const server of servers) if (server.pid) process.kill(-server.pid, 'SIGTERM');
    if (redisUrl) {
      const cleanup = new RedisCache({ location: redisUrl, keyPrefix });
      await cleanup.clear();
      await cleanup.close();
    }
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('runs two distinct processes', async () => {
    const [pidA, pidB] = [(await get(a, '/pid/')).text, (await get(b, '/pid/')).text];
    expect(pidA).toMatch(/^\d+$/);
    expect(pidB).not.toBe(pidA);
  });

  it('serves on B, from Redis, the page cachePage cached on A', async () => {
    const pidA = (await get(a, '/pid/')).text;
    const first = await get(a, '/cached/');
    expect(first.text).toBe(`rendered by process ${pidA}`);
    // B never renders it: its own view would name B's process.
    const second = await get(b, '/cached/');
    expect([second.status, second.text]).toEqual([200, `rendered by process ${pidA}`]);
    const redis = new RedisCache({ location: redisUrl!, keyPrefix });
    try {
      const client = await redis.client();
      const keys = await client.scan(
        '0',
        'MATCH',
        `${keyPrefix}:1:views.decorators.cache.cache_page.*`,
        'COUNT',
        1000,
      );
      expect(keys[1].length).toBeGreaterThanOrEqual(1);
    } finally {
      await redis.close();
    }
  });

  it('shares what the manual cache.get/cache.set view stored', async () => {
    const pidB = (await get(b, '/pid/')).text;
    const onB = JSON.parse((await get(b, '/manual/')).text);
    expect(onB).toEqual({ data: { computedBy: Number(pidB), rows: [1, 2, 3] } });
    const onA = JSON.parse((await get(a, '/manual/')).text);
    expect(onA).toEqual(onB);
  });

  it('keeps sessions in the shared cache', async () => {
    const first = await get(a, '/visits/');
    expect(first.text).toBe('visit 1');
    const cookie = first.cookie!.split(';')[0]!;
    expect((await get(b, '/visits/', { cookie })).text).toBe('visit 2');
    expect((await get(a, '/visits/', { cookie })).text).toBe('visit 3');
  });
});
