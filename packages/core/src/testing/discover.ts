import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { apps } from '../apps.js';
import { CommandError } from '../errors.js';

const SKIP = new Set(['node_modules', 'migrations', 'templates', 'static', 'dist', 'coverage']);
const TEST_FILE = /^(tests|test[_-].+|.+\.test)\.(ts|mts|js|mjs)$/;

/** Test modules under a folder: `tests.ts`, `test_*.ts`, `*.test.ts` (Django's `test*.py`). */
export function testFilesIn(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || SKIP.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...testFilesIn(full));
    else if (entry.isFile() && (TEST_FILE.test(entry.name) || isInTestsFolder(full, dir)))
      found.push(full);
  }
  return found.sort();
}

// A `tests/` package holds test modules named `test*.ts` (Django's discovery inside it).
function isInTestsFolder(file: string, dir: string): boolean {
  return path.basename(dir) === 'tests' && /^test.*\.(ts|mts|js|mjs)$/.test(path.basename(file));
}

/**
 * The test files `stack test` runs: those of every installed app folder, or of the labels
 * given (an app label, a folder, or a file, relative to `cwd`), as Django's test labels.
 */
export function discoverTests(labels: readonly string[], cwd: string): string[] {
  const appFolders = apps.getAppConfigs().filter((a) => a.path);
  if (labels.length === 0) return appFolders.flatMap((a) => testFilesIn(a.path));
  return labels.flatMap((label) => {
    const app = appFolders.find((a) => a.label === label);
    if (app) return testFilesIn(app.path);
    const target = path.resolve(cwd, label);
    if (existsSync(target)) return statSync(target).isDirectory() ? testFilesIn(target) : [target];
    throw new CommandError(
      `'${label}' is not an installed app with tests, a folder or a file. Apps: ` +
        (appFolders.map((a) => a.label).join(', ') || 'none'),
    );
  });
}
