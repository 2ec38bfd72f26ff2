import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('@stack/forms without the ORM', () => {
  it('imports only types from @stack/orm, so it loads where the ORM is not installed', () => {
    const root = new URL('.', import.meta.url).pathname;
    const offenders = sources(root).filter((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .some((line) => /from '@stack\/orm'/.test(line) && !/^import type /.test(line)),
    );
    expect(offenders).toEqual([]);
  });
});
