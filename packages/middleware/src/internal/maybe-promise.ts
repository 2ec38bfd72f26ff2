import { isThenable } from '@stack/utils';
import type { MaybePromise } from '../types.js';

/** True for promises and other thenables; responses and plain values are never thenable. */
export const isPromiseLike: <T>(
  value: MaybePromise<T> | PromiseLike<T>,
) => value is PromiseLike<T> = isThenable;

/**
 * Applies `fn` to a value that may be a promise, staying synchronous when it is not: a chain of
 * sync layers never allocates a promise, and one async layer makes only the layers outside it
 * async.
 */
export function andThen<T, U>(
  value: MaybePromise<T>,
  fn: (value: T) => MaybePromise<U>,
): MaybePromise<U> {
  return isPromiseLike(value) ? Promise.resolve(value).then(fn) : fn(value);
}

/**
 * `andThen` for a callback that needs one more argument (usually the request): the callback is
 * defined once, so the sync path allocates no closure per request.
 */
export function andThenWith<A, T, U>(
  value: MaybePromise<T>,
  fn: (arg: A, value: T) => MaybePromise<U>,
  arg: A,
): MaybePromise<U> {
  return isPromiseLike(value) ? Promise.resolve(value).then((v) => fn(arg, v)) : fn(arg, value);
}

/** Runs `fn`, sending a sync throw or an async rejection alike to `onError`. */
export function attempt<T>(
  fn: () => MaybePromise<T>,
  onError: (error: unknown) => MaybePromise<T>,
): MaybePromise<T> {
  let result: MaybePromise<T>;
  try {
    result = fn();
  } catch (error) {
    return onError(error);
  }
  return isPromiseLike(result) ? Promise.resolve(result).then(undefined, onError) : result;
}

/**
 * Calls `call` on each item in order until one gives a non-null value, which it returns; gives
 * `undefined` when none does. Sync while the calls are.
 */
export function firstOf<H, R>(
  items: readonly H[],
  call: (item: H) => MaybePromise<R | null | undefined | void>,
  start = 0,
): MaybePromise<R | undefined> {
  for (let i = start; i < items.length; i++) {
    const result = call(items[i]!);
    if (isPromiseLike(result)) {
      return Promise.resolve(result).then((value) =>
        value != null ? value : firstOf(items, call, i + 1),
      );
    }
    if (result != null) return result;
  }
  return undefined;
}

/** Threads a value through each item in order (`value = call(item, value)`), sync while it can. */
export function reduceWith<H, V>(
  items: readonly H[],
  value: V,
  call: (item: H, value: V) => MaybePromise<V>,
  start = 0,
): MaybePromise<V> {
  let current = value;
  for (let i = start; i < items.length; i++) {
    const result = call(items[i]!, current);
    if (isPromiseLike(result)) {
      return Promise.resolve(result).then((next) => reduceWith(items, next, call, i + 1));
    }
    current = result;
  }
  return current;
}
