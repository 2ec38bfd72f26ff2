import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

// scripts/test-summary.mjs, the verdict at the end of `npm test`, run on a made-up checkout.
const script = fileURLToPath(new URL('../../../scripts/test-summary.mjs', import.meta.url));
const run = promisify(execFile);
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

type Report = { passed: number; failed?: string[]; skipped?: number } | 'missing';

function checkout(packages: Record<string, Report>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'stack-summary-'));
  dirs.push(root);
  for (const [name, report] of Object.entries(packages)) {
    const dir = path.join(root, 'packages', name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ scripts: { test: 'vitest' } }));
    if (report === 'missing') continue;
    const failed = report.failed ?? [];
    writeFileSync(
      path.join(dir, '.vitest-report.json'),
      JSON.stringify({
        numPassedTests: report.passed,
        numFailedTests: failed.length,
        numPendingTests: report.skipped ?? 0,
        numTodoTests: 0,
        success: failed.length === 0,
        testResults: [
          {
            assertionResults: failed.map((fullName) => ({ fullName, status: 'failed' })),
          },
        ],
      }),
    );
  }
  // A package without tests is not expected to report.
  mkdirSync(path.join(root, 'packages', 'no-tests'), { recursive: true });
  writeFileSync(path.join(root, 'packages', 'no-tests', 'package.json'), '{}');
  return root;
}

async function summary(root: string, args: string[] = [], env: Record<string, string> = {}) {
  const base = { ...process.env };
  for (const name of [
    'CI',
    'STACK_TEST_POSTGRES_URL',
    'STACK_TEST_REDIS_URL',
    'STACK_TEST_CHROMIUM',
  ])
    delete base[name];
  try {
    const { stdout } = await run(process.execPath, [script, ...args], {
      cwd: root,
      env: { ...base, ...env },
    });
    return { code: 0, out: stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, out: failed.stdout };
  }
}

const services = {
  STACK_TEST_POSTGRES_URL: 'postgres://x',
  STACK_TEST_REDIS_URL: 'redis://x',
  STACK_TEST_CHROMIUM: '/usr/bin/chromium',
};

describe('scripts/test-summary.mjs', () => {
  it('adds up every package and passes when all did', async () => {
    const root = checkout({ a: { passed: 3 }, b: { passed: 2, skipped: 1 } });
    const { code, out } = await summary(root, [], services);
    expect(out.trim()).toBe('5 passed, 0 failed, 1 skipped');
    expect(code).toBe(0);
  });

  it('names each failed test, and fails', async () => {
    const root = checkout({ a: { passed: 1, failed: ['x > breaks'] } });
    const { code, out } = await summary(root, [], services);
    expect(out).toContain('FAILED packages/a: x > breaks');
    expect(out).toContain('1 passed, 1 failed, 0 skipped');
    expect(code).toBe(1);
  });

  it('fails when a package with tests left no report, instead of under-counting', async () => {
    const root = checkout({ a: { passed: 3 }, b: 'missing' });
    const { code, out } = await summary(root, [], services);
    expect(out).toContain('FAILED packages/b: no test report');
    expect(out).not.toContain('no-tests');
    expect(code).toBe(1);
  });

  it('fails naming what the tests left in their temp folder, ignoring tsx’s cache', async () => {
    const root = checkout({ a: { passed: 3 } });
    const temp = path.join(root, 'tmp');
    mkdirSync(path.join(temp, 'stack-cli-x'), { recursive: true });
    mkdirSync(path.join(temp, 'tsx-0'));
    const { code, out } = await summary(root, ['--temp-folder', temp], services);
    expect(out).toContain('the tests left 1 entries in the temp folder');
    expect(out).toContain('stack-cli-x');
    expect(out).not.toContain('tsx-0');
    expect(code).toBe(1);
    rmSync(path.join(temp, 'stack-cli-x'), { recursive: true });
    expect((await summary(root, ['--temp-folder', temp], services)).code).toBe(0);
  });

  it('says loudly, outside CI, which services were missing and how many tests skipped', async () => {
    const root = checkout({ a: { passed: 3, skipped: 7 } });
    const { code, out } = await summary(root, [], { STACK_TEST_CHROMIUM: '/usr/bin/chromium' });
    expect(out).toContain(
      'MISSING SERVICES: PostgreSQL (STACK_TEST_POSTGRES_URL unset), Redis (STACK_TEST_REDIS_URL unset)',
    );
    expect(out).toContain('Skipped tests: 7 (packages/a 7)');
    expect(code).toBe(0);
    expect((await summary(root, [], { CI: 'true' })).out).not.toContain('MISSING');
  });
});
