import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { Redis } from 'ioredis';
import { FormData, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { hasNginx } from '../deploy/cluster.ts';
import { projectDir } from './support.ts';

// The deployment on several machines (deploy/README.md), started by its one command:
// PostgreSQL, Redis, two blog nodes of two workers each, nginx in front. Every check goes over
// real sockets; a node is a process of its own, so anything shared has to go through PostgreSQL
// or Redis.

const serverUrl = process.env.STACK_TEST_POSTGRES_URL;
const redisUrl = process.env.STACK_TEST_REDIS_URL;
const ready = serverUrl !== undefined && redisUrl !== undefined && hasNginx;
if (!ready && process.env.CI)
  throw new Error(
    'CI needs STACK_TEST_POSTGRES_URL, STACK_TEST_REDIS_URL and nginx for the deployment test (scripts/services.sh).',
  );

/** A 1×1 PNG, the featured image a writer uploads. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** Host every request names, as nginx passes it: pages are cached per absolute URL. */
const HOST = 'localhost';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** A reader with a cookie jar, talking to whichever address it is given. */
class Reader {
  cookies = new Map<string, string>();

  async send(
    base: string,
    path: string,
    init: {
      method?: string;
      form?: Record<string, string>;
      /** A multipart body (fields and files); undici writes its content type. */
      multipart?: FormData;
      headers?: Record<string, string>;
    } = {},
  ): Promise<Answer> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const headers: Record<string, string> = {
      host: HOST,
      ...(cookie && { cookie }),
      ...init.headers,
    };
    let body: string | FormData | undefined;
    if (init.form) {
      body = new URLSearchParams(init.form).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers.referer = `http://${HOST}${path}`;
    } else if (init.multipart) {
      body = init.multipart;
      headers.referer = `http://${HOST}${path}`;
    }
    const response = await request(`${base}${path}`, {
      method: (init.method ?? (body ? 'POST' : 'GET')) as 'GET',
      headers,
      body,
    });
    const setCookie = response.headers['set-cookie'];
    for (const line of [setCookie ?? []].flat()) {
      const [pair] = line.split(';');
      const [name, ...value] = pair!.split('=');
      if (value.join('=') === '') this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value.join('='));
    }
    return {
      status: response.statusCode,
      headers: response.headers,
      text: await response.body.text(),
    };
  }

  /** The CSRF token of a page's form. */
  static token(html: string): string {
    const match = /name="csrfmiddlewaretoken" value="([^"]+)"/.exec(html);
    if (!match) throw new Error('no CSRF token in the page');
    return match[1]!;
  }

  async logIn(base: string, username: string): Promise<void> {
    const page = await this.send(base, '/accounts/login/');
    const answer = await this.send(base, '/accounts/login/', {
      form: {
        csrfmiddlewaretoken: Reader.token(page.text),
        username,
        password: `${username}-blog-demo`,
        next: '/',
      },
    });
    if (answer.status !== 302) throw new Error(`login answered ${answer.status}`);
  }

  async comment(base: string, slug: string, content: string): Promise<Answer> {
    return this.send(base, `/post/${slug}/`, {
      form: { csrfmiddlewaretoken: this.cookies.get('csrftoken')!, content },
    });
  }
}

function openSocket(
  base: string,
  slug: string,
): Promise<{ ws: WebSocket; next: () => Promise<unknown> }> {
  const ws = new WebSocket(`${base.replace('http', 'ws')}/ws/post/${slug}/comments/`, {
    headers: { Origin: `http://${HOST}`, Host: HOST },
  });
  const queue: unknown[] = [];
  const waiting: ((m: unknown) => void)[] = [];
  ws.on('message', (data) => {
    const message = JSON.parse(String(data));
    const waiter = waiting.shift();
    if (waiter) waiter(message);
    else queue.push(message);
  });
  const next = () =>
    queue.length > 0
      ? Promise.resolve(queue.shift())
      : new Promise<unknown>((resolve) => waiting.push(resolve));
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, next }));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

interface RunningNode {
  index: number;
  port: number;
  url: string;
  log: string;
  pid: number;
}

/** Whether a process still runs (signal 0 only asks). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(what: string, check: () => boolean, ms: number): Promise<void> {
  for (const end = Date.now() + ms; !check();) {
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.skipIf(!ready)(
  'the blog on several machines (PostgreSQL, Redis, nginx, two nodes)',
  // One deployment's life, in order even in a shuffled run: its last step stops node 0 for
  // good (SIGTERM mid-traffic), which every step before it needs running.
  { shuffle: false },
  () => {
    let command: ChildProcess;
    let output = '';
    let deployment: { url: string; dir: string; nodes: RunningNode[] };
    let database: string;
    let databaseUrl: string;
    let db: pg.Client;
    const prefix = `blog-test-${randomBytes(4).toString('hex')}`;
    let a: string;
    let b: string;

    beforeAll(async () => {
      database = `stack_blog_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${database}`);
      await admin.end();
      const url = new URL(serverUrl!);
      url.pathname = `/${database}`;
      databaseUrl = url.toString();
      // The one command of deploy/README.md, `npm run deploy`, as package.json writes it.
      const dir = mkdtempSync(path.join(tmpdir(), 'stack-blog-deploy-'));
      const { scripts } = JSON.parse(
        readFileSync(path.join(projectDir, 'package.json'), 'utf8'),
      ) as {
        scripts: { deploy: string };
      };
      const [node, ...args] = scripts.deploy.split(' ');
      expect(node).toBe('node');
      // As on a server: not a test run (so the nodes keep access logs and log their shutdown).
      const env = Object.fromEntries(
        Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST')),
      );
      command = spawn(process.execPath, args, {
        cwd: projectDir,
        env: {
          ...env,
          NODE_ENV: 'production',
          BLOG_DATABASE_URL: databaseUrl,
          BLOG_REDIS_URL: redisUrl,
          BLOG_REDIS_PREFIX: prefix,
          BLOG_DEPLOY_DIR: dir,
          PORT: '0',
          STACK_SECRET_KEY: randomBytes(32).toString('base64url'),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      command.stdout!.on('data', (chunk) => (output += String(chunk)));
      command.stderr!.on('data', (chunk) => (output += String(chunk)));
      const manifest = path.join(dir, 'deployment.json');
      await until(
        'the deployment',
        () => {
          if (command.exitCode !== null) throw new Error(`npm run deploy exited:\n${output}`);
          return existsSync(manifest);
        },
        170_000,
      );
      deployment = { dir, ...JSON.parse(readFileSync(manifest, 'utf8')) };
      [a, b] = deployment.nodes.map((n) => n.url) as [string, string];
      db = new pg.Client({ connectionString: databaseUrl });
      await db.connect();
    }, 180_000);

    afterAll(async () => {
      await db?.end();
      if (command && command.exitCode === null) {
        const exited = new Promise((resolve) => command.once('exit', resolve));
        command.kill('SIGTERM'); // as Ctrl-C: nginx, then each node, stop
        await exited;
      }
      for (const n of deployment?.nodes ?? []) expect(alive(n.pid)).toBe(false);
      if (deployment) rmSync(deployment.dir, { recursive: true, force: true });
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.end();
      const redis = new Redis(redisUrl!);
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
    }, 60_000);

    it('prints where the blog is served', () => {
      expect(output).toContain(`The blog is served on ${deployment.url}/ by nginx, in front of:`);
      for (const n of deployment.nodes) expect(output).toContain(`node ${n.index}: ${n.url}`);
    });

    it('applied each migration once, though both nodes migrated as they started', async () => {
      const logs = deployment.nodes.map((node) => readFileSync(node.log, 'utf8'));
      const applied = logs.flatMap((log) => log.match(/Applying \S+\.\.\. OK/g) ?? []);
      expect(applied.filter((line) => line.includes('blog.0001_initial'))).toHaveLength(1);
      expect(logs.filter((log) => log.includes('No migrations to apply.'))).toHaveLength(1);
      const twice = await db.query(
        'SELECT app, name FROM stack_migrations GROUP BY app, name HAVING count(*) > 1',
      );
      expect(twice.rows).toEqual([]);
      const posts = await db.query('SELECT count(*)::int AS n FROM blog_post');
      expect(posts.rows[0].n).toBe(32); // seeded once
    });

    it('balances requests over both nodes through nginx', async () => {
      const upstreams = new Set<string>();
      for (let i = 0; i < 6; i++) {
        const answer = await new Reader().send(deployment.url, '/');
        expect(answer.status).toBe(200);
        upstreams.add(String(answer.headers['x-upstream']));
      }
      expect([...upstreams].sort()).toEqual(
        deployment.nodes.map((node) => `127.0.0.1:${node.port}`).sort(),
      );
    });

    it('serves the collected, hashed stylesheet and the uploads from nginx, not from a node', async () => {
      const page = await new Reader().send(deployment.url, '/');
      const href = /<link rel="stylesheet" href="([^"]+)"/.exec(page.text)?.[1];
      expect(href).toMatch(/^\/static\/css\/blog\.[0-9a-f]{12}\.css$/);
      const css = await new Reader().send(deployment.url, href!);
      expect(css.status).toBe(200);
      expect(css.headers['content-type']).toBe('text/css');
      expect(css.headers['cache-control']).toBe('public, max-age=315360000, immutable');
      expect(css.headers['x-upstream']).toBeUndefined(); // nginx answered alone
      expect(css.text).toBe(
        readFileSync(path.join(projectDir, 'blog/static/css/blog.css'), 'utf8'),
      );
      expect((await new Reader().send(a, href!)).status).toBe(404); // debug off: nodes do not
      // A featured image uploaded through nginx to one node is served by nginx to everyone.
      const writer = new Reader();
      await writer.logIn(deployment.url, 'dev');
      const form = await writer.send(deployment.url, '/post/new/');
      const fields = new FormData();
      fields.set('csrfmiddlewaretoken', Reader.token(form.text));
      fields.set('title', 'Uploaded behind nginx');
      fields.set('content', 'The picture is on the shared media folder.');
      fields.set('published', 'on');
      fields.set('featuredImage', new Blob([PNG], { type: 'image/png' }), 'dot.png');
      const created = await writer.send(deployment.url, '/post/new/', { multipart: fields });
      expect(created.status).toBe(302);
      const shown = await new Reader().send(b, '/post/uploaded-behind-nginx/');
      const src = /<img class="featured-image" src="([^"]+)"/.exec(shown.text)?.[1];
      expect(src).toMatch(/^\/media\/posts\/\d{4}\/\d{2}\/dot(_\w+)?\.png$/);
      const image = await request(`${deployment.url}${src}`, { headers: { host: HOST } });
      expect(image.statusCode).toBe(200);
      expect(image.headers['content-type']).toBe('image/png');
      expect(image.headers['x-content-type-options']).toBe('nosniff');
      expect(image.headers['x-upstream']).toBeUndefined();
      expect(Buffer.from(await image.body.arrayBuffer())).toEqual(PNG);
      expect((await new Reader().send(a, src!)).status).toBe(404); // debug off: nodes do not
      const outside = await new Reader().send(deployment.url, '/media/../deployment.json');
      expect(outside.status).not.toBe(200);
      // The other steps count the 32 demo posts.
      await db.query(`DELETE FROM blog_post WHERE slug = 'uploaded-behind-nginx'`);
    });

    it('recognises on one node a reader who logged in through the other', async () => {
      const reader = new Reader();
      await reader.logIn(a, 'ann');
      const page = await reader.send(b, '/');
      expect(page.text).toContain('Hello, ann');
      const stranger = await new Reader().send(b, '/');
      expect(stranger.text).not.toContain('Hello, ann');
    });

    it('sends a comment posted through one node to a WebSocket reader on the other', async () => {
      const slug = 'a-first-look-at-signals';
      const socket = await openSocket(b, slug);
      const reader = new Reader();
      await reader.logIn(a, 'bob');
      await reader.send(a, `/post/${slug}/`); // the page sets the CSRF cookie the form needs
      const posted = await reader.comment(a, slug, 'Posted on node A, read on node B');
      expect(posted.status).toBe(302);
      expect(await socket.next()).toMatchObject({
        author: 'bob',
        content: 'Posted on node A, read on node B',
      });
      socket.ws.close();
    });

    it('serves from the cache on one node a page the other cached', async () => {
      const slug = 'a-first-look-at-sessions';
      const first = await new Reader().send(a, `/post/${slug}/`);
      expect(first.status).toBe(200);
      expect(first.text).toContain('<h1>A first look at sessions</h1>');
      await db.query(`UPDATE blog_post SET title = 'Renamed behind the cache' WHERE slug = $1`, [
        slug,
      ]);
      const second = await new Reader().send(b, `/post/${slug}/`);
      expect(second.text).toContain('<h1>A first look at sessions</h1>');
      const fresh = await new Reader().send(b, `/post/${slug}/`, {
        headers: { accept: 'application/json' },
      });
      expect(JSON.parse(fresh.text).title).toBe('Renamed behind the cache');
    });

    it('loses no request and no write while one node stops mid-run', async () => {
      const slug = 'a-first-look-at-testing';
      const readers = await Promise.all(
        ['ann', 'bob', 'cleo'].map(async (name) => {
          const reader = new Reader();
          await reader.logIn(deployment.url, name);
          await reader.send(deployment.url, `/post/${slug}/`);
          return reader;
        }),
      );
      const answers: { kind: 'GET' | 'POST'; status: number; upstream: string; at: number }[] = [];
      const sent: string[] = [];
      let running = true;
      const traffic = readers.map(async (reader, r) => {
        for (let i = 0; running || i < 5; i++) {
          let at = Date.now();
          const page = await reader.send(deployment.url, `/?page=${(i % 3) + 1}`);
          answers.push({
            at,
            kind: 'GET',
            status: page.status,
            upstream: String(page.headers['x-upstream']),
          });
          const content = `${prefix} reader ${r} comment ${i}`;
          sent.push(content);
          at = Date.now();
          const posted = await reader.comment(deployment.url, slug, content);
          answers.push({
            at,
            kind: 'POST',
            status: posted.status,
            upstream: String(posted.headers['x-upstream']),
          });
        }
      });
      const stopping = deployment.nodes[0]!;
      const socket = await openSocket(stopping.url, slug);
      const closeCode = new Promise<number>((resolve) => socket.ws.once('close', resolve));
      while (answers.length < 30) await new Promise((resolve) => setTimeout(resolve, 20));
      process.kill(stopping.pid, 'SIGTERM');
      await until('the node to stop', () => !alive(stopping.pid), 60_000);
      const stoppedTime = Date.now();
      const after = answers.length;
      while (answers.length < after + 30) await new Promise((resolve) => setTimeout(resolve, 20));
      running = false;
      await Promise.all(traffic);

      // The node's output reaches its log through the command's pipe: wait for the last lines.
      const log = () => readFileSync(stopping.log, 'utf8');
      await until(
        'the node log',
        () => log().includes('SIGTERM: finishing in-flight requests'),
        10_000,
      );
      expect(log()).not.toContain('exiting now'); // a second signal
      expect(await closeCode).toBe(1001); // going away
      const failed = answers.filter((a) =>
        a.kind === 'GET' ? a.status !== 200 : a.status !== 302,
      );
      expect(failed).toEqual([]);
      // Served by both before the stop; a request sent after it never ends on the stopped node
      // (nginx may try it first, then passes the request on: its X-Upstream lists both).
      const stoppedAt = `127.0.0.1:${stopping.port}`;
      expect(answers.slice(0, after).some((a) => a.upstream.includes(stoppedAt))).toBe(true);
      const later = answers.filter((a) => a.at > stoppedTime);
      expect(later.length).toBeGreaterThan(0);
      expect(later.every((a) => !a.upstream.endsWith(stoppedAt))).toBe(true);
      // Every comment was written, once.
      const stored = await db.query('SELECT content FROM blog_comment WHERE content LIKE $1', [
        `${prefix} %`,
      ]);
      expect(stored.rows.map((row) => row.content).sort()).toEqual([...sent].sort());
    }, 120_000);
  },
);
