import { BaseCache } from '../base.js';

/**
 * Django's `DummyCache`: implements the API and stores nothing, for development where caching
 * would get in the way. Every read misses, `add` reports success, `incr` finds no key.
 *
 * @example
 * ```ts
 * configureCaches({ default: { backend: 'dummy' } });
 * ```
 */
export class DummyCache extends BaseCache {
  protected async rawGet(): Promise<string | undefined> {
    return undefined;
  }

  protected async rawSet(): Promise<void> {}

  protected async rawAdd(): Promise<boolean> {
    return true;
  }

  protected async rawDelete(): Promise<boolean> {
    return false;
  }

  protected async rawTouch(): Promise<boolean> {
    return false;
  }

  protected async rawIncr(): Promise<number | undefined> {
    return undefined;
  }

  protected async rawClear(): Promise<void> {}
}
