import { expect } from 'vitest';
import { SessionBase } from '../src/session-base.js';

/**
 * Whether `opened` (an engine's plain constructor function, `plainConstructor`) is the object
 * `built` (the class constructors) is: the same prototype, own keys in the same order, the same
 * property descriptors and values.
 */
function expectSameStore(
  opened: object,
  built: object,
  Store: abstract new (...args: never[]) => SessionBase,
): void {
  expect(Object.getPrototypeOf(opened)).toBe(Store.prototype);
  expect(Object.getPrototypeOf(built)).toBe(Store.prototype);
  expect(opened).toBeInstanceOf(SessionBase);
  expect(opened.constructor).toBe(Store);
  expect(Reflect.ownKeys(opened)).toEqual(Reflect.ownKeys(built));
  for (const name of Reflect.ownKeys(built)) {
    expect(Object.getOwnPropertyDescriptor(opened, name)).toEqual(
      Object.getOwnPropertyDescriptor(built, name),
    );
  }
}

/** Session keys and lifetimes the engines' plain constructors are compared on. */
const OPENING_CASES: [string | null | undefined, object][] = [
  [null, {}],
  [undefined, { keyPrefix: 'p:' }],
  ['abcdefgh12345678', { cookieAge: 60, expireAtBrowserClose: true }],
  ['bad key!', { keyPrefix: '' }],
];

/**
 * Whether an engine's plain constructor (`Opened`) builds the object `new Store(...)` builds, on
 * each of the opening cases, with `extra` options (the secret key, the cache) added to each.
 */
export function expectOpensAsNew<O extends object>(
  Opened: new (sessionKey: string | null | undefined, options: O) => SessionBase,
  Store: new (sessionKey: string | null | undefined, options: O) => SessionBase,
  extra: object,
): void {
  for (const [key, options] of OPENING_CASES) {
    const all = { ...options, ...extra } as O;
    expectSameStore(new Opened(key, all), new Store(key, all), Store);
  }
}
