import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { IntegrityError, OrmError } from '../errors.js';
import {
  Connection,
  type DatabaseSettings,
  type RawRow,
  type RunResult,
  type Session,
} from './connection.js';
import {
  type Exact,
  addDecimals,
  compareDecimals,
  decimalKey,
  formatDecimal,
  parseDecimal,
} from './decimal.js';
import { sqliteDialect } from './dialect.js';
import { StatementCache } from './statement-cache.js';

type SqliteSettings = Extract<DatabaseSettings, { engine: 'sqlite' }>;

/**
 * better-sqlite3 refuses booleans, undefined and Dates: SQLite stores booleans as integers and
 * datetimes as UTC text (`2024-05-01 12:30:00.000`, as DateTimeField writes them), so a Date
 * given to `raw()` compares with stored values.
 */
function bindable(params: readonly unknown[]): readonly unknown[] {
  let clean = true;
  for (let i = 0; i < params.length; i++) {
    const v = params[i];
    const t = typeof v;
    if (t === 'boolean' || t === 'undefined' || v instanceof Date) clean = false;
  }
  if (clean) return params;
  const out = new Array<unknown>(params.length);
  for (let i = 0; i < params.length; i++) {
    const v = params[i];
    out[i] =
      typeof v === 'boolean'
        ? v
          ? 1
          : 0
        : v === undefined
          ? null
          : v instanceof Date
            ? v.toISOString().replace('T', ' ').replace('Z', '')
            : v;
  }
  return out;
}

/** Turns a driver error into the ORM's errors, so callers catch one hierarchy. */
export function translateSqliteError(error: unknown): never {
  const code = (error as { code?: string }).code ?? '';
  if (code.startsWith('SQLITE_CONSTRAINT')) {
    throw new IntegrityError((error as Error).message, { cause: error });
  }
  if (error instanceof Error && !(error instanceof OrmError)) {
    throw new OrmError(error.message, { cause: error });
  }
  throw error;
}

function regexpFunction(flags: string) {
  const cache = new Map<string, RegExp>();
  return (pattern: unknown, value: unknown): number | null => {
    if (pattern === null || value === null) return null;
    let re = cache.get(String(pattern));
    if (re === undefined) {
      re = new RegExp(String(pattern), flags);
      if (cache.size > 200) cache.clear();
      cache.set(String(pattern), re);
    }
    return re.test(String(value)) ? 1 : 0;
  };
}

/** Exact comparison, ordering and aggregates of DecimalField text (see decimal.ts). */
function registerDecimalFunctions(db: Database.Database): void {
  db.function('stack_decimal_key', { deterministic: true }, (value: unknown) => decimalKey(value));
  const extreme = (name: string, keep: (sign: number) => boolean) =>
    db.aggregate(name, {
      start: () => null as Exact | null,
      step: (best: Exact | null, value: unknown) => {
        const exact = parseDecimal(value);
        if (exact === undefined) return best;
        return best === null || keep(compareDecimals(exact, best)) ? exact : best;
      },
      result: (best: Exact | null) => (best === null ? null : formatDecimal(best)),
    });
  extreme('stack_decimal_min', (sign) => sign < 0);
  extreme('stack_decimal_max', (sign) => sign > 0);
  db.aggregate('stack_decimal_sum', {
    start: () => null as Exact | null,
    step: (total: Exact | null, value: unknown) => {
      const exact = parseDecimal(value);
      if (exact === undefined) return total;
      return total === null ? exact : addDecimals(total, exact);
    },
    result: (total: Exact | null) => (total === null ? null : formatDecimal(total)),
  });
}

/**
 * SQLite through better-sqlite3: one handle per process in WAL mode, foreign keys on, a busy
 * timeout, and every statement prepared once (kysely's driver re-prepares on each execution, so
 * kysely gets the same cache through a wrapped database).
 */
export class SqliteConnection extends Connection {
  readonly dialect = sqliteDialect;
  readonly db: Database.Database;
  readonly statements: StatementCache;
  readonly session: Session;
  private kyselyInstance: Kysely<Record<string, Record<string, unknown>>> | undefined;
  private lock: Promise<void> = Promise.resolve();

  constructor(alias: string, settings: SqliteSettings) {
    super(alias, settings);
    this.db = new Database(settings.name);
    if (settings.name !== ':memory:' && settings.name !== '') this.db.pragma('journal_mode = WAL');
    this.db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(settings.busyTimeout ?? 5000))}`);
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('synchronous = NORMAL');
    this.db.function('regexp', { deterministic: true }, regexpFunction(''));
    this.db.function('stack_iregexp', { deterministic: true }, regexpFunction('i'));
    registerDecimalFunctions(this.db);
    this.statements = new StatementCache(this.db, settings.statementCacheSize ?? 1000);
    this.session = this.createSession();
  }

  private createSession(): Session {
    const statements = this.statements;
    return {
      all: async (sql, params) => {
        this.log(sql, params);
        try {
          return statements.reader(sql).all(bindable(params) as unknown[]) as RawRow[];
        } catch (error) {
          return translateSqliteError(error);
        }
      },
      allWithColumns: async (sql, params) => {
        this.log(sql, params);
        try {
          const stmt = statements.reader(sql);
          return {
            columns: stmt.columns().map((c) => c.name),
            rows: stmt.all(bindable(params) as unknown[]) as RawRow[],
          };
        } catch (error) {
          return translateSqliteError(error);
        }
      },
      run: async (sql, params): Promise<RunResult> => {
        this.log(sql, params);
        try {
          const result = statements.writer(sql).run(bindable(params) as unknown[]);
          return { changes: result.changes, lastInsertId: Number(result.lastInsertRowid) };
        } catch (error) {
          return translateSqliteError(error);
        }
      },
      exec: async (sql) => {
        this.log(sql, []);
        try {
          this.db.exec(sql);
        } catch (error) {
          translateSqliteError(error);
        }
      },
    };
  }

  /** Runs a reader statement synchronously (the fast path of plain SELECTs). */
  allSync(sql: string, params: readonly unknown[]): RawRow[] {
    if (this.logging) this.log(sql, params);
    try {
      return this.statements.reader(sql).all(bindable(params) as unknown[]) as RawRow[];
    } catch (error) {
      return translateSqliteError(error);
    }
  }

  /** Runs a writer statement synchronously (the fast path of inserts outside transactions). */
  runSync(sql: string, params: readonly unknown[]): RunResult {
    if (this.logging) this.log(sql, params);
    try {
      const result = this.statements.writer(sql).run(bindable(params) as unknown[]);
      return { changes: result.changes, lastInsertId: Number(result.lastInsertRowid) };
    } catch (error) {
      return translateSqliteError(error);
    }
  }

  get kysely(): Kysely<Record<string, Record<string, unknown>>> {
    this.kyselyInstance ??= new Kysely({
      dialect: new SqliteDialect({ database: this.statements.kyselyDatabase() }),
    });
    return this.kyselyInstance;
  }

  /**
   * SQLite has one writer: a transaction takes the process-wide lock and starts with
   * `BEGIN IMMEDIATE`, so another process's writer waits (busy timeout) instead of failing later.
   */
  async beginTransaction(): Promise<{ session: Session; release: () => void }> {
    let release!: () => void;
    const previous = this.lock;
    this.lock = new Promise<void>((resolve) => (release = resolve));
    await previous;
    try {
      await this.session.exec('BEGIN IMMEDIATE');
    } catch (error) {
      release();
      throw error;
    }
    return { session: this.session, release };
  }

  /** Resolves when no transaction holds the connection. */
  idle(): Promise<void> {
    return this.lock;
  }

  async close(): Promise<void> {
    await this.kyselyInstance?.destroy();
    if (this.db.open) this.db.close();
  }
}
