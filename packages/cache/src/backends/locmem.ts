import { BaseCache, type CacheOptions } from '../base.js';
import { checkedSum, integerValue } from '../internal/incr.js';

interface Entry {
  raw: string;
  expiresAt: number | null;
}

/** Caches of one process that share a `location` share their entries, as in Django. */
const stores = new Map<string, Map<string, Entry>>();

/** Options of `LocMemCache`. */
export interface LocMemCacheOptions extends CacheOptions {
  /** Caches with the same location in one process share entries. Default `''`. */
  location?: string;
}

/**
 * Django's `LocMemCache`: a bounded in-process cache. Reads refresh an entry (least recently
 * used entries are culled first); when `maxEntries` is reached, `1/cullFrequency` of the
 * entries go. Each process has its own: use `RedisCache` when several processes serve.
 *
 * @example
 * ```ts
 * const cache = new LocMemCache({ location: 'unique-snowflake', maxEntries: 1000 });
 * await cache.set('a', 1);
 * ```
 */
export class LocMemCache extends BaseCache {
  private readonly entries: Map<string, Entry>;

  constructor(options: LocMemCacheOptions = {}) {
    super(options);
    const location = options.location ?? '';
    let entries = stores.get(location);
    if (!entries) stores.set(location, (entries = new Map()));
    this.entries = entries;
  }

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt !== null && entry.expiresAt <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private store(key: string, entry: Entry): void {
    if (entry.expiresAt !== null && entry.expiresAt <= Date.now()) {
      this.entries.delete(key);
      return;
    }
    if (this.entries.size >= this.maxEntries) this.cull();
    this.entries.delete(key);
    this.entries.set(key, entry);
  }

  private cull(): void {
    if (this.cullFrequency === 0) {
      this.entries.clear();
      return;
    }
    let count = Math.floor(this.entries.size / this.cullFrequency);
    for (const key of this.entries.keys()) {
      if (count-- <= 0) break;
      this.entries.delete(key);
    }
  }

  protected async rawGet(key: string): Promise<string | undefined> {
    const entry = this.live(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.raw;
  }

  protected async rawSet(key: string, raw: string, expiresAt: number | null): Promise<void> {
    this.store(key, { raw, expiresAt });
  }

  protected async rawAdd(key: string, raw: string, expiresAt: number | null): Promise<boolean> {
    if (this.live(key)) return false;
    this.store(key, { raw, expiresAt });
    return true;
  }

  protected async rawDelete(key: string): Promise<boolean> {
    const held = this.live(key) !== undefined;
    this.entries.delete(key);
    return held;
  }

  protected async rawTouch(key: string, expiresAt: number | null): Promise<boolean> {
    const entry = this.live(key);
    if (!entry) return false;
    this.store(key, { raw: entry.raw, expiresAt });
    return true;
  }

  protected async rawIncr(key: string, delta: number): Promise<number | undefined> {
    const entry = this.live(key);
    if (!entry) return undefined;
    const value = checkedSum(integerValue(entry.raw), delta);
    entry.raw = String(value);
    return value;
  }

  protected override async rawHas(key: string): Promise<boolean> {
    return this.live(key) !== undefined;
  }

  protected async rawClear(): Promise<void> {
    this.entries.clear();
  }
}
