/**
 * One node of the blog's deployment on several machines: it migrates (PostgreSQL's migration
 * lock lets every node do so as it starts), seeds the demo data when BLOG_SEED=1, then serves
 * HTTP and WebSockets with BLOG_WORKERS worker processes. Everything shared lives in PostgreSQL
 * (BLOG_DATABASE_URL) and Redis (BLOG_REDIS_URL); nothing is shared in memory.
 *
 *   BLOG_DATABASE_URL=postgres://… BLOG_REDIS_URL=redis://… PORT=8001 \
 *     node --import @stack/framework/register deploy/node.ts
 *
 * SIGTERM stops it gracefully: the port closes (nginx sends new requests to the other nodes),
 * requests in flight finish, WebSockets are closed with 1001 (going away), then it exits.
 */
import cluster from 'node:cluster';
import path from 'node:path';
import { env, execute, loadSettings, setup } from '@stack/framework';
import { serve } from '@stack/framework/asgi';
import { connections } from '@stack/framework/orm';

const projectDir = path.dirname(import.meta.dirname);

if (!env.str('BLOG_DATABASE_URL', '') || !env.str('BLOG_REDIS_URL', '')) {
  console.error('deploy/node.ts needs BLOG_DATABASE_URL (PostgreSQL) and BLOG_REDIS_URL (Redis).');
  process.exit(2);
}

await loadSettings(path.join(projectDir, 'mysite/settings.ts'));
await setup();

if (cluster.isPrimary) {
  const io = { stdout: process.stdout, stderr: process.stderr, cwd: projectDir };
  // `stack migrate` holds the migration lock itself; holding it here covers the seed too.
  const code = await connections.get().withMigrationLock(async () => {
    const migrated = await execute(['migrate'], io);
    if (migrated !== 0 || !env.bool('BLOG_SEED', false)) return migrated;
    return execute(['seed'], io);
  });
  if (code !== 0) process.exit(code);
}

const { application } = await import('../mysite/asgi.ts');
const server = serve(application, {
  host: env.str('HOST', '127.0.0.1'),
  port: env.int('PORT', 8001),
  workers: env.int('BLOG_WORKERS', 2),
  gracePeriod: env.int('BLOG_GRACE_PERIOD', 30_000),
});
const { port } = await server.listening;
if (cluster.isPrimary) console.log(`blog node ${process.pid} listening on 127.0.0.1:${port}`);
