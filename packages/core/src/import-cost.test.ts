import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));

// node:domain (which node:repl loads) patches EventEmitter so every emitter, each server
// request and response included, pays for it: importing @stack/core must not load it.
describe('importing @stack/core', () => {
  it('loads neither node:repl nor node:domain', () => {
    const script = `await import(${JSON.stringify(join(here, 'index.ts'))});
      console.log(JSON.stringify(process.moduleLoadList.filter((m) => /^NativeModule (repl|domain)$/.test(m))));`;
    const out = execFileSync(
      process.execPath,
      ['--conditions=@stack/source', '--import', 'tsx', '--input-type=module', '-e', script],
      { cwd: here, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'test' } },
    );
    expect(JSON.parse(out.trim().split('\n').pop()!)).toEqual([]);
  }, 60_000);
});
