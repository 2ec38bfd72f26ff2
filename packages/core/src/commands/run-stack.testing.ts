// Test support, never imported by the package: runs the `stack` command in-process, in a given
// folder, and captures what it writes. Shared by the commands' tests.
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
