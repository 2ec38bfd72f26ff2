/**
 * Whether a value is a promise or any other thenable (an object or function with a `then`
 * method), the test that lets code stay synchronous until something really is asynchronous:
 * a querySet, a lazy `request.user` and a native promise all pass.
 *
 * @example
 * ```ts
 * const value = compute();
 * return isThenable(value) ? Promise.resolve(value).then(render) : render(value);
 * ```
 */
export function isThenable<T = unknown>(value: unknown): value is PromiseLike<T> {
  // No `instanceof Promise` first: on a value that is not a promise (a response, most often)
  // it walks the whole prototype chain, about 50 instructions, where the `then` read is one
  // cached load; a native promise passes the `then` test as well.
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
