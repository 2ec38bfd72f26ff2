import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';
import { IntegrityError, OrmError } from '../errors.js';
import { Connection, type DatabaseSettings, type RawRow, type Session } from './connection.js';
import { postgresDialect } from './dialect.js';
import { loadDriver } from './driver.js';

type PostgresSettings = Extract<DatabaseSettings, { engine: 'postgres' }>;

const INT8 = 20;
const DATE = 1082;

/**
 * Ids are bigint columns, read as numbers (exact below 2^53); dates stay `YYYY-MM-DD` strings
 * (pg would turn them into local-midnight Dates); numerics stay strings (exact decimals).
 */
function typesOf(driver: typeof pg): pg.CustomTypesConfig {
  return {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      if (oid === INT8) return (value: string) => Number(value);
      if (oid === DATE) return (value: string) => value;
      return driver.types.getTypeParser(oid, format);
    },
  } as pg.CustomTypesConfig;
}

/** `pg`, read when the first PostgreSQL connection is made (see `loadDriver`). */
let driver: { pg: typeof pg; types: pg.CustomTypesConfig } | undefined;

function pgDriver(): { pg: typeof pg; types: pg.CustomTypesConfig } {
  if (driver === undefined) {
    const loaded = loadDriver<typeof pg>('pg', "the 'postgres' database engine");
    driver = { pg: loaded, types: typesOf(loaded) };
  }
  return driver;
}

function translate(error: unknown): never {
  const code = (error as { code?: string }).code ?? '';
  if (code.startsWith('23')) throw new IntegrityError((error as Error).message, { cause: error });
  if (error instanceof Error && !(error instanceof OrmError)) {
    throw new OrmError(error.message, { cause: error });
  }
  throw error;
}

type Queryable = Pick<pg.Pool, 'query'>;

function sessionOf(connection: Connection, client: Queryable): Session {
  const query = async (sql: string, params: readonly unknown[]) => {
    connection.log(sql, params);
    try {
      return await client.query({ text: sql, values: params as unknown[], rowMode: 'array' });
    } catch (error) {
      return translate(error);
    }
  };
  return {
    all: async (sql, params) => (await query(sql, params)).rows as RawRow[],
    allWithColumns: async (sql, params) => {
      const result = await query(sql, params);
      return { columns: result.fields.map((f) => f.name), rows: result.rows as RawRow[] };
    },
    run: async (sql, params, returning) => {
      const result = await query(
        returning === undefined ? sql : `${sql} RETURNING ${returning}`,
        params,
      );
      const first = (result.rows as RawRow[])[0];
      return {
        changes: result.rowCount ?? 0,
        lastInsertId: first === undefined ? undefined : Number(first[0]),
      };
    },
    exec: async (sql) => {
      await query(sql, []);
    },
    execute: async (sql, params) => {
      const result = await query(sql, params);
      return {
        columns: (result.fields ?? []).map((f) => f.name),
        rows: (result.rows ?? []) as RawRow[],
        changes: result.rowCount ?? 0,
        lastInsertId: undefined,
      };
    },
  };
}

/** The advisory lock key `migrate` holds (a constant, so every process of a database agrees). */
const MIGRATION_LOCK_KEY = 0x5374_6b4d; // 'StkM'

/** PostgreSQL through a `pg` pool; a transaction holds one pooled client until it ends. */
export class PostgresConnection extends Connection {
  readonly dialect = postgresDialect;
  readonly pool: pg.Pool;
  readonly session: Session;
  private readonly migrationLock = new AsyncLocalStorage<boolean>();

  constructor(alias: string, settings: PostgresSettings) {
    super(alias, settings);
    const { pg, types } = pgDriver();
    this.pool = new pg.Pool({
      ...(settings.url !== undefined && { connectionString: settings.url }),
      ...(settings.host !== undefined && { host: settings.host }),
      ...(settings.port !== undefined && { port: settings.port }),
      ...(settings.name !== undefined && { database: settings.name }),
      ...(settings.user !== undefined && { user: settings.user }),
      ...(settings.password !== undefined && { password: settings.password }),
      max: settings.max ?? 10,
      // Date parts (`__year`, `__date`) are taken in UTC, where the ORM stores every datetime.
      options: '-c TimeZone=UTC',
      types,
    });
    this.session = sessionOf(this, this.pool);
  }

  async beginTransaction(): Promise<{ session: Session; release: () => void }> {
    const client = await this.pool.connect();
    const session = sessionOf(this, client);
    try {
      await session.exec('BEGIN');
    } catch (error) {
      client.release(true);
      throw error;
    }
    return { session, release: () => client.release() };
  }

  /**
   * Holds `pg_advisory_lock` on a pooled client of its own while `fn` runs: a node that starts
   * while another migrates waits, then reads the migrations as applied. The lock is per session,
   * so it is released when the client is, even if this process dies mid-migration.
   */
  override async withMigrationLock<T>(fn: () => Promise<T>): Promise<T> {
    // Held already by this async context (a deployment script wrapping `stack migrate`): a second
    // client asking for it would wait for ever on the first.
    if (this.migrationLock.getStore() === true) return fn();
    const client = await this.pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    } catch (error) {
      client.release(true);
      throw error;
    }
    try {
      return await this.migrationLock.run(true, fn);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).then(
        () => client.release(),
        (error: unknown) => client.release(error instanceof Error ? error : true),
      );
    }
  }

  async close(): Promise<void> {
    // pool.end() resolves once its clients are asked to end, not when they have: wait for each
    // 'remove' too, so a server that drops the database next never kills a half-closed client
    // (whose error would then have no listener).
    let open = this.pool.totalCount;
    const closed = new Promise<void>((resolve) => {
      if (open === 0) return resolve();
      this.pool.on('remove', () => {
        if (--open === 0) resolve();
      });
    });
    await this.pool.end();
    await closed;
  }
}
