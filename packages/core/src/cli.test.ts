import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { execute } from './cli.js';
import { registerCommand } from './command.js';
import { sink } from './commands/run-stack.testing.js';
import { configure } from './settings.js';

// Every command runs in a folder this file owns: an empty one unless a test says otherwise, so
// what else lives in the system temp folder (another test's project) is never discovered.
let root: string;
let empty: string;
beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'stack-cli-'));
  empty = path.join(root, 'empty');
  mkdirSync(empty);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function run(argv: string[], cwd = empty) {
  const stdout = sink();
  const stderr = sink();
  const code = await execute(argv, { stdout, stderr, cwd });
  return { code, out: stdout.text, err: stderr.text };
}

afterEach(() => {
  delete process.env.STACK_SETTINGS_MODULE;
});

describe('stack help', () => {
  it('lists every command with its summary', async () => {
    const { code, out } = await run(['help']);
    expect(code).toBe(0);
    for (const name of ['check', 'shell', 'startproject', 'startapp']) expect(out).toContain(name);
  });

  it('shows the usage, arguments and options of one command', async () => {
    const { out } = await run(['help', 'startproject']);
    expect(out).toContain('usage: stack startproject [options] name [directory]');
    expect(out).toContain('--no-color');
    expect((await run(['startapp', '--help'])).out).toContain('usage: stack startapp');
  });

  it('suggests a close command for a misspelt one', async () => {
    configure({ debug: true });
    const { code, err } = await run(['chek']);
    expect(code).toBe(1);
    expect(err).toContain("Unknown command: 'chek'. Did you mean check?");
  });
});

describe('stack startproject and startapp', () => {
  it('writes a project and an app, and refuses to overwrite them', async () => {
    const dir = mkdtempSync(path.join(root, 'project-'));
    const project = path.join(dir, 'mysite');
    const { code, out } = await run(['startproject', 'mysite', project]);
    expect(code).toBe(0);
    expect(out).toContain('Project created.');
    for (const file of ['package.json', 'mysite/settings.ts', 'mysite/urls.ts', 'mysite/wsgi.ts']) {
      expect(existsSync(path.join(project, file))).toBe(true);
    }
    const pkg = JSON.parse(readFileSync(path.join(project, 'package.json'), 'utf8'));
    expect(pkg.stack.settings).toBe('mysite/settings.ts');
    const settingsFile = readFileSync(path.join(project, 'mysite/settings.ts'), 'utf8');
    expect(settingsFile).toMatch(/stack-insecure-[^']{50}'/);
    expect((await run(['startproject', 'mysite', project])).code).toBe(1);

    expect((await run(['startapp', 'polls', project])).code).toBe(0);
    expect(readFileSync(path.join(project, 'polls/views.ts'), 'utf8')).toContain(
      "'polls/index.html'",
    );
    expect(existsSync(path.join(project, 'polls/templates/polls/index.html'))).toBe(true);
    const again = await run(['startapp', 'polls', project]);
    expect(again.code).toBe(1);
    expect(again.err).toContain('already exists');
  });

  it('refuses names that are not identifiers or that clash', async () => {
    for (const bad of ['my-site', '1site', '../evil', 'node_modules', '__proto__x!']) {
      const { code, err } = await run(['startproject', bad, path.join(root, 'never')]);
      expect(code).toBe(1);
      expect(err).toMatch(/not a valid project name|conflicts/);
    }
  });

  it('explains a missing argument and an unknown option', async () => {
    expect((await run(['startapp'])).err).toContain('missing argument name');
    expect((await run(['startapp', 'x', '--bogus'])).err).toContain("Unknown option '--bogus'");
  });
});

describe('stack check', () => {
  it('finds a project by its package.json and reports its problems', async () => {
    const dir = mkdtempSync(path.join(root, 'check-'));
    writeFileSync(
      path.join(dir, 'settings.mjs'),
      'export default { debug: false, secretKey: "x" };',
    );
    writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify({ stack: { settings: 'settings.mjs' } }),
    );
    const failing = await run(['check'], dir);
    expect(failing.code).toBe(1);
    expect(failing.err).toContain('(security.E009)');
    expect(failing.err).toContain('(security.E020)');
  });

  it('passes a clean project and can fail on warnings', async () => {
    configure({ debug: true, middleware: [function timing() {}] as never });
    expect((await run(['check'])).out).toContain('security.W003');
    expect((await run(['check'])).code).toBe(0);
    expect((await run(['check', '--fail-level', 'WARNING'])).code).toBe(1);
  });
});

describe('the command registry', () => {
  // Registered for every test here, so none depends on another having run first.
  beforeAll(() =>
    registerCommand({
      name: 'greet',
      help: 'Greets.',
      arguments: [{ name: 'who', help: 'who' }],
      options: { shout: { type: 'boolean', help: 'louder' } },
      handle: ({ args, options, stdout }) => {
        const text = `hello ${args[0]}`;
        stdout.write(stdout.style.SUCCESS(options.shout ? text.toUpperCase() : text) + '\n');
      },
    }),
  );

  it('runs a command another layer registered, with its options', async () => {
    configure({ debug: true });
    expect((await run(['greet', 'ann', '--shout'])).out).toBe('HELLO ANN\n');
    expect((await run(['help'])).out).toContain('greet');
  });

  it('colours output only when asked or on a terminal', async () => {
    configure({ debug: true });
    const stdout = sink();
    await execute(['greet', 'bo', '--force-color'], { stdout, stderr: sink(), cwd: empty });
    expect(stdout.text).toContain('\x1b[');
  });

  it('prints a failing command as an error without a stack trace', async () => {
    configure({ debug: true });
    const { code, err } = await run(['shell', '-c', 'nope(']);
    expect(code).toBe(1);
    expect(err).toContain('SyntaxError');
  });
});

describe('stack shell -c', () => {
  it('runs code with the settings in scope and prints the result', async () => {
    configure({ debug: true, timeZone: 'UTC' });
    expect((await run(['shell', '-c', 'settings.timeZone'])).out).toBe("'UTC'\n");
    expect((await run(['shell', '-c', 'const x = 2; console.log; return x * 21'])).out).toBe(
      '42\n',
    );
  });
});
