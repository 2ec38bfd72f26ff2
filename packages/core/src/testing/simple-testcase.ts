import { expect } from 'vitest';
import { AssertionError } from 'node:assert';
import { isDeepStrictEqual } from 'node:util';
import { outbox } from '@stack/mail';
import { CLASS_SETTINGS, type SettingsChange, getSettings } from '../settings.js';
import { Client } from '../test/client.js';
import type { TestResponse } from '../test/client.js';
import {
  type ContainsOptions,
  type RedirectOptions,
  assertFormError,
  assertQuerysetEqual,
  assertRedirects,
  captureQueries,
  countInHtml,
  countInResponse,
  fail,
  htmlEqual,
  parseJson,
  templateCount,
} from './assertions.js';
import { limitDatabases } from './database-access.js';
import { setUpTestEnvironment, tearDownTestEnvironment } from './environment.js';
import { registerWithVitest } from './register.js';

/** Which databases a test case may query: aliases, or `'__all__'`. */
export type Databases = readonly string[] | '__all__';

/** What each TestCase class's setUpTestData() set, copied onto its test instances. */
export const classData = new WeakMap<object, Record<string, unknown>>();

/** The aliases a test case declares, `'__all__'` expanded. */
export function aliasesOf(databases: Databases): string[] {
  return databases === '__all__' ? Object.keys(getSettings().databases) : [...databases];
}

/**
 * Django's `SimpleTestCase`: a test class whose methods named `test…` are vitest tests, each run
 * on a fresh instance with a fresh `this.client`, between `setUp()` and `tearDown()`, with the
 * assertions Django's test cases have. Database queries are refused (`databases = []`).
 * `register()` hands the class to vitest as a `describe` block with one `it` per test method.
 *
 * @example
 * ```ts
 * export class HomeTests extends SimpleTestCase {
 *   async testHome() {
 *     const response = await this.client.get('/');
 *     this.assertContains(response, 'Welcome');
 *   }
 * }
 * HomeTests.register();
 * ```
 */
export class SimpleTestCase {
  /** The aliases the tests may query; none here (`TestCase`: `['default']`). */
  static databases: Databases = [];
  /** The client class `this.client` is made from. */
  static clientClass: typeof Client = Client;

  /** A test client, new for each test. */
  client!: Client;

  /** Runs once before the class's tests (Django's `setUpClass`); call `super.setUpClass()`. */
  static async setUpClass(): Promise<void> {}
  /** Runs once after the class's tests. */
  static async tearDownClass(): Promise<void> {}
  /** Runs before each test. */
  async setUp(): Promise<void> {}
  /** Runs after each test, even a failed one. */
  async tearDown(): Promise<void> {}

  /**
   * Registers the class's `test…` methods with vitest (`describe(ClassName)`, one `it` each).
   * Call it once per class, at the end of the test module.
   */
  static register(): void {
    registerWithVitest(this, {
      beforeAll: () => this.runSetUpClass(),
      afterAll: () => this.runTearDownClass(),
      runTest: (name) => this.runTest(name),
    });
  }

  static #restores = new WeakMap<object, (() => Promise<void> | void)[]>();

  /** @internal What happens before the class's tests: environment, settings, hooks. */
  static async runSetUpClass(): Promise<void> {
    await setUpTestEnvironment();
    const restores: (() => Promise<void> | void)[] = [];
    SimpleTestCase.#restores.set(this, restores);
    const changes =
      (this as unknown as Record<symbol, SettingsChange[] | undefined>)[CLASS_SETTINGS] ?? [];
    for (const change of changes) restores.push(await change());
    restores.push(limitDatabases(this.databases, this.name));
    await this.classSetUp(restores);
    await this.setUpClass();
  }

  /** @internal Extended by the database test cases. */
  protected static async classSetUp(_restores: (() => Promise<void> | void)[]): Promise<void> {}

  /** @internal */
  static async runTearDownClass(): Promise<void> {
    try {
      await this.tearDownClass();
    } finally {
      const restores = SimpleTestCase.#restores.get(this) ?? [];
      for (const restore of restores.reverse()) await restore();
      await tearDownTestEnvironment();
    }
  }

  /** @internal One test: a fresh instance, its set-up, the method, its tear-down. */
  static async runTest(name: string): Promise<void> {
    const instance = new (this as unknown as new () => SimpleTestCase)();
    instance.client = new this.clientClass();
    // As Django's test cases: each test starts with an empty mail.outbox.
    outbox.length = 0;
    Object.assign(instance, classData.get(this));
    await instance.preSetUp();
    try {
      await instance.setUp();
      await (instance as unknown as Record<string, () => unknown>)[name]!();
    } finally {
      try {
        await instance.tearDown();
      } finally {
        await instance.postTearDown();
      }
    }
  }

  /** @internal Extended by the database test cases (fixtures, savepoints). */
  protected async preSetUp(): Promise<void> {}
  /** @internal */
  protected async postTearDown(): Promise<void> {}

  // unittest's assertions, as Django's test cases inherit them.

  /** `a` deep-equals `b`. */
  assertEqual(actual: unknown, expected: unknown, msg?: string): void {
    expect(actual, msg).toEqual(expected);
  }

  assertNotEqual(actual: unknown, expected: unknown, msg?: string): void {
    expect(actual, msg).not.toEqual(expected);
  }

  assertTrue(value: unknown, msg?: string): void {
    if (!value) fail(msg ?? `${String(value)} is not true`);
  }

  assertFalse(value: unknown, msg?: string): void {
    if (value) fail(msg ?? `${String(value)} is not false`);
  }

  /** `a` is `b` (`===`), as Python's `is`. */
  assertIs(actual: unknown, expected: unknown, msg?: string): void {
    expect(actual, msg).toBe(expected);
  }

  assertIsNot(actual: unknown, expected: unknown, msg?: string): void {
    expect(actual, msg).not.toBe(expected);
  }

  assertIsNone(value: unknown, msg?: string): void {
    if (value !== null && value !== undefined) fail(msg ?? `${String(value)} is not None`);
  }

  assertIsNotNone(value: unknown, msg?: string): void {
    if (value === null || value === undefined) fail(msg ?? 'unexpectedly None');
  }

  /** `member` is in `container` (a string, an array, a Set or Map, or an object's keys). */
  assertIn(member: unknown, container: unknown, msg?: string): void {
    if (!contains(container, member))
      fail(msg ?? `${show(member)} not found in ${show(container)}`);
  }

  assertNotIn(member: unknown, container: unknown, msg?: string): void {
    if (contains(container, member))
      fail(msg ?? `${show(member)} unexpectedly found in ${show(container)}`);
  }

  /** `fn` throws (or rejects with) an instance of `ErrorClass`; returns the error. */
  async assertRaises<E extends Error>(
    ErrorClass: abstract new (...args: any[]) => E,
    fn: () => unknown,
    msg?: string,
  ): Promise<E> {
    try {
      await fn();
    } catch (error) {
      if (error instanceof ErrorClass) return error;
      throw error;
    }
    return fail(msg ?? `${ErrorClass.name} not raised`);
  }

  // Django's assertions.

  /**
   * The response has `statusCode` (200) and contains `text` (`count` times exactly, when given;
   * compared as HTML elements with `html`).
   */
  assertContains(response: TestResponse, text: string, options: ContainsOptions = {}): void {
    const found = countInResponse(response, text, options);
    const prefix = options.msgPrefix ?? '';
    if (options.count !== undefined) {
      if (found !== options.count)
        fail(
          `Found ${found} instances of '${text}' in response (expected ${options.count})`,
          prefix,
        );
    } else if (found === 0) fail(`Couldn't find '${text}' in response`, prefix);
  }

  /** The response has `statusCode` (200) and does not contain `text`. */
  assertNotContains(
    response: TestResponse,
    text: string,
    options: Omit<ContainsOptions, 'count'> = {},
  ): void {
    if (countInResponse(response, text, options) !== 0)
      fail(`Response should not contain '${text}'`, options.msgPrefix);
  }

  /** The response redirects to `expectedUrl`, and (fetched) that page answers `targetStatusCode`. */
  assertRedirects(
    response: TestResponse,
    expectedUrl: string,
    options: RedirectOptions = {},
  ): Promise<void> {
    return assertRedirects(response, expectedUrl, options);
  }

  /** The template was rendered for the response (a base or an include counts), `count` times. */
  assertTemplateUsed(
    response: TestResponse,
    templateName: string,
    options: { count?: number; msgPrefix?: string } = {},
  ): void {
    const found = templateCount(response, templateName);
    const prefix = options.msgPrefix ?? '';
    if (response.templates.length === 0) fail('No templates used to render the response', prefix);
    if (found === 0) {
      fail(
        `Template '${templateName}' was not a template used to render the response. Actual template(s) used: ${response.templates.join(', ')}`,
        prefix,
      );
    }
    if (options.count !== undefined && found !== options.count) {
      fail(
        `Template '${templateName}' was expected to be rendered ${options.count} time(s) but was actually rendered ${found} time(s).`,
        prefix,
      );
    }
  }

  /** The template was not rendered for the response. */
  assertTemplateNotUsed(response: TestResponse, templateName: string, msgPrefix = ''): void {
    if (templateCount(response, templateName) > 0)
      fail(`Template '${templateName}' was used unexpectedly in rendering the response`, msgPrefix);
  }

  /** The form in the response's context has these errors on `field` (`null`: non-field errors). */
  assertFormError(
    response: TestResponse,
    form: string,
    field: string | null,
    errors: string | readonly string[],
    msgPrefix = '',
  ): void {
    assertFormError(response, form, field, errors, msgPrefix);
  }

  /** `fn` runs exactly `num` queries on `using` (transaction control statements aside). */
  async assertNumQueries<T>(
    num: number,
    fn: () => T | Promise<T>,
    options: { using?: string } = {},
  ): Promise<T> {
    const { result, queries } = await captureQueries(fn, options.using);
    if (queries.length !== num) {
      fail(
        `${queries.length} != ${num} : ${queries.length} queries executed, ${num} expected\nCaptured queries were:\n` +
          queries.map((q, i) => `${i + 1}. ${q.sql}`).join('\n'),
      );
    }
    return result;
  }

  /** A queryset (or list) equals `values`, in order unless `ordered: false`; model instances by pk. */
  assertQuerysetEqual<T>(
    qs: PromiseLike<readonly T[]> | Iterable<T> | AsyncIterable<T>,
    values: Iterable<unknown>,
    options: { transform?: (item: T) => unknown; ordered?: boolean; msg?: string } = {},
  ): Promise<void> {
    return assertQuerysetEqual(qs, values, options);
  }

  /** Two HTML documents are the same once parsed (whitespace, quoting, attribute order aside). */
  assertHTMLEqual(html1: string, html2: string, msg?: string): void {
    const { equal, left, right } = htmlEqual(html1, html2);
    if (!equal) expect(left, msg ?? `${left} != ${right}`).toBe(right);
  }

  assertHTMLNotEqual(html1: string, html2: string, msg?: string): void {
    const { equal, left, right } = htmlEqual(html1, html2);
    if (equal) fail(msg ?? `${left} == ${right}`);
  }

  /** `needle` occurs in `haystack` as HTML (`count` times exactly, when given). */
  assertInHTML(
    needle: string,
    haystack: string,
    options: { count?: number; msgPrefix?: string } = {},
  ): void {
    const found = countInHtml(needle, haystack);
    if (options.count !== undefined ? found !== options.count : found === 0) {
      fail(
        options.count !== undefined
          ? `Found ${found} instances of '${needle}' in response (expected ${options.count})`
          : `Couldn't find '${needle}' in response`,
        options.msgPrefix,
      );
    }
  }

  /** Two JSON texts (or a text and a value) are equal once parsed. */
  assertJSONEqual(raw: unknown, expected: unknown, msg?: string): void {
    expect(parseJson(raw, 'First argument'), msg).toEqual(parseJson(expected, 'Second argument'));
  }

  assertJSONNotEqual(raw: unknown, expected: unknown, msg?: string): void {
    if (isDeepStrictEqual(parseJson(raw, 'First argument'), parseJson(expected, 'Second argument')))
      fail(msg ?? 'JSON values are equal');
  }
}

function contains(container: unknown, member: unknown): boolean {
  if (typeof container === 'string') return container.includes(String(member));
  if (Array.isArray(container))
    return container.some((v) => v === member || isDeepStrictEqual(v, member));
  if (container instanceof Set || container instanceof Map) return container.has(member);
  if (container && typeof container === 'object') return Object.hasOwn(container, String(member));
  throw new AssertionError({ message: `${show(container)} is not a container` });
}

function show(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : (JSON.stringify(value) ?? String(value));
}
