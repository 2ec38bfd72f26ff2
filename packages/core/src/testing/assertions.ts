import { AssertionError } from 'node:assert';
import { isDeepStrictEqual } from 'node:util';
import { connections, type QueryLogEntry } from '@stack/orm';
import type { TestResponse } from '../test/client.js';
import { parseHtml, type HtmlElement } from './html.js';

/** Fails a test with Django's message, after the optional prefix. */
export function fail(message: string, prefix = ''): never {
  throw new AssertionError({ message: prefix ? `${prefix}: ${message}` : message });
}

function statusOf(response: TestResponse): number {
  return response.status;
}

function parsed(html: string): HtmlElement | string {
  return parseHtml(html);
}

/** Options of `assertContains` and `assertNotContains`. */
export interface ContainsOptions {
  /** The exact number of occurrences (`assertContains` only). */
  count?: number;
  /** The status the response must have (default 200). */
  statusCode?: number;
  /** Compare as HTML: elements, not characters. */
  html?: boolean;
  msgPrefix?: string;
}

/** How many times `text` occurs in the response body (as HTML with `html`). */
export function countInResponse(
  response: TestResponse,
  text: string,
  options: ContainsOptions,
): number {
  const prefix = options.msgPrefix ?? '';
  const expected = options.statusCode ?? 200;
  if (response.streaming === true && !response.text)
    fail('assertContains reads the body; the streaming response had none', prefix);
  if (statusOf(response) !== expected) {
    fail(
      `Couldn't retrieve content: Response code was ${statusOf(response)} (expected ${expected})`,
      prefix,
    );
  }
  if (!options.html) return text ? response.text.split(text).length - 1 : 0;
  const haystack = parsed(response.text);
  const needle = parsed(text);
  if (typeof haystack === 'string')
    return typeof needle === 'string' ? haystack.split(needle).length - 1 : 0;
  return haystack.count(needle);
}

/** The redirect's target without the test server's origin (Django strips `http://testserver`). */
function localUrl(url: string): string {
  return url.replace(/^https?:\/\/testserver(?=\/|$)/, '');
}

/** Options of `assertRedirects`. */
export interface RedirectOptions {
  /** The redirect's status (default 302). */
  statusCode?: number;
  /** The status of the page redirected to (default 200). */
  targetStatusCode?: number;
  /** Fetch the target to check its status (default true). */
  fetchRedirectResponse?: boolean;
  msgPrefix?: string;
}

/** Django's `assertRedirects`: the redirect, its target URL, and the target's status. */
export async function assertRedirects(
  response: TestResponse,
  expectedUrl: string,
  options: RedirectOptions = {},
): Promise<void> {
  const prefix = options.msgPrefix ?? '';
  const statusCode = options.statusCode ?? 302;
  const targetStatusCode = options.targetStatusCode ?? 200;
  let url: string;
  if (response.redirectChain.length > 0) {
    const [firstUrl, firstStatus] = response.redirectChain[0]!;
    if (firstStatus !== statusCode) {
      fail(
        `Initial response didn't redirect as expected: Response code was ${firstStatus} (expected ${statusCode})`,
        prefix,
      );
    }
    url = response.redirectChain.at(-1)![0];
    void firstUrl;
    if (statusOf(response) !== targetStatusCode) {
      fail(
        `Response didn't redirect as expected: Final Response code was ${statusOf(response)} (expected ${targetStatusCode})`,
        prefix,
      );
    }
  } else {
    if (statusOf(response) !== statusCode) {
      fail(
        `Response didn't redirect as expected: Response code was ${statusOf(response)} (expected ${statusCode})`,
        prefix,
      );
    }
    url = response.get('Location') ?? '';
    if (options.fetchRedirectResponse !== false) {
      const target = new URL(url, `http://testserver${response.wsgiRequest.path}`);
      if (target.host === 'testserver') {
        const redirected = await response.client.get(
          target.pathname + target.search,
          {},
          {
            secure: target.protocol === 'https:',
          },
        );
        if (statusOf(redirected) !== targetStatusCode) {
          fail(
            `Couldn't retrieve redirection page '${target.pathname}': response code was ${statusOf(redirected)} (expected ${targetStatusCode})`,
            prefix,
          );
        }
      }
    }
  }
  if (localUrl(url) !== localUrl(expectedUrl)) {
    fail(
      `Response redirected to '${url}', expected '${expectedUrl}': Expected '${url}' to equal '${expectedUrl}'.`,
      prefix,
    );
  }
}

/** How many times a template was rendered for the response (Django's `assertTemplateUsed`). */
export function templateCount(response: TestResponse, name: string): number {
  return response.templates.filter((t) => t === name).length;
}

/** The errors a form carries, as Django's `form.errors[field]` (or the non-field errors). */
function formErrors(form: unknown, field: string | null): string[] | undefined {
  const errors = (form as { errors?: unknown } | null)?.errors;
  if (field === null) {
    const nonField = (form as { nonFieldErrors?: () => unknown }).nonFieldErrors;
    const list = typeof nonField === 'function' ? nonField.call(form) : undefined;
    return list === undefined ? [] : [...(list as Iterable<unknown>)].map(String);
  }
  const value =
    errors instanceof Map
      ? errors.get(field)
      : errors && typeof errors === 'object' && Object.hasOwn(errors, field)
        ? (errors as Record<string, unknown>)[field]
        : undefined;
  return value === undefined ? undefined : [...(value as Iterable<unknown>)].map(String);
}

/** Django 3.2's `assertFormError(response, form, field, errors)`. */
export function assertFormError(
  response: TestResponse,
  form: string,
  field: string | null,
  errors: string | readonly string[],
  msgPrefix = '',
): void {
  const expected = typeof errors === 'string' ? [errors] : errors;
  const contexts = response.contexts;
  if (contexts.length === 0)
    fail('Response did not use any contexts to render the response', msgPrefix);
  let found = false;
  for (const [i, context] of contexts.entries()) {
    if (!Object.hasOwn(context, form)) continue;
    found = true;
    const instance = context[form] as { fields?: unknown };
    for (const error of expected) {
      const actual = formErrors(instance, field);
      if (field !== null && actual === undefined) {
        const fields = instance.fields;
        const known =
          fields instanceof Map
            ? fields.has(field)
            : fields && typeof fields === 'object' && Object.hasOwn(fields, field);
        fail(
          known
            ? `The field '${field}' on form '${form}' in context ${i} contains no errors`
            : `The form '${form}' in context ${i} does not contain the field '${field}'`,
          msgPrefix,
        );
      }
      if (!actual!.includes(error)) {
        fail(
          field === null
            ? `The form '${form}' in context ${i} does not contain the non-field error '${error}' (actual errors: ${JSON.stringify(actual)})`
            : `The field '${field}' on form '${form}' in context ${i} does not contain the error '${error}' (actual errors: ${JSON.stringify(actual)})`,
          msgPrefix,
        );
      }
    }
  }
  if (!found) fail(`The form '${form}' was not used to render the response`, msgPrefix);
}

const TRANSACTION_CONTROL = /^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)\b/i;

/** Runs `fn` and returns what it returned and the queries it ran on `using`. */
export async function captureQueries<T>(
  fn: () => T | Promise<T>,
  using = 'default',
): Promise<{ result: T; queries: QueryLogEntry[] }> {
  const queries: QueryLogEntry[] = [];
  const stop = connections.get(using).addQueryListener((entry) => {
    if (!TRANSACTION_CONTROL.test(entry.sql)) queries.push(entry);
  });
  try {
    return { result: await fn(), queries };
  } finally {
    stop();
  }
}

/** Compares querysets or lists (Django's `assertQuerysetEqual`), ordered or not. */
export async function assertQuerysetEqual<T, V>(
  qs: PromiseLike<readonly T[]> | Iterable<T> | AsyncIterable<T>,
  values: Iterable<V>,
  options: { transform?: (item: T) => unknown; ordered?: boolean; msg?: string } = {},
): Promise<void> {
  let items: T[];
  if (qs && typeof (qs as PromiseLike<T[]>).then === 'function')
    items = [...(await (qs as PromiseLike<readonly T[]>))];
  else if (qs && Symbol.asyncIterator in (qs as object)) {
    items = [];
    for await (const item of qs as AsyncIterable<T>) items.push(item);
  } else items = [...(qs as Iterable<T>)];
  const actual = options.transform ? items.map(options.transform) : items;
  const expected = [...values];
  const same = (a: unknown, b: unknown) => a === b || isDeepStrictEqual(a, b) || samePk(a, b);
  if (options.ordered === false) {
    const rest = [...expected];
    const ok =
      actual.length === expected.length &&
      actual.every((a) => {
        const i = rest.findIndex((b) => same(a, b));
        if (i < 0) return false;
        rest.splice(i, 1);
        return true;
      });
    if (!ok) fail(`Lists differ (unordered): ${show(actual)} != ${show(expected)}`, options.msg);
    return;
  }
  if (actual.length !== expected.length || !actual.every((a, i) => same(a, expected[i])))
    fail(`Lists differ: ${show(actual)} != ${show(expected)}`, options.msg);
}

// Two model instances are equal when they are of one model and share a primary key (Django).
function samePk(a: unknown, b: unknown): boolean {
  if (!a || !b || typeof a !== 'object' || typeof b !== 'object') return false;
  if (a.constructor !== b.constructor || !('_meta' in (a.constructor as object))) return false;
  const pk = (a as { pk?: unknown }).pk;
  return pk !== null && pk !== undefined && pk === (b as { pk?: unknown }).pk;
}

function show(list: readonly unknown[]): string {
  return `[${list.map((v) => (v && typeof v === 'object' && 'pk' in v ? `<${v.constructor.name}: ${String((v as { pk: unknown }).pk)}>` : JSON.stringify(v))).join(', ')}]`;
}

/** Django's `assertHTMLEqual`: the same document once parsed, whitespace and order aside. */
export function htmlEqual(a: string, b: string): { equal: boolean; left: string; right: string } {
  const left = parsed(a);
  const right = parsed(b);
  const equal =
    typeof left === 'string' || typeof right === 'string' ? left === right : left.equals(right);
  return { equal, left: String(left), right: String(right) };
}

/** Django's `assertInHTML`: how many times `needle` occurs in `haystack`, both parsed. */
export function countInHtml(needle: string, haystack: string): number {
  const outer = parsed(haystack);
  const inner = parsed(needle);
  if (typeof outer === 'string')
    return typeof inner === 'string' ? outer.split(inner).length - 1 : 0;
  return outer.count(inner);
}

/** Parses JSON for `assertJSONEqual`, failing with Django's message when it is not JSON. */
export function parseJson(raw: unknown, what: string): unknown {
  if (typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw);
  } catch {
    return fail(`${what} is not valid JSON: ${raw}`);
  }
}
