import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, execute, loadSettings, setup } from '@stack/core';
import { connections } from '@stack/orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The command line and the project shapes a Django user expects, on a project made by
// `stack startproject` in a temporary folder (its node_modules is this package's).
const stack = fileURLToPath(new URL('../../framework/bin/stack.js', import.meta.url));
const modules = fileURLToPath(new URL('../node_modules/', import.meta.url));
const password = 'correct-horse-battery-staple';
let root: string;
let project: string;

function sink() {
  let text = '';
  return { write: (chunk: string) => void (text += chunk), text: () => text };
}

function stackIn(
  argv: string[],
  options: { input?: string; env?: Record<string, string> } = {},
): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [stack, ...argv], {
      cwd: project,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.on('close', (code) => resolve({ code: code ?? 1, out, err }));
    child.stdin.end(options.input ?? '');
  });
}

function edit(file: string, from: string | RegExp, to: string): void {
  const full = path.join(project, file);
  const text = readFileSync(full, 'utf8');
  const next = text.replace(from, to);
  if (next === text) throw new Error(`${file}: nothing matched ${String(from)}`);
  writeFileSync(full, next);
}

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'stack-cli-'));
  const stdout = sink();
  // execute() honours its cwd: the project lands in root, whatever the process's folder is.
  const code = await execute(['startproject', 'site'], { cwd: root, stdout, stderr: sink() });
  expect(code).toBe(0);
  expect(stdout.text()).toContain('cd site\n');
  project = path.join(root, 'site');
  symlinkSync(modules, path.join(project, 'node_modules'), 'dir');
  expect(
    await execute(['startapp', 'polls'], { cwd: project, stdout: sink(), stderr: sink() }),
  ).toBe(0);

  writeFileSync(
    path.join(project, 'polls/models.ts'),
    [
      "import { CharField, defineModel } from '@stack/framework/orm';",
      '',
      "export class Question extends defineModel<Question>()('polls.Question', {",
      '  questionText: new CharField({ maxLength: 200 }),',
      '}) {}',
      '',
    ].join('\n'),
  );
  mkdirSync(path.join(project, 'polls/templatetags'));
  writeFileSync(
    path.join(project, 'polls/templatetags/shout.ts'),
    [
      "import { Library } from '@stack/framework/templates';",
      '',
      'export const register = new Library();',
      "register.filter('shout', (value: unknown) => `${String(value).toUpperCase()}!`);",
      '',
    ].join('\n'),
  );
  writeFileSync(
    path.join(project, 'polls/templates/polls/index.html'),
    '{% load shout cache %}{% cache 60 title %}<p>{{ title|shout }} at {{ request.path }}</p>{% endcache %}\n',
  );
  writeFileSync(
    path.join(project, 'polls/middleware.ts'),
    [
      "import { HttpResponse } from '@stack/framework/request';",
      '',
      '// A middleware class written as Django writes one.',
      'export class StampMiddleware {',
      '  constructor(private readonly getResponse: (request: any) => Promise<any>) {}',
      '',
      '  async call(request: any) {',
      '    const response = await this.getResponse(request);',
      "    response.set('X-Stamp', request.stamped ?? 'no view');",
      '    return response;',
      '  }',
      '',
      '  processView(request: any, view: unknown) {',
      "    request.stamped = typeof view === 'function' ? 'view seen' : 'odd';",
      '  }',
      '',
      '  processException(_request: any, error: unknown) {',
      "    if ((error as Error).message === 'teapot') return new HttpResponse('short and stout', { status: 418 });",
      '  }',
      '}',
      '',
    ].join('\n'),
  );
  writeFileSync(
    path.join(project, 'polls/urls.ts'),
    [
      "import { path } from '@stack/framework/urls';",
      "import { index } from './views.ts';",
      '',
      "export const appName = 'polls';",
      'export const urlpatterns = [',
      "  path('', index, { name: 'index' }),",
      "  path('teapot/', () => { throw new Error('teapot'); }),",
      '];',
      '',
    ].join('\n'),
  );
  edit(
    'site/settings.ts',
    // Whatever contrib apps the template lists, the project's own app goes last.
    /installedApps: \[([^\]]*)\],/,
    "installedApps: [$1, './polls'],",
  );
  edit(
    'site/settings.ts',
    'middleware: [',
    "middleware: [\n    './polls/middleware.ts:StampMiddleware',",
  );
  edit(
    'site/urls.ts',
    'export const urlpatterns: UrlEntry[] = [];',
    "import { include, path } from '@stack/framework/urls';\nimport * as polls from '../polls/urls.ts';\n\nexport const urlpatterns: UrlEntry[] = [path('polls/', include(polls))];",
  );
  for (const argv of [['makemigrations', 'polls'], ['migrate']]) {
    const done = await stackIn(argv);
    expect(done.err).toBe('');
    expect(done.code).toBe(0);
  }
}, 180_000);

afterAll(async () => {
  await connections.closeAll();
  rmSync(root, { recursive: true, force: true });
});

describe('stack shell -c', () => {
  it('prints the value of an awaited expression', async () => {
    const { code, out } = await stackIn(['shell', '-c', 'await Question.objects.count()']);
    expect(out).toBe('0\n');
    expect(code).toBe(0);
  });

  it("has every installed app's models in scope, contrib's User too", async () => {
    const { out } = await stackIn(['shell', '-c', '[User.name, Group.name, Question.name]']);
    expect(out).toBe("[ 'User', 'Group', 'Question' ]\n");
  });

  it('imports @stack/framework subpaths as a module of the project would', async () => {
    const code = "const { Q } = await import('@stack/framework/orm'); return typeof Q";
    expect((await stackIn(['shell', '-c', code])).out).toBe("'function'\n");
  });
});

describe('stack createsuperuser', () => {
  it('reads its answers from a pipe', async () => {
    const { code, out, err } = await stackIn(['createsuperuser'], {
      input: `piped\npiped@example.com\n${password}\n${password}\n`,
    });
    expect(err).toBe('');
    expect(out.match(/Superuser created successfully\./g)).toHaveLength(1);
    expect(code).toBe(0);
  });

  it('says when the pipe ends before the answers do', async () => {
    const { code, err } = await stackIn(['createsuperuser'], { input: 'short\n' });
    expect(code).toBe(1);
    expect(err).toContain("Standard input ended before an answer to 'Email address:'");
  });

  it('prints its success line once with --noinput', async () => {
    const { code, out } = await stackIn(['createsuperuser', '--noinput'], {
      env: {
        STACK_SUPERUSER_USERNAME: 'quiet',
        STACK_SUPERUSER_EMAIL: 'quiet@example.com',
        STACK_SUPERUSER_PASSWORD: password,
      },
    });
    expect(out).toBe('Superuser created successfully.\n');
    expect(code).toBe(0);
    expect((await stackIn(['shell', '-c', 'await User.objects.count()'])).out).toBe('2\n');
  });
});

describe('a project as startproject writes it', () => {
  let client: Client;

  beforeAll(async () => {
    await setup(await loadSettings(path.join(project, 'site/settings.ts')));
    client = new Client();
  });

  it('loads a Django-style middleware class, its processView and processException', async () => {
    const page = await client.get('/polls/');
    expect(page.get('X-Stamp')).toBe('view seen');
    const teapot = await client.get('/polls/teapot/');
    expect(teapot.status).toBe(418);
    expect(teapot.text).toBe('short and stout');
  });

  it("finds an app's templatetags and Django's cache library by {% load %}, with the request in templates", async () => {
    const page = await client.get('/polls/');
    expect(page.text).toContain('<p>POLLS! at /polls/</p>');
  });

  it("lists Django's middleware and context processors, messages and debug included", () => {
    const settings = readFileSync(path.join(project, 'site/settings.ts'), 'utf8');
    const listed = (from: string) =>
      [...settings.slice(settings.indexOf(from)).matchAll(/^\s+'(@stack\/[^']+)',$/gm)].map(
        (m) => m[1],
      );
    expect(settings).not.toContain('not in this Stack release');
    expect(listed('contextProcessors: [').slice(0, 4)).toEqual([
      '@stack/core:debugContextProcessor',
      '@stack/templates:requestContextProcessor',
      '@stack/contrib-auth:authContextProcessor',
      '@stack/contrib-messages:messagesContextProcessor',
    ]);
    expect(listed('middleware: [').slice(0, 7)).toEqual([
      '@stack/middleware:SecurityMiddleware',
      '@stack/contrib-sessions:SessionMiddleware',
      '@stack/middleware:CommonMiddleware',
      '@stack/middleware:CsrfViewMiddleware',
      '@stack/contrib-auth:AuthenticationMiddleware',
      '@stack/contrib-messages:MessageMiddleware',
      '@stack/middleware:XFrameOptionsMiddleware',
    ]);
  });
});

describe('execute(argv, { cwd })', () => {
  it('makes startproject write where it is told, not in the process folder', async () => {
    const code = await execute(['startproject', 'other', 'elsewhere'], {
      cwd: root,
      stdout: sink(),
      stderr: sink(),
    });
    expect(code).toBe(0);
    expect(readFileSync(path.join(root, 'elsewhere/other/settings.ts'), 'utf8')).toContain(
      'defineSettings',
    );
  });
});
