/**
 * Django's `django.utils.safestring`: strings marked safe for HTML output, and the `__html__`
 * protocol other libraries (and other copies of this package) use to hand over markup.
 */

/** An object following Django's (and MarkupSafe's) `__html__` protocol. */
export interface HtmlSafe {
  __html__(): string;
}

/**
 * A string marked safe for HTML output (Django's `SafeString`): autoescaping leaves it alone.
 * JavaScript strings cannot carry a flag, so it is an object: `String(s)` or `s.value` gives
 * the text, and `__html__()` lets any template engine that knows the protocol recognise it.
 *
 * @example
 * ```ts
 * const html = new SafeString('<b>bold</b>');
 * `${html}`; // '<b>bold</b>'
 * isSafe(html); // true
 * ```
 */
export class SafeString implements HtmlSafe {
  constructor(readonly value: string) {}

  get length(): number {
    return this.value.length;
  }

  __html__(): string {
    return this.value;
  }

  toString(): string {
    return this.value;
  }

  toJSON(): string {
    return this.value;
  }
}

/**
 * The markup of an object following the `__html__` protocol, or `undefined` for anything else.
 *
 * @example
 * ```ts
 * htmlOf(markSafe('<b>')); // '<b>'
 * htmlOf({ __html__: () => '<i>' }); // '<i>'
 * htmlOf('<b>'); // undefined
 * ```
 */
export function htmlOf(value: unknown): string | undefined {
  if (value instanceof SafeString) return value.value;
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) {
    return undefined;
  }
  const method = (value as { __html__?: unknown }).__html__;
  return typeof method === 'function' ? String(method.call(value)) : undefined;
}

/**
 * Marks a value as safe for HTML output (Django's `mark_safe`), so it is not escaped. An object
 * that already speaks `__html__` comes back unchanged; a function comes back wrapped so that
 * what it returns is marked safe (Django's use of `mark_safe` as a decorator).
 *
 * @example
 * ```ts
 * markSafe('<br>'); // SafeString '<br>', rendered as is with autoescape on
 * const bold = markSafe((s: string) => `<b>${s}</b>`);
 * bold('x'); // SafeString '<b>x</b>'
 * ```
 */
export function markSafe<T extends HtmlSafe>(value: T): T;
export function markSafe<A extends unknown[]>(
  value: (...args: A) => unknown,
): (...args: A) => SafeString;
export function markSafe(value: unknown): SafeString;
export function markSafe(value: unknown): unknown {
  if (value instanceof SafeString) return value;
  if (htmlOf(value) !== undefined) return value;
  if (typeof value === 'function') {
    const fn = value as (...args: unknown[]) => unknown;
    return (...args: unknown[]) => markSafe(fn(...args));
  }
  return new SafeString(typeof value === 'string' ? value : String(value));
}

/**
 * Whether a value is safe HTML: a `SafeString`, or any object with an `__html__()` method.
 *
 * @example
 * ```ts
 * isSafe(markSafe('<b>')); // true
 * isSafe('<b>'); // false
 * ```
 */
export function isSafe(value: unknown): boolean {
  return value instanceof SafeString || htmlOf(value) !== undefined;
}
