import { connections } from '@stack/orm';
import { BaseCache, type CacheOptions } from '../base.js';
import { InvalidCacheBackendError } from '../errors.js';
import { checkedSum, integerValue } from '../internal/incr.js';

/** "Never expires" in the `expires` column (9999-12-31T23:59:59.999Z, Django's datetime.max). */
const FOREVER = 253_402_300_799_999;

/** Options of `DatabaseCache`. */
export interface DatabaseCacheOptions extends CacheOptions {
  /** The cache table's name (Django's `LOCATION`), created by `stack createcachetable`. */
  location: string;
  /** The database alias of `@stack/orm`'s `connections`. Default `'default'`. */
  database?: string;
}

interface Row {
  cache_key: string;
  value: string;
  expires: number | string;
}

const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
/** Attempts of `incr`'s compare-and-swap before it reports contention. */
const INCR_ATTEMPTS = 50;

/**
 * Django's `DatabaseCache`: a table of `cache_key`, `value` and `expires` on a database of
 * `@stack/orm` (SQLite or PostgreSQL), through its kysely instance. Create the table with
 * `stack createcachetable` or `await cache.createTable()`. `incr` is a compare-and-swap, so
 * concurrent increments from several processes all count.
 *
 * @example
 * ```ts
 * const cache = new DatabaseCache({ location: 'my_cache_table' });
 * await cache.createTable();
 * await cache.set('totals', { posts: 12 });
 * ```
 */
export class DatabaseCache extends BaseCache {
  readonly table: string;
  readonly database: string;

  constructor(options: DatabaseCacheOptions) {
    super(options);
    if (typeof options?.location !== 'string' || !TABLE_NAME.test(options.location)) {
      throw new InvalidCacheBackendError(
        `DatabaseCache needs a table name as its location (letters, digits, _): ${JSON.stringify(options?.location)}`,
      );
    }
    this.table = options.location;
    this.database = options.database ?? 'default';
  }

  private get db() {
    return connections.get(this.database).kysely;
  }

  /**
   * Creates the cache table and its index on `expires` unless they exist (what
   * `stack createcachetable` runs for each database cache); true when it created the table.
   */
  async createTable(): Promise<boolean> {
    const existed = await this.tableExists();
    await this.db.schema
      .createTable(this.table)
      .ifNotExists()
      .addColumn('cache_key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('expires', 'bigint', (c) => c.notNull())
      .execute();
    await this.db.schema
      .createIndex(`${this.table}_expires`)
      .ifNotExists()
      .on(this.table)
      .column('expires')
      .execute();
    return !existed;
  }

  private async tableExists(): Promise<boolean> {
    const tables = await this.db.introspection.getTables();
    return tables.some((table) => table.name === this.table);
  }

  private static expires(expiresAt: number | null): number {
    return expiresAt === null ? FOREVER : expiresAt;
  }

  private async row(key: string): Promise<Row | undefined> {
    const row = (await this.db
      .selectFrom(this.table)
      .select(['cache_key', 'value', 'expires'])
      .where('cache_key', '=', key)
      .where('expires', '>', Date.now())
      .executeTakeFirst()) as Row | undefined;
    return row;
  }

  protected async rawGet(key: string): Promise<string | undefined> {
    return (await this.row(key))?.value;
  }

  protected override async rawGetMany(keys: readonly string[]): Promise<(string | undefined)[]> {
    if (keys.length === 0) return [];
    const rows = (await this.db
      .selectFrom(this.table)
      .select(['cache_key', 'value'])
      .where('cache_key', 'in', [...keys])
      .where('expires', '>', Date.now())
      .execute()) as Row[];
    const byKey = new Map(rows.map((row) => [row.cache_key, row.value]));
    return keys.map((key) => byKey.get(key));
  }

  protected async rawSet(key: string, raw: string, expiresAt: number | null): Promise<void> {
    if (expiresAt !== null && expiresAt <= Date.now()) {
      await this.rawDelete(key);
      return;
    }
    await this.cull();
    const expires = DatabaseCache.expires(expiresAt);
    await this.db
      .insertInto(this.table)
      .values({ cache_key: key, value: raw, expires })
      .onConflict((oc) => oc.column('cache_key').doUpdateSet({ value: raw, expires }))
      .execute();
  }

  protected async rawAdd(key: string, raw: string, expiresAt: number | null): Promise<boolean> {
    const now = Date.now();
    if (expiresAt !== null && expiresAt <= now) return (await this.row(key)) === undefined;
    await this.cull();
    const expires = DatabaseCache.expires(expiresAt);
    // One statement: inserted, or replaced only if the row held has expired.
    const result = await this.db
      .insertInto(this.table)
      .values({ cache_key: key, value: raw, expires })
      .onConflict((oc) =>
        oc
          .column('cache_key')
          .doUpdateSet({ value: raw, expires })
          .where(`${this.table}.expires`, '<=', now),
      )
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  protected async rawDelete(key: string): Promise<boolean> {
    const held = (await this.row(key)) !== undefined;
    await this.db.deleteFrom(this.table).where('cache_key', '=', key).execute();
    return held;
  }

  protected override async rawDeleteMany(keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.db
      .deleteFrom(this.table)
      .where('cache_key', 'in', [...keys])
      .execute();
  }

  protected async rawTouch(key: string, expiresAt: number | null): Promise<boolean> {
    if (expiresAt !== null && expiresAt <= Date.now()) return this.rawDelete(key);
    const result = await this.db
      .updateTable(this.table)
      .set({ expires: DatabaseCache.expires(expiresAt) })
      .where('cache_key', '=', key)
      .where('expires', '>', Date.now())
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  protected async rawIncr(key: string, delta: number): Promise<number | undefined> {
    for (let attempt = 0; attempt < INCR_ATTEMPTS; attempt++) {
      const row = await this.row(key);
      if (!row) return undefined;
      const value = String(checkedSum(integerValue(row.value), delta));
      const result = await this.db
        .updateTable(this.table)
        .set({ value })
        .where('cache_key', '=', key)
        .where('value', '=', row.value)
        .where('expires', '>', Date.now())
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) > 0) return Number(value);
    }
    throw new Error(`incr('${key}') lost ${INCR_ATTEMPTS} races in a row; try again.`);
  }

  protected async rawClear(): Promise<void> {
    await this.db.deleteFrom(this.table).execute();
  }

  /**
   * Django's `_cull`: when the table holds `maxEntries` rows, expired rows go, then if still
   * full, the `1/cullFrequency` of rows closest to expiring (all of them if `cullFrequency` is 0).
   */
  private async cull(): Promise<void> {
    const count = await this.count();
    if (count < this.maxEntries) return;
    await this.db.deleteFrom(this.table).where('expires', '<=', Date.now()).execute();
    const left = await this.count();
    if (left < this.maxEntries) return;
    if (this.cullFrequency === 0) return this.rawClear();
    const victims = this.db
      .selectFrom(this.table)
      .select('cache_key')
      .orderBy('expires')
      .orderBy('cache_key')
      .limit(Math.floor(left / this.cullFrequency));
    await this.db.deleteFrom(this.table).where('cache_key', 'in', victims).execute();
  }

  private async count(): Promise<number> {
    const row = (await this.db
      .selectFrom(this.table)
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst()) as { n: number | string | bigint } | undefined;
    return Number(row?.n ?? 0);
  }
}
