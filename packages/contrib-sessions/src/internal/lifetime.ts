import type { SessionLifetime } from '../session-base.js';

/**
 * Merges the middleware's lifetime settings into a store's options once per lifetime object,
 * not once per request (the middleware passes the same object every time). The last pair is
 * kept beside the WeakMap, so that usual case is one comparison, not a WeakMap lookup per
 * request (about 70 instructions).
 */
export function lifetimeMerger<T extends object>(options: T): (lifetime?: SessionLifetime) => T {
  const merged = new WeakMap<SessionLifetime, T>();
  let lastLifetime: SessionLifetime | undefined;
  let lastValue = options;
  return (lifetime) => {
    if (!lifetime) return options;
    if (lifetime === lastLifetime) return lastValue;
    let value = merged.get(lifetime);
    if (!value) merged.set(lifetime, (value = { ...options, ...lifetime }));
    lastLifetime = lifetime;
    lastValue = value;
    return value;
  };
}
