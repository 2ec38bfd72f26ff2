import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  killProcessGroups,
  projectFolder,
  run,
  stackBin as stack,
  stackEnv as env,
  startNode,
  testsDir,
} from './support/project.js';

// A project as `stack startproject` and `stack startapp` write it, the app routed at '/': its
// stylesheet is served by `stack runserver` in development, and after `collectstatic` with the
// manifest storage the page names the hashed file, served by the middleware with immutable caching.
let root: string;
let project: string;
const children: ChildProcess[] = [];

async function runserver(extra: string[], moreEnv: Record<string, string> = {}) {
  const { port, child } = await startNode(
    (port) => [stack, 'runserver', `127.0.0.1:${port}`, '--noreload', '--skip-checks', ...extra],
    { cwd: project, env: moreEnv, children },
  );
  const base = `http://127.0.0.1:${port}`;
  const get = async (target: string, headers: Record<string, string> = {}) => {
    const response = await request(base + target, { headers });
    return {
      status: response.statusCode,
      headers: response.headers,
      text: await response.body.text(),
    };
  };
  const stop = async () => {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(-child.pid!, 'SIGKILL');
    await exited;
  };
  return { get, stop };
}

function edit(file: string, from: string, to: string): void {
  const full = path.join(project, file);
  const text = readFileSync(full, 'utf8');
  expect(text).toContain(from);
  writeFileSync(full, text.replace(from, to));
}

beforeAll(async () => {
  root = projectFolder('.tmp-static-project-', {}, testsDir);
  project = path.join(root, 'mysite');
  await run(process.execPath, [stack, 'startproject', 'mysite'], { cwd: root, env });
  await run(process.execPath, [stack, 'startapp', 'polls'], { cwd: project, env });
  edit('mysite/settings.ts', 'installedApps: [', "installedApps: ['./polls', ");
  edit(
    'mysite/urls.ts',
    "import type { UrlEntry } from '@stack/framework/urls';\n\nexport const urlpatterns: UrlEntry[] = [];",
    "import { include, path, type UrlEntry } from '@stack/framework/urls';\nimport * as polls from '../polls/urls.ts';\n\nexport const urlpatterns: UrlEntry[] = [path('', include(polls))];",
  );
}, 60_000);

afterAll(async () => {
  await killProcessGroups(children);
  rmSync(root, { recursive: true, force: true });
});

describe('a new project’s stylesheet', () => {
  it('is linked by the app’s page and served by runserver while debug is on', async () => {
    const server = await runserver([]);
    const page = await server.get('/');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<link rel="stylesheet" href="/static/polls/style.css">');
    const css = await server.get('/static/polls/style.css');
    expect(css.status).toBe(200);
    expect(css.headers['content-type']).toBe('text/css');
    expect(css.text).toContain('font-family: system-ui');
    expect(css.headers['last-modified']).toMatch(/GMT$/);
    const again = await server.get('/static/polls/style.css', {
      'if-modified-since': css.headers['last-modified'] as string,
    });
    expect(again.status).toBe(304);
    expect((await server.get('/static/../mysite/settings.ts')).status).toBe(404);
    expect((await server.get('/static/%2e%2e/mysite/settings.ts')).status).toBe(404);
    await server.stop();
  }, 60_000);

  it('is not served with --nostatic', async () => {
    const server = await runserver(['--nostatic']);
    expect((await server.get('/static/polls/style.css')).status).toBe(404);
    await server.stop();
  }, 60_000);

  it('after collectstatic with the manifest storage, is named by its hash and cached for good', async () => {
    edit(
      'mysite/settings.ts',
      "  staticUrl: 'static/',",
      "  staticUrl: 'static/',\n  staticfilesStorage: '@stack/contrib-staticfiles:CompressedManifestStaticFilesStorage',",
    );
    edit(
      'mysite/settings.ts',
      "    '@stack/middleware:SecurityMiddleware',",
      "    '@stack/middleware:SecurityMiddleware',\n    '@stack/contrib-staticfiles:StaticFilesMiddleware',",
    );
    const collected = await run(process.execPath, [stack, 'collectstatic', '--noinput'], {
      cwd: project,
      env,
    });
    expect(collected.stdout).toMatch(
      /\d+ static files? copied to '.*staticfiles', \d+ post-processed\./,
    );
    const manifest = JSON.parse(
      readFileSync(path.join(project, 'staticfiles/staticfiles.json'), 'utf8'),
    );
    const hashed = manifest.paths['polls/style.css'] as string;
    expect(hashed).toMatch(/^polls\/style\.[0-9a-f]{12}\.css$/);
    expect(existsSync(path.join(project, 'staticfiles', `${hashed}.gz`))).toBe(true);

    const server = await runserver([], {
      STACK_DEBUG: '0',
      STACK_ALLOWED_HOSTS: '127.0.0.1',
      STACK_SECRET_KEY: 'a-production-like-secret-key-for-the-static-files-test-0123456789',
    });
    const page = await server.get('/');
    expect(page.text).toContain(`<link rel="stylesheet" href="/static/${hashed}">`);
    const css = await server.get(`/static/${hashed}`, { 'accept-encoding': 'br, gzip' });
    expect(css.status).toBe(200);
    expect(css.headers['cache-control']).toBe('max-age=315360000, public, immutable');
    expect(css.headers['content-encoding']).toBe('br');
    expect(css.headers.vary).toContain('Accept-Encoding');
    // Without debug, runserver's own static serving is off: only collected files are served.
    expect((await server.get('/static/polls/missing.css')).status).toBe(404);
    await server.stop();
  }, 90_000);
});
