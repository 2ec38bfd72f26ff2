/**
 * The blog on several machines, started by one command: PostgreSQL and Redis (given), two or
 * more blog nodes (deploy/node.ts, each its own processes and workers, nothing shared in memory)
 * and Debian's nginx in front, balancing them.
 *
 *   BLOG_DATABASE_URL=postgres://… BLOG_REDIS_URL=redis://… npm run deploy   # in apps/blog
 *
 * See deploy/README.md. `startDeployment()` is what the command runs, and what
 * test/deployment.test.ts starts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const deployDir = import.meta.dirname;
const projectDir = path.dirname(deployDir);

export interface DeploymentOptions {
  /** PostgreSQL, shared by every node. */
  databaseUrl: string;
  /** Redis, shared by every node: sessions, the cache and the channel layer. */
  redisUrl: string;
  /** Prefix of every Redis key of this deployment. Default `'blog'`. */
  redisPrefix?: string;
  /** How many nodes (machines). Default 2. */
  nodes?: number;
  /** Worker processes per node. Default 2. */
  workers?: number;
  /** nginx's port on 127.0.0.1. Default 8080; 0 picks a free one. */
  port?: number;
  /** The secret every node signs sessions and CSRF tokens with. Default: STACK_SECRET_KEY. */
  secretKey?: string;
  /** Create the demo data (once, by the first node). Default true. */
  seed?: boolean;
  /** Where the nginx configuration and every log go. Default: a new temporary folder. */
  dir?: string;
  /** How long a stopping node may finish its requests, ms. Default 30000. */
  gracePeriod?: number;
  /**
   * The uploads folder every node writes and nginx serves (on real machines: a shared volume).
   * Default: `media/` in `dir`.
   */
  mediaRoot?: string;
}

/**
 * `stack collectstatic --noinput` with the nodes' settings: blog/static/ copied to staticRoot
 * with hashed names and `staticfiles.json` (ManifestStaticFilesStorage), once, before any node
 * starts, since a node with debug off renders `{% static %}` from that manifest.
 */
async function collectStatic(env: NodeJS.ProcessEnv, dir: string): Promise<void> {
  const log = path.join(dir, 'collectstatic.log');
  const out = createWriteStream(log);
  const stack = path.join(projectDir, 'node_modules/@stack/framework/bin/stack.js');
  const child = spawn(process.execPath, [stack, 'collectstatic', '--noinput'], {
    cwd: projectDir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`stack collectstatic failed (${code}); see ${log}`);
}

/** One node: its port, its process and its log. */
export interface BlogNode {
  readonly index: number;
  readonly port: number;
  readonly url: string;
  readonly log: string;
  readonly process: ChildProcess;
  /** SIGTERM: the node stops accepting, finishes what it serves, then exits. */
  stop(): Promise<void>;
}

export interface Deployment {
  /** nginx's address, what readers use. */
  readonly url: string;
  readonly dir: string;
  /** The collected static files nginx serves under /static/. */
  readonly staticRoot: string;
  readonly mediaRoot: string;
  readonly nodes: readonly BlogNode[];
  /** Stops nginx and every node still running. */
  close(): Promise<void>;
}

const nginxBinary = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((candidate) =>
  existsSync(candidate),
);

/** Whether Debian's nginx is installed (`apt-get install nginx-light`). */
export const hasNginx = nginxBinary !== undefined;

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function stopProcess(child: ChildProcess): Promise<void> {
  const done = exited(child);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  await done;
}

/** Waits until `url` answers, or fails with the process's log if it exits first. */
async function waitUntilServing(url: string, child: ChildProcess, log: string): Promise<void> {
  let gone = false;
  void exited(child).then(() => (gone = true));
  for (let attempt = 0; attempt < 1200; attempt++) {
    if (gone) throw new Error(`${url} exited before serving; see ${log}`);
    const up = await fetch(url, { redirect: 'manual' }).then(
      (response) => response.status < 500,
      () => false,
    );
    if (up) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not answer within two minutes; see ${log}`);
}

function startNode(index: number, port: number, env: NodeJS.ProcessEnv, dir: string) {
  const log = path.join(dir, `node-${index}.log`);
  const out = createWriteStream(log);
  const child = spawn(
    process.execPath,
    ['--import', '@stack/framework/register', path.join(deployDir, 'node.ts')],
    { cwd: projectDir, env: { ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  const node: BlogNode = {
    index,
    port,
    url: `http://127.0.0.1:${port}`,
    log,
    process: child,
    stop: () => stopProcess(child),
  };
  return node;
}

/**
 * nginx in front of the nodes: round robin; a node that refuses connections (stopping, or
 * down) is skipped and the request goes to the next one (`proxy_next_upstream error`, which
 * with `non_idempotent` nginx applies to a POST too: see the comment in the config); WebSockets
 * are passed through.
 * No upstream keep-alive, so a node's graceful stop never closes a connection nginx is about
 * to reuse for a POST.
 */
export function nginxConfig(options: {
  prefix: string;
  port: number;
  upstreams: number[];
  /** Where `stack collectstatic` put the static files, served under /static/. */
  staticRoot: string;
  /** The uploads every node writes (the featured images), served under /media/. */
  mediaRoot: string;
}) {
  const { prefix, port, upstreams, staticRoot, mediaRoot } = options;
  const servers = upstreams
    .map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=10s;`)
    .join('\n');
  return `daemon off;
master_process off;
worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log ${prefix}/nginx-access.log;
  client_body_temp_path ${prefix}/temp/body;
  proxy_temp_path ${prefix}/temp/proxy;
  fastcgi_temp_path ${prefix}/temp/fastcgi;
  uwsgi_temp_path ${prefix}/temp/uwsgi;
  scgi_temp_path ${prefix}/temp/scgi;
  map $http_upgrade $connection_upgrade {
    default upgrade;
    '' close;
  }
  upstream blog {
${servers}
  }
  include /etc/nginx/mime.types;
  server {
    listen 127.0.0.1:${port};
    client_max_body_size 10m;
    # As \`stack nginxconfig\` prints it: hashed names never change, so they are kept for good.
    location /static/ {
      alias ${staticRoot}/;
      gzip_static on;
      location ~ "\\.[0-9a-f]{12}\\.[A-Za-z0-9]+$" {
        gzip_static on;
        add_header Cache-Control "public, max-age=315360000, immutable";
      }
      add_header Cache-Control "public, max-age=60";
    }
    location /media/ {
      alias ${mediaRoot}/;
      # Uploaded files are never run or sniffed as HTML.
      add_header X-Content-Type-Options nosniff;
    }
    location / {
      proxy_pass http://blog;
      proxy_http_version 1.1;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      # non_idempotent: a connection still in a stopping node's accept queue is reset with the
      # request unread, and nginx would answer such a POST 502 instead of passing it on. Our
      # nodes finish every request they read before they stop, so a POST that failed this way
      # never ran. (A node that crashes mid-request could run one twice: the price.)
      proxy_next_upstream error timeout http_502 http_503 non_idempotent;
      proxy_read_timeout 1h;
      add_header X-Upstream $upstream_addr always;
    }
  }
}
`;
}

/**
 * Collects the static files, starts the nodes at once (each migrates under PostgreSQL's
 * migration lock; the first seeds),
 * waits until each serves, then starts nginx in front of them.
 *
 * @example
 * ```ts
 * const deployment = await startDeployment({ databaseUrl, redisUrl, port: 0 });
 * await fetch(`${deployment.url}/`); // served by one node or the other
 * await deployment.nodes[0]!.stop(); // nginx sends everything to the other
 * await deployment.close();
 * ```
 */
export async function startDeployment(options: DeploymentOptions): Promise<Deployment> {
  if (!nginxBinary) throw new Error('nginx is not installed (apt-get install nginx-light).');
  const dir = options.dir ?? mkdtempSync(path.join(tmpdir(), 'stack-blog-deploy-'));
  mkdirSync(path.join(dir, 'temp'), { recursive: true });
  const secretKey =
    options.secretKey ?? process.env.STACK_SECRET_KEY ?? randomBytes(32).toString('base64url');
  const count = options.nodes ?? 2;
  const staticRoot = path.join(dir, 'static');
  const mediaRoot = path.resolve(options.mediaRoot ?? path.join(dir, 'media'));
  const ports = await Promise.all(Array.from({ length: count }, freePort));
  const base: NodeJS.ProcessEnv = {
    ...process.env,
    BLOG_DATABASE_URL: options.databaseUrl,
    BLOG_REDIS_URL: options.redisUrl,
    BLOG_REDIS_PREFIX: options.redisPrefix ?? 'blog',
    BLOG_WORKERS: String(options.workers ?? 2),
    BLOG_GRACE_PERIOD: String(options.gracePeriod ?? 30_000),
    STACK_SECRET_KEY: secretKey,
    STACK_DEBUG: '0',
    STACK_ALLOWED_HOSTS: '127.0.0.1,localhost',
    BLOG_STATIC_MANIFEST: '1',
    BLOG_STATIC_ROOT: staticRoot,
    BLOG_MEDIA_ROOT: mediaRoot,
  };
  mkdirSync(mediaRoot, { recursive: true });
  await collectStatic(base, dir);
  const seed = options.seed ?? true;
  const nodes = ports.map((port, index) =>
    startNode(index, port, { ...base, BLOG_SEED: seed && index === 0 ? '1' : '0' }, dir),
  );
  let nginx: ChildProcess | undefined;
  const close = async () => {
    if (nginx) await stopProcess(nginx);
    await Promise.all(nodes.map((node) => node.stop()));
  };
  try {
    await Promise.all(
      nodes.map((node) => waitUntilServing(`${node.url}/`, node.process, node.log)),
    );
    const port = options.port === 0 ? await freePort() : (options.port ?? 8080);
    const conf = path.join(dir, 'nginx.conf');
    writeFileSync(
      conf,
      nginxConfig({ prefix: dir, port, upstreams: ports, staticRoot, mediaRoot }),
    );
    nginx = spawn(nginxBinary, ['-p', dir, '-c', conf], { stdio: 'ignore' });
    const url = `http://127.0.0.1:${port}`;
    await waitUntilServing(`${url}/`, nginx, path.join(dir, 'nginx-error.log'));
    return { url, dir, staticRoot, mediaRoot, nodes, close };
  } catch (error) {
    await close();
    throw error;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const databaseUrl = process.env.BLOG_DATABASE_URL;
  const redisUrl = process.env.BLOG_REDIS_URL;
  if (!databaseUrl || !redisUrl) {
    console.error(
      'Set BLOG_DATABASE_URL (PostgreSQL) and BLOG_REDIS_URL (Redis); see deploy/README.md.',
    );
    process.exit(2);
  }
  if (!process.env.STACK_SECRET_KEY)
    console.warn(
      'STACK_SECRET_KEY is not set: a random key is used, so sessions end with this run.',
    );
  const deployment = await startDeployment({
    databaseUrl,
    redisUrl,
    ...(process.env.BLOG_REDIS_PREFIX && { redisPrefix: process.env.BLOG_REDIS_PREFIX }),
    ...(process.env.BLOG_DEPLOY_DIR && { dir: process.env.BLOG_DEPLOY_DIR }),
    ...(process.env.BLOG_MEDIA_ROOT && { mediaRoot: process.env.BLOG_MEDIA_ROOT }),
    port: Number(process.env.PORT ?? 8080),
    nodes: Number(process.env.BLOG_NODES ?? 2),
    workers: Number(process.env.BLOG_WORKERS ?? 2),
  });
  // What runs where, for scripts (and test/deployment.test.ts) to find the nodes.
  const nodes = deployment.nodes.map(({ index, port, url, log, process: child }) => ({
    index,
    port,
    url,
    log,
    pid: child.pid,
  }));
  writeFileSync(
    path.join(deployment.dir, 'deployment.json'),
    JSON.stringify({ url: deployment.url, nodes }),
  );
  console.log(`The blog is served on ${deployment.url}/ by nginx, in front of:`);
  for (const node of nodes)
    console.log(`  node ${node.index}: ${node.url} (pid ${node.pid}, log ${node.log})`);
  console.log(
    `Configuration, logs and deployment.json: ${deployment.dir}. Ctrl-C stops everything.`,
  );
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void deployment.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
