import { afterAll, beforeAll, describe, it } from 'vitest';

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

/**
 * Hands a test class to vitest: `describe(Class.name)`, the class hooks as `beforeAll` and
 * `afterAll`, one `it` per test method.
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
    for (const name of testMethodNames(Class)) it(name, () => hooks.runTest(name));
  });
}
