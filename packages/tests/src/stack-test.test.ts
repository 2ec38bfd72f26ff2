import { execFile } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { connections } from '@stack/orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `stack test` on the Django tutorial's polls project (projects/mysite), copied to a temporary
// folder whose node_modules is this package's: the real binary, vitest, SQLite files, and
// PostgreSQL when STACK_TEST_POSTGRES_URL is set.
const stack = fileURLToPath(new URL('../../framework/bin/stack.js', import.meta.url));
const source = fileURLToPath(new URL('../projects/mysite/', import.meta.url));
const modules = fileURLToPath(new URL('../node_modules/', import.meta.url));
const chromium = process.env.STACK_TEST_CHROMIUM ?? '/usr/bin/chromium';
const postgres = process.env.STACK_TEST_POSTGRES_URL;

let root: string;
let project: string;

function stackTest(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [stack, 'test', ...argv],
      { cwd: project, env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 10 * 1024 * 1024 },
      (error, out, err) =>
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, out, err }),
    );
  });
}

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'stack-test-command-'));
  project = path.join(root, 'mysite');
  cpSync(source, project, { recursive: true });
  symlinkSync(modules, path.join(project, 'node_modules'), 'dir');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

// Steps on one project, each building on the last: they run in order, never shuffled.
describe('stack test', { shuffle: false }, () => {
  it("runs the Django tutorial's part 5 tests with `stack test polls`", async () => {
    // The browser test of the app needs Chromium; without it (outside CI) run the rest.
    const withBrowser = existsSync(chromium) || process.env.CI === 'true';
    // The example of the core README's Testing section is one more test of this project.
    const readme = readFileSync(new URL('../../core/README.md', import.meta.url), 'utf8');
    const testing = readme.slice(readme.indexOf('## Testing'));
    writeFileSync(
      path.join(project, 'polls/test_readme.ts'),
      /```ts\n([\s\S]*?)```/.exec(testing)![1]!,
    );
    const { code, err, out } = await stackTest(
      ...(withBrowser ? ['polls'] : ['polls/tests.ts', 'polls/test_readme.ts']),
    );
    expect(err).toContain("Creating test database for alias 'default'...");
    expect(out).toContain('System check identified no issues (0 silenced).');
    expect(err).toMatch(new RegExp(`\\n\\.{${withBrowser ? 15 : 14}}\\n`));
    expect(err).toMatch(/Ran \d+ tests in \d+\.\d{3}s\n\nOK\n/);
    expect(err).toContain(`Ran ${withBrowser ? 15 : 14} tests`);
    expect(err).toContain("Destroying test database for alias 'default'...");
    expect(code).toBe(0);
    expect(existsSync(path.join(project, 'test_db.sqlite3'))).toBe(false);
    expect(existsSync(path.join(project, 'db.sqlite3'))).toBe(false);
  }, 240_000);

  it('reports failures and errors as Django does, and keeps the database with --keepdb', async () => {
    writeFileSync(
      path.join(project, 'polls/test_outcomes.ts'),
      [
        "import { SimpleTestCase } from '@stack/framework/test';",
        '',
        'export class OutcomeTests extends SimpleTestCase {',
        '  async testPasses() {',
        '    this.assertEqual(1 + 1, 2);',
        '  }',
        '  async testFails() {',
        "    this.assertEqual('left', 'right');",
        '  }',
        '  async testErrors() {',
        "    throw new TypeError('not an assertion');",
        '  }',
        '}',
        'OutcomeTests.register();',
        '',
      ].join('\n'),
    );
    const first = await stackTest('polls/test_outcomes.ts', '--keepdb', '-v', '2');
    expect(first.code).toBe(1);
    expect(first.err).toContain('testPasses (polls.test_outcomes.OutcomeTests) ... ok');
    expect(first.err).toContain('testFails (polls.test_outcomes.OutcomeTests) ... FAIL');
    expect(first.err).toContain('testErrors (polls.test_outcomes.OutcomeTests) ... ERROR');
    expect(first.err).toContain(
      `${'='.repeat(70)}\nFAIL: testFails (polls.test_outcomes.OutcomeTests)\n${'-'.repeat(70)}\nAssertionError:`,
    );
    expect(first.err).toContain('ERROR: testErrors (polls.test_outcomes.OutcomeTests)');
    expect(first.err).toContain('TypeError: not an assertion');
    expect(first.err).toContain('FAILED (failures=1, errors=1)');
    expect(first.err).toContain("Preserving test database for alias 'default'...");
    expect(existsSync(path.join(project, 'test_db.sqlite3'))).toBe(true);

    const again = await stackTest('polls/test_outcomes.ts', '--keepdb', '-k', 'testPasses');
    expect(again.err).toContain("Using existing test database for alias 'default'...");
    expect(again.err).toMatch(/\n\.\n-{70}\nRan 1 test in .*\n\nOK\n/);
    expect(again.code).toBe(0);
    rmSync(path.join(project, 'test_db.sqlite3'));
  }, 240_000);

  it('explains a label that is neither an app nor a file', async () => {
    const { code, err } = await stackTest('nope');
    expect(code).toBe(1);
    expect(err).toContain("'nope' is not an installed app with tests, a folder or a file.");
  }, 60_000);
});

describe.skipIf(!postgres && process.env.CI !== 'true')('stack test on PostgreSQL', () => {
  it('creates test_<name> on the server, migrates it, and drops it afterwards', async () => {
    if (!postgres) throw new Error('CI needs STACK_TEST_POSTGRES_URL to run the PostgreSQL tests.');
    writeFileSync(
      path.join(project, 'mysite/settings_pg.ts'),
      [
        "import settings from './settings.ts';",
        '',
        'export default {',
        '  ...settings,',
        `  databases: { default: { engine: 'postgres', url: ${JSON.stringify(postgres)} } },`,
        '};',
        '',
      ].join('\n'),
    );
    const name = `test_${decodeURIComponent(new URL(postgres).pathname.slice(1))}`;
    const { code, err } = await stackTest('polls/tests.ts', '--settings', 'mysite/settings_pg.ts');
    expect(err).toContain("Creating test database for alias 'default'...");
    expect(err).toContain('Ran 13 tests');
    expect(code).toBe(0);
    await connections.configure({ default: { engine: 'postgres', url: postgres } });
    try {
      const rows = await connections
        .get()
        .session.all('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      expect(rows).toEqual([]);
    } finally {
      await connections.closeAll();
    }
  }, 240_000);
});
