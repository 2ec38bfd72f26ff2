// Test support, never imported by the package: runs the `stack` command in-process, in a given
// folder, and captures what it writes. Shared by the commands' tests.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { connections } from '@stack/orm';
import { execute } from '../cli.js';

/** A stream that keeps what is written to it. */
export function sink(isTTY = false) {
  let text = '';
  return {
    isTTY,
    write: (chunk: string) => void (text += chunk),
    get text() {
      return text;
    },
  };
}

/** Runs `stack <argv>` with `cwd` as its working folder: the exit code, stdout and stderr. */
export async function runStack(cwd: string, argv: string[]) {
  const stdout = sink();
  const stderr = sink();
  const code = await execute(argv, { stdout, stderr, cwd });
  return { code, out: stdout.text, err: stderr.text };
}

/** This package's folder: projects made in it resolve '@stack/orm' as an installed project's do. */
const packageRoot = fileURLToPath(new URL('../..', import.meta.url));

/**
 * A project folder made inside this package, so that its migration files import the same
 * '@stack/orm' instance as the commands, with `folders` in it: `file()` writes one of its files
 * (lines joined, a final newline), `stack()` runs the command in it, `remove()` closes the
 * database connections and deletes it (call it in `afterAll`).
 */
export function packageProject(prefix: string, folders: readonly string[]) {
  const dir = mkdtempSync(path.join(packageRoot, `.tmp-${prefix}-`));
  for (const folder of folders) mkdirSync(path.join(dir, folder), { recursive: true });
  return {
    dir,
    file: (name: string, lines: readonly string[]) =>
      writeFileSync(path.join(dir, name), [...lines, ''].join('\n')),
    stack: (...argv: string[]) => runStack(dir, argv),
    async remove(): Promise<void> {
      await connections.closeAll();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
