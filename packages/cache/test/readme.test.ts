import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisCache } from '../src/index.js';
import { describeWithService } from './services.js';

// The README's example, run as written in its own Node process (as someone outside Stack runs
// it): on local memory, and on a real Redis where another process then finds what it stored.
const run = promisify(execFile);
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const readme = readFileSync(path.join(packageDir, 'README.md'), 'utf8');
const example = /## Example[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)![1]!;

let dir: string;
let file: string;
beforeAll(() => {
  // Inside the package, so `@stack/cache` resolves to this package as it would once installed.
  dir = mkdtempSync(path.join(packageDir, '.tmp-readme-'));
  file = path.join(dir, 'example.ts');
  writeFileSync(file, example);
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const runExample = (env: Record<string, string>) =>
  run(process.execPath, ['--conditions=@stack/source', '--import', 'tsx', file], {
    cwd: dir,
    env: { ...process.env, ...env },
  });

describe('the README example', () => {
  it('is about 20 lines and runs as written on local memory', async () => {
    expect(example.trim().split('\n').length).toBeLessThanOrEqual(22);
    const { stdout } = await runExample({ REDIS_URL: '' });
    expect(stdout).toBe('42 true\n{ hits: 1 }\n');
  });
});

describeWithService('STACK_TEST_REDIS_URL', 'the README example on Redis', (url) => {
  it('leaves the report in Redis for the next process', async () => {
    const db = `${url.replace(/\/\d*$/, '')}/3`;
    const reader = new RedisCache({ location: db, keyPrefix: 'reports' });
    try {
      await reader.delete('daily-report');
      const { stdout } = await runExample({ REDIS_URL: db });
      expect(stdout).toBe('42 true\n{ hits: 1 }\n');
      const report = await reader.get<{ total: number; builtAt: Date }>('daily-report');
      expect(report?.total).toBe(42);
      expect(report?.builtAt).toBeInstanceOf(Date);
    } finally {
      await reader.deleteMany(['daily-report', 'hits']);
      await reader.close();
    }
  });
});
