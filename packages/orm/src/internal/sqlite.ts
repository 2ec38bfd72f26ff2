import type Database from 'better-sqlite3';
import { IntegrityError, OrmError } from '../errors.js';
import {
  Connection,
  type DatabaseSettings,
  type RawRow,
  type ExecuteResult,
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
import { loadDriver } from './driver.js';
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
 * Opens a handle with the ORM's settings and functions. The reader is opened read-write but
 * `query_only` (a read-only handle cannot always open a WAL database).
 */
function openHandle(settings: SqliteSettings, reader: boolean): Database.Database {
  // better-sqlite3 is read when the first SQLite database is opened (see `loadDriver`).
  const open = loadDriver<typeof Database>('better-sqlite3', "the 'sqlite' database engine");
  const db = new open(settings.name);
  if (settings.name !== ':memory:' && settings.name !== '') db.pragma('journal_mode = WAL');
  db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(settings.busyTimeout ?? 5000))}`);
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  if (reader) db.pragma('query_only = ON');
  db.function('regexp', { deterministic: true }, regexpFunction(''));
  db.function('stack_iregexp', { deterministic: true }, regexpFunction('i'));
  registerDecimalFunctions(db);
  return db;
}

type Statement = ReturnType<StatementCache['reader']>;

function runAll(stmt: Statement, params: readonly unknown[]): RawRow[] {
  return stmt.all(bindable(params) as unknown[]) as RawRow[];
}

/**
 * SQLite through better-sqlite3, in WAL mode with foreign keys on and a busy timeout; every
 * statement is prepared once.
 *
 * SQLite has one writer and many readers. A file database gets two handles: the writer runs
 * every write and every transaction, one at a time (a transaction holds the process-wide write
 * lock until it ends, and starts with `BEGIN IMMEDIATE`, so another process's writer waits
 * instead of failing later); the reader runs reads outside transactions beside it, seeing the
 * last committed state, so a read never waits for another request's transaction. A `:memory:`
 * database has one handle, and its reads wait for open transactions instead.
 */
export class SqliteConnection extends Connection {
  readonly dialect = sqliteDialect;
  /** The writer handle. */
  readonly db: Database.Database;
  readonly statements: StatementCache;
  /** Outside transactions: reads on the reader, writes once no transaction holds the writer. */
  readonly session: Session;
  /** The writer, for the transaction that holds the write lock. */
  private readonly writerSession: Session;
  private readonly reader: { db: Database.Database; statements: StatementCache } | undefined;
  /** Whether a transaction holds the writer; `lock` resolves when it lets go. */
  private locked = false;
  private lock: Promise<void> = Promise.resolve();

  constructor(alias: string, settings: SqliteSettings) {
    super(alias, settings);
    this.db = openHandle(settings, false);
    const size = settings.statementCacheSize ?? 1000;
    this.statements = new StatementCache(this.db, size);
    if (settings.name !== ':memory:' && settings.name !== '') {
      const db = openHandle(settings, true);
      this.reader = { db, statements: new StatementCache(db, size) };
    }
    this.writerSession = this.createSession(false);
    this.session = this.createSession(true);
  }

  /**
   * Runs `fn` on the writer once no transaction holds it: the check and the call happen in one
   * synchronous step, so no transaction can begin in between.
   */
  private async whenWritable<T>(fn: () => T): Promise<T> {
    while (this.locked) await this.lock;
    return fn();
  }

  /** A read statement on the reader, when there is one and `sql` does not write. */
  private readerStatement(sql: string): Statement | undefined {
    if (this.reader === undefined) return undefined;
    const stmt = this.reader.statements.reader(sql);
    return stmt.readonly ? stmt : undefined;
  }

  private createSession(outside: boolean): Session {
    const statements = this.statements;
    // Outside a transaction, wait for the writer; inside (the lock holder), use it at once.
    const onWriter = <T>(fn: () => T): Promise<T> =>
      outside ? this.whenWritable(fn) : Promise.resolve().then(fn);
    const guard = async <T>(fn: () => T | Promise<T>): Promise<T> => {
      try {
        return await fn();
      } catch (error) {
        return translateSqliteError(error);
      }
    };
    return {
      all: (sql, params) =>
        guard(() => {
          this.log(sql, params);
          const onReader = outside ? this.readerStatement(sql) : undefined;
          if (onReader !== undefined) return runAll(onReader, params);
          return onWriter(() => runAll(statements.reader(sql), params));
        }),
      allWithColumns: (sql, params) =>
        guard(() => {
          this.log(sql, params);
          const read = (stmt: Statement) => ({
            columns: stmt.columns().map((c) => c.name),
            rows: runAll(stmt, params),
          });
          const onReader = outside ? this.readerStatement(sql) : undefined;
          if (onReader !== undefined) return read(onReader);
          return onWriter(() => read(statements.reader(sql)));
        }),
      run: (sql, params) =>
        guard(() => {
          this.log(sql, params);
          return onWriter((): RunResult => {
            const result = statements.writer(sql).run(bindable(params) as unknown[]);
            return { changes: result.changes, lastInsertId: Number(result.lastInsertRowid) };
          });
        }),
      exec: (sql) =>
        guard(() => {
          this.log(sql, []);
          return onWriter(() => {
            this.db.exec(sql);
          });
        }),
      execute: (sql, params) =>
        guard(() => {
          this.log(sql, params);
          const execute = (stmt: Statement): ExecuteResult => {
            if (stmt.reader) {
              const columns = stmt.columns().map((c) => c.name);
              return { columns, rows: runAll(stmt, params), changes: 0, lastInsertId: undefined };
            }
            const result = stmt.run(bindable(params) as unknown[]);
            const lastInsertId = Number(result.lastInsertRowid);
            return { columns: [], rows: [], changes: result.changes, lastInsertId };
          };
          const onReader = outside ? this.readerStatement(sql) : undefined;
          if (onReader !== undefined) return execute(onReader);
          return onWriter(() => execute(statements.reader(sql)));
        }),
    };
  }

  /** How many statements are prepared, on both handles (each SQL text is prepared once). */
  get preparedStatements(): number {
    return this.statements.size + (this.reader?.statements.size ?? 0);
  }

  /**
   * Whether a plain read may run synchronously now, outside any transaction (the fast path): on
   * the reader always; on a single handle only while no transaction holds it.
   */
  get syncReadable(): boolean {
    return this.reader !== undefined || !this.locked;
  }

  /** Whether a write may run synchronously now (no transaction holds the writer). */
  get syncWritable(): boolean {
    return !this.locked;
  }

  /** Runs a reader statement synchronously (the fast path of plain SELECTs). */
  allSync(sql: string, params: readonly unknown[]): RawRow[] {
    if (this.logging) this.log(sql, params);
    try {
      const stmt = this.readerStatement(sql) ?? this.statements.reader(sql);
      return runAll(stmt, params);
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

  /**
   * Takes the write lock (waiting for the transaction that holds it) and starts the transaction
   * with `BEGIN IMMEDIATE` on the writer.
   */
  async beginTransaction(): Promise<{ session: Session; release: () => void }> {
    while (this.locked) await this.lock;
    let resolve!: () => void;
    this.locked = true;
    this.lock = new Promise<void>((r) => (resolve = r));
    const release = () => {
      this.locked = false;
      resolve();
    };
    try {
      await this.writerSession.exec('BEGIN IMMEDIATE');
    } catch (error) {
      release();
      throw error;
    }
    return { session: this.writerSession, release };
  }

  async close(): Promise<void> {
    if (this.reader?.db.open === true) this.reader.db.close();
    if (this.db.open) this.db.close();
  }
}
