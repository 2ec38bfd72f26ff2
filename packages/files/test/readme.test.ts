import { readFileSync, rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { setDefaultStorage } from '../src/index.js';

// Runs the README's example as it is written: the code block, saved as a module, imported.
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const example = /## Example[^\n]*\n\n```ts\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
const dir = mkdtempSync(join(tmpdir(), 'stack-files-readme-'));
let location = '';
afterAll(() => {
  setDefaultStorage(null);
  rmSync(dir, { recursive: true, force: true });
  if (location) rmSync(location, { recursive: true, force: true });
});

describe('the README example', () => {
  it('is at most 20 lines', () => {
    expect(example.trim().split('\n').length).toBeLessThanOrEqual(20);
  });

  it('runs, and does what its comments say', async () => {
    const file = join(dir, 'example.ts');
    const entry = new URL('../src/index.ts', import.meta.url).pathname;
    writeFileSync(file, example.replace("from '@stack/files'", `from '${entry}'`));
    const result = (await import(file)) as Record<string, unknown> & {
      storage: { location: string };
    };
    location = result.storage.location;
    expect(result.first).toBe('reports/q1_summary.txt');
    expect(result.second).toMatch(/^reports\/q1_summary_[a-zA-Z0-9]{7}\.txt$/);
    expect(result.url).toBe('/media/reports/q1_summary.txt');
    expect(result.text).toBe('revenue: up');
    expect(result.refused).toBe('SuspiciousFileOperation');
  });
});
