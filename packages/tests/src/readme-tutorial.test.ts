import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The tutorial of packages/core/README.md, run as written: its shell blocks line by line, its
// `file=` blocks written, its `edit=` lines replaced, on a git clone of the current commit, with
// every @stack package's registry a closed port (so nothing @stack can come from a registry).
// The clone installs from the outer pnpm store, offline first, so it takes seconds.
const repo = fileURLToPath(new URL('../../../', import.meta.url));
const readme = readFileSync(path.join(repo, 'packages/core/README.md'), 'utf8');
const run = promisify(execFile);

interface Block {
  lang: string;
  info: string;
  body: string;
}

function tutorialBlocks(text: string): Block[] {
  const section = text.slice(text.indexOf('## Tutorial'), text.indexOf('## What is in it'));
  return [...section.matchAll(/```(\w+)([^\n]*)\n([\s\S]*?)```/g)].map((m) => ({
    lang: m[1]!,
    info: m[2]!.trim(),
    body: m[3]!,
  }));
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function waitFor<T>(fn: () => Promise<T>, timeoutMs = 60_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    try {
      return await fn();
    } catch (error) {
      if (Date.now() - start > timeoutMs) throw error;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

async function page(url: string, text: string): Promise<string> {
  const res = await request(url);
  const body = await res.body.text();
  if (!body.includes(text)) throw new Error(`${url} does not show ${text} yet`);
  return body;
}

let root: string;
let env: NodeJS.ProcessEnv;
let server: ChildProcess | undefined;
let serverPort: number;
const outputs: { line: string; stdout: string; stderr: string }[] = [];

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'stack-tutorial-'));
  await run('git', ['clone', '--quiet', repo, path.join(root, 'stack')]);
  const { stdout: store } = await run('npx', ['--yes', 'pnpm@10', 'store', 'path'], { cwd: repo });
  const closed = await freePort();
  writeFileSync(path.join(root, '.npmrc'), `@stack:registry=http://127.0.0.1:${closed}/\n`);
  env = {
    ...process.env,
    NO_COLOR: '1',
    NPM_CONFIG_USERCONFIG: path.join(root, '.npmrc'),
    npm_config_store_dir: store.trim(),
    npm_config_prefer_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
  for (const key of Object.keys(env)) if (/^(VITEST|TEST$|NODE_ENV$)/.test(key)) delete env[key];
  serverPort = await freePort();
}, 120_000);

afterAll(() => {
  if (server?.pid) process.kill(-server.pid, 'SIGTERM');
  rmSync(root, { recursive: true, force: true });
});

async function shellLine(line: string, cwd: string): Promise<void> {
  if (/\bstack runserver\b/.test(line)) {
    // The documented command, on a free port instead of 8000 (other work may hold 8000).
    server = spawn('bash', ['-c', `exec ${line} 127.0.0.1:${serverPort}`], {
      cwd,
      env,
      detached: true,
      stdio: 'ignore',
    });
    await waitFor(() => page(`http://127.0.0.1:${serverPort}/`, 'The install worked'));
    return;
  }
  const { stdout, stderr } = await run('bash', ['-c', line], { cwd, env, maxBuffer: 1 << 24 });
  outputs.push({ line, stdout, stderr });
}

function output(pattern: RegExp): { stdout: string; stderr: string } {
  const found = outputs.filter((o) => pattern.test(o.line));
  expect(found.length, `no command matched ${pattern}`).toBeGreaterThan(0);
  return found.at(-1)!;
}

// Steps on one project, each building on the last: they run in order, never shuffled.
describe('the tutorial of the @stack/core README, from a clone', { shuffle: false }, () => {
  it('runs as written, with no @stack package from a registry', async () => {
    let cwd = root;
    for (const block of tutorialBlocks(readme)) {
      if (block.lang === 'sh') {
        for (const raw of block.body.split('\n')) {
          const line = raw.replace(/\s+#.*$/, '').trim();
          if (!line) continue;
          if (line.startsWith('cd ')) cwd = path.resolve(cwd, line.slice(3));
          else await shellLine(line, cwd);
        }
      } else if (block.info.startsWith('file=')) {
        writeFileSync(path.join(cwd, block.info.slice(5)), block.body);
      } else if (block.info.startsWith('edit=')) {
        const file = path.join(cwd, block.info.slice(5));
        let text = readFileSync(file, 'utf8');
        for (const line of block.body.split('\n').filter(Boolean)) {
          const key = line.slice(0, line.indexOf(':') + 1);
          const before = text;
          text = text.replace(
            new RegExp(`^${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*$`, 'm'),
            line,
          );
          expect(text, `no line starts with ${key} in ${file}`).not.toBe(before);
        }
        writeFileSync(file, text);
      }
    }
    const project = path.join(root, 'mysite');
    expect(cwd).toBe(project);

    const pkg = JSON.parse(readFileSync(path.join(project, 'package.json'), 'utf8'));
    expect(pkg.dependencies['@stack/framework']).toBe('file:../stack/packages/framework');
    expect(output(/stack check/).stdout).toContain('System check identified no issues');
    expect(output(/makemigrations polls/).stdout).toContain('polls/migrations/0001_initial.ts');
    expect(output(/sqlmigrate/).stdout).toContain('CREATE TABLE "polls_question"');
    expect(output(/stack migrate/).stdout).toContain('Applying polls.0001_initial... OK');
    expect(output(/stack shell/).stdout).toBe('0\n');
    const tested = output(/stack test polls/);
    expect(tested.stderr).toMatch(/\n\.\.\n-{70}\nRan 2 tests in [\d.]+s\n\nOK\n/);
    expect(tested.stderr).toContain("Destroying test database for alias 'default'...");

    // The server, started in step 1, reloaded as the files changed.
    const polls = await waitFor(() =>
      page(`http://127.0.0.1:${serverPort}/polls/`, 'Hello from polls!'),
    );
    expect(polls).toContain('<title>polls</title>');
    // Its stylesheet, linked by {% static %} and served by runserver while debug is on.
    expect(polls).toContain('<link rel="stylesheet" href="/static/polls/style.css">');
    // (the server may be restarting for the last file the tutorial wrote: wait for it)
    const css = await waitFor(async () => {
      const res = await request(`http://127.0.0.1:${serverPort}/static/polls/style.css`);
      return {
        status: res.statusCode,
        type: res.headers['content-type'],
        text: await res.body.text(),
      };
    });
    expect(css.status).toBe(200);
    expect(css.type).toBe('text/css');
    expect(css.text).toContain('font-family');
    // A URL that does not exist shows the patterns that were tried (debug is on). The server
    // may be restarting for the last file the tutorial wrote (example.ts): wait for it.
    const missing = await waitFor(async () => {
      const res = await request(`http://127.0.0.1:${serverPort}/nope/`);
      return { status: res.statusCode, text: await res.body.text() };
    });
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('polls/');
  }, 600_000);

  it("runs the README's one-file example with the command its first line gives", async () => {
    const project = path.join(root, 'mysite');
    const example = readFileSync(path.join(project, 'example.ts'), 'utf8');
    const command = /run with: (.+)$/m.exec(example)![1]!;
    const { stdout } = await run('bash', ['-c', command], { cwd: project, env });
    const expected = [...example.matchAll(/^console\.log\(.*\); \/\/ (.+)$/gm)].map((m) => m[1]);
    expect(stdout.trimEnd().split('\n')).toEqual(expected);
  }, 120_000);
});
