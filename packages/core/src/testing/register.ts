import { afterAll, beforeAll, describe, it } from 'vitest';
import { TEST_PATTERNS_ENV } from './environment.js';

/** The names of a test class's test methods: `test…`, its own and inherited, in order. */
export function testMethodNames(Class: abstract new () => unknown): string[] {
  const names: string[] = [];
  const chain: object[] = [];
  for (
    let proto = Class.prototype as object | null;
    proto && proto !== Object.prototype;
    proto = Object.getPrototypeOf(proto)
  )
    chain.unshift(proto);
  for (const proto of chain) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      const descriptor = Object.getOwnPropertyDescriptor(proto, name);
      if (
        name.startsWith('test') &&
        typeof descriptor?.value === 'function' &&
        !names.includes(name)
      )
        names.push(name);
    }
  }
  return names;
}

// Django's -k: a substring of the test's id, or a shell-style pattern with `*`.
function matcher(pattern: string): RegExp {
  const glob = pattern.includes('*') ? pattern : `*${pattern}*`;
  const source = glob.replace(/[.+^${}()|[\]\\?]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${source}$`);
}

function selected(id: string): boolean {
  const raw = process.env[TEST_PATTERNS_ENV];
  if (!raw) return true;
  return (JSON.parse(raw) as string[]).some((p) => matcher(p).test(id));
}

/**
 * Hands a test class to vitest: `describe(Class.name)`, the class hooks as `beforeAll` and
 * `afterAll`, one `it` per test method (those `-k` selects: `Class.testMethod` ids).
 */
export function registerWithVitest(
  Class: abstract new () => unknown,
  hooks: {
    beforeAll: () => Promise<void>;
    afterAll: () => Promise<void>;
    runTest: (name: string) => Promise<void>;
  },
): void {
  describe(Class.name, () => {
    beforeAll(hooks.beforeAll);
    afterAll(hooks.afterAll);
    // Tests left out by `-k` are not registered at all, so they are neither run nor counted.
    for (const name of testMethodNames(Class))
      if (selected(`${Class.name}.${name}`)) it(name, () => hooks.runTest(name));
  });
}
