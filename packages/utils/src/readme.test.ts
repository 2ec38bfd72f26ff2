import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as api from './index.js';

/**
 * Runs the README's example as written: its import becomes a lookup in this package's API, and
 * each `console.log` must print what the `// →` comment after it says.
 */
describe('the README example', () => {
  it('prints what its comments say', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const code = /## Example\s+```ts\n([\s\S]*?)```/.exec(readme)![1]!;
    const expected = [...code.matchAll(/\/\/ → (.*)$/gm)].map((m) => m[1]);
    const body = code.replace(/import \{([\s\S]*?)\} from '@stack\/utils';/, 'const {$1} = api;');
    const printed: string[] = [];
    const console = { log: (value: unknown) => printed.push(String(value)) };
    new Function('api', 'console', body)(api, console);
    expect(expected.length).toBeGreaterThan(5);
    expect(printed).toEqual(expected);
  });
});
