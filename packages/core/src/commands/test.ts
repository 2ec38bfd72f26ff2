import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CheckLevel, formatCheckMessages, runChecks } from '../checks.js';
import { type Command, type CommandOutput, commandOutput } from '../command.js';
import { CommandError } from '../errors.js';
import { resolveFromProject } from '../internal/project-import.js';
import { getSettings } from '../settings.js';
import { createTestDatabases, destroyTestDatabases } from '../testing/databases.js';
import { discoverTests } from '../testing/discover.js';
import { TEST_DATABASES_ENV, TEST_PATTERNS_ENV } from '../testing/environment.js';
import { DjangoReporter } from '../testing/reporter.js';
import { migrateCommand } from './migrations.js';
import type * as VitestApi from 'vitest/node';

type VitestNode = typeof VitestApi;

const here = fileURLToPath(import.meta.url);
// Run from the sources (a checkout, not node_modules): the tests load Stack from src/ too.
const fromSource = !here.includes(`${path.sep}node_modules${path.sep}`);

/** The setup module every test file starts with, beside this one in src/ or dist/. */
function setupFile(): string {
  const ext = path.extname(here);
  const base =
    path.basename(here) === `test${ext}` ? path.dirname(path.dirname(here)) : path.dirname(here);
  // src/commands/test.ts → src/testing/vitest-setup.ts; dist/<chunk>.js → dist/testing/vitest-setup.js
  return path.join(base, 'testing', `vitest-setup${ext}`);
}

async function loadVitest(baseDir: string): Promise<VitestNode> {
  const file = resolveFromProject('vitest/node', baseDir);
  try {
    return (await import(file ? pathToFileURL(file).href : 'vitest/node')) as VitestNode;
  } catch (error) {
    throw new CommandError(
      `stack test runs vitest, which is not installed here: npm install --save-dev vitest (${(error as Error).message})`,
    );
  }
}

async function checks(out: CommandOutput): Promise<void> {
  const messages = await runChecks(getSettings());
  if (messages.length > 0) out.write(formatCheckMessages(messages) + '\n');
  if (messages.some((m) => m.level >= CheckLevel.ERROR))
    throw new CommandError('System check identified errors; fix them first.');
  out.write('System check identified no issues (0 silenced).\n');
}

/** `stack test [label …]`: Django's test runner on vitest. */
export const testCommand: Command = {
  name: 'test',
  help:
    "Runs the tests of the installed apps with vitest: each app's tests.ts, test_*.ts and\n" +
    '*.test.ts, or those of the app labels, folders or files named. Creates test databases\n' +
    '(test_<name>), migrates them once, and destroys them afterwards unless --keepdb.',
  arguments: [{ name: 'test_label', help: 'Apps (polls), folders or files.', optional: true }],
  options: {
    keepdb: { type: 'boolean', help: 'Keep the test databases between runs (and reuse them).' },
    noinput: { type: 'boolean', help: 'Ask nothing (old test databases are always replaced).' },
    'no-input': { type: 'boolean', help: 'Same as --noinput.' },
    failfast: { type: 'boolean', help: 'Stop at the first failed test.' },
    k: {
      type: 'string',
      multiple: true,
      help: 'Only test methods whose id (Class.testMethod) contains this, or matches it with *.',
    },
    verbosity: {
      type: 'string',
      short: 'v',
      default: '1',
      help: '0, 1 (dots) or 2 (a line a test).',
    },
  },
  async handle({ args, options, stderr, stdout, cwd }) {
    const settings = getSettings();
    const verbosity = Number(options.verbosity);
    const keepdb = Boolean(options.keepdb);
    const files = discoverTests(args, cwd);
    const vitest = await loadVitest(settings.baseDir);
    const original = settings.databases;
    const quiet = commandOutput({ write: () => undefined });
    const log = verbosity >= 1 ? stderr : quiet;
    const made = await createTestDatabases(settings, { keepdb, out: log });
    const reporter = new DjangoReporter(stderr, settings.baseDir, verbosity);
    let failed = true;
    try {
      for (const alias of Object.keys(settings.databases)) {
        await migrateCommand.handle({
          args: [],
          options: { database: alias },
          stdout: verbosity >= 2 ? stdout : quiet,
          stderr,
          cwd,
        });
      }
      await checks(verbosity >= 1 ? stdout : quiet);
      process.env[TEST_DATABASES_ENV] = JSON.stringify(settings.databases);
      if (Array.isArray(options.k)) process.env[TEST_PATTERNS_ENV] = JSON.stringify(options.k);
      const { connections } = await import('@stack/orm');
      await connections.closeAll();
      const conditions = fromSource
        ? ['@stack/source', 'module', 'node', 'development|production']
        : undefined;
      const run = await vitest.startVitest(
        'test',
        [],
        {
          run: true,
          watch: false,
          config: false,
          root: settings.baseDir,
          include: files.map((f) => path.relative(settings.baseDir, f)),
          setupFiles: [setupFile()],
          reporters: [reporter as never],
          fileParallelism: false,
          pool: 'forks',
          ...(options.failfast && { bail: 1 }),
          passWithNoTests: true,
        },
        conditions ? { resolve: { conditions }, ssr: { resolve: { conditions } } } : {},
      );
      await run.close();
      failed = !reporter.succeeded;
    } finally {
      delete process.env[TEST_DATABASES_ENV];
      delete process.env[TEST_PATTERNS_ENV];
      await destroyTestDatabases(settings, original, made, { keepdb, out: log });
    }
    return failed ? 1 : 0;
  },
};
