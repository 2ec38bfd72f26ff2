import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectDir } from './support.ts';

// What `npm start` serves: the commands of package.json's start script, run as a newcomer runs
// them (migrate, seed, runserver with debug on), on a SQLite file in a temporary folder.

const stack = path.join(projectDir, 'node_modules/@stack/framework/bin/stack.js');

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

function run(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [stack, ...args], {
    cwd: projectDir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function finished(child: ChildProcess): Promise<void> {
  let output = '';
  child.stdout!.on('data', (chunk) => (output += String(chunk)));
  child.stderr!.on('data', (chunk) => (output += String(chunk)));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`stack exited with ${code}:\n${output}`);
}

describe('npm start', () => {
  let dir: string;
  let server: ChildProcess | undefined;
  let base: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'stack-blog-start-'));
    const env = {
      ...process.env,
      BLOG_DATABASE: path.join(dir, 'db.sqlite3'),
      BLOG_MEDIA_ROOT: path.join(dir, 'media'),
      STACK_DEBUG: '1',
    };
    const { scripts } = JSON.parse(readFileSync(path.join(projectDir, 'package.json'), 'utf8')) as {
      scripts: { start: string };
    };
    expect(scripts.start).toBe('stack migrate && stack seed && stack runserver 127.0.0.1:8000');
    await finished(run(['migrate'], env));
    await finished(run(['seed'], env));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = run(['runserver', `127.0.0.1:${port}`, '--noreload'], env);
    server.stdout!.resume();
    server.stderr!.resume();
    for (let attempt = 0; ; attempt++) {
      const up = await request(`${base}/`).then(
        async (r) => (await r.body.dump(), true),
        () => false,
      );
      if (up) break;
      if (server.exitCode !== null || attempt > 600) throw new Error('runserver did not start');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }, 120_000);

  afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server!.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it("serves the blog's stylesheet through staticfiles, as {% static %} links it", async () => {
    const page = await request(`${base}/`);
    const html = await page.body.text();
    expect(page.statusCode).toBe(200);
    expect(html).toContain('<link rel="stylesheet" href="/static/css/blog.css" />');
    const css = await request(`${base}/static/css/blog.css`);
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    expect(await css.body.text()).toBe(
      readFileSync(path.join(projectDir, 'blog/static/css/blog.css'), 'utf8'),
    );
  });

  it('serves uploads from mediaRoot while debug is on', async () => {
    const file = path.join(dir, 'media', 'posts', 'dot.png');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, 'png bytes');
    const image = await request(`${base}/media/posts/dot.png`);
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/png');
    expect(await image.body.text()).toBe('png bytes');
  });
});
