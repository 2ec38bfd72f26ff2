import { afterEach } from 'vitest';

/**
 * Runs before every test file of every package (vitest.shared.ts). A test must not depend on
 * the developer's shell, nor leave the process changed for the next test.
 */

// A project's settings module or a superuser password exported in the shell would otherwise be
// picked up by the tests that exercise discovery and `createsuperuser`.
for (const name of ['STACK_SETTINGS_MODULE', 'STACK_SUPERUSER_PASSWORD']) delete process.env[name];

const cwd = process.cwd();
afterEach(() => {
  if (process.cwd() === cwd) return;
  const moved = process.cwd();
  process.chdir(cwd);
  throw new Error(`The test changed the working directory to ${moved}; pass a cwd instead.`);
});
