import type { Kysely } from 'kysely';
import { kyselyOver } from './kysely.js';
import type { Dialect } from './dialect.js';

/** A row as an array of column values, in SELECT order. */
export type RawRow = unknown[];

/** What a write reports. */
export interface RunResult {
  readonly changes: number;
  readonly lastInsertId: number | undefined;
}

/** One query as the query log sees it. */
export interface QueryLogEntry {
  readonly sql: string;
  readonly params: readonly unknown[];
  readonly alias: string;
}

/** A transaction in progress on one connection. */
export interface TransactionState {
  readonly connection: Connection;
  /** The session that runs the transaction's statements (a pooled client on PostgreSQL). */
  readonly session: Session;
  depth: number;
  savepoints: number;
  readonly onCommit: Array<{ fn: () => unknown; depth: number; robust: boolean }>;
  /** Set when an inner block failed without a savepoint, so the whole must roll back. */
  needsRollback: boolean;
  readonly release: () => void;
}

/** Runs SQL on one physical connection (SQLite's single handle, a pg client). */
export interface Session {
  all(sql: string, params: readonly unknown[]): Promise<RawRow[]>;
  allWithColumns(
    sql: string,
    params: readonly unknown[],
  ): Promise<{ columns: string[]; rows: RawRow[] }>;
  run(sql: string, params: readonly unknown[], returning?: string): Promise<RunResult>;
  exec(sql: string): Promise<void>;
  /** Any statement, as kysely runs them: its rows when it returns some, else what it changed. */
  execute(sql: string, params: readonly unknown[]): Promise<ExecuteResult>;
}

/** What `Session.execute` reports. */
export interface ExecuteResult extends RunResult {
  readonly columns: readonly string[];
  readonly rows: RawRow[];
}

/**
 * The options of one entry in `databases`.
 *
 * @example
 * ```ts
 * { engine: 'postgres', url: 'postgres://app@127.0.0.1:5432/app', max: 20 }
 * ```
 */
export type DatabaseSettings =
  | {
      engine: 'sqlite';
      /** A file path, or `':memory:'`. */
      name: string;
      /** Milliseconds a writer waits for a lock before failing (default 5000). */
      busyTimeout?: number;
      /** Prepared statements kept per connection (default 1000). */
      statementCacheSize?: number;
      atomicRequests?: boolean;
    }
  | {
      engine: 'postgres';
      url?: string;
      host?: string;
      port?: number;
      name?: string;
      user?: string;
      password?: string;
      /** Pool size (default 10). */
      max?: number;
      atomicRequests?: boolean;
    };

/**
 * A database connection: a dialect, a session for plain queries, and the hooks the query log and
 * transactions need. Subclassed per engine.
 *
 * @example
 * ```ts
 * const stop = connections.get().addQueryListener(({ sql }) => console.log(sql));
 * ```
 */
export abstract class Connection {
  abstract readonly dialect: Dialect;
  /** The current transaction of the async context that opened it, if any (see transaction.ts). */
  activeTransactions = 0;
  private listeners: Array<(entry: QueryLogEntry) => void> = [];

  constructor(
    readonly alias: string,
    readonly settings: DatabaseSettings,
  ) {}

  /** The session plain (non-transactional) queries run on. */
  abstract readonly session: Session;
  private kyselyInstance: Kysely<any> | undefined;

  /**
   * A kysely instance on this connection, for queries the ORM does not express: it runs on the
   * ORM's session of the current async context, so inside `atomic()` it joins the transaction.
   * `connections.kysely<DB>()` is the typed form.
   */
  get kysely(): Kysely<any> {
    this.kyselyInstance ??= kyselyOver(this);
    return this.kyselyInstance;
  }
  /** Opens a session for a transaction (BEGIN IMMEDIATE on SQLite, a pool client on PostgreSQL). */
  abstract beginTransaction(): Promise<{ session: Session; release: () => void }>;
  abstract close(): Promise<void>;

  /**
   * Runs `fn` holding a lock that only one process of all those sharing this database may hold,
   * so that nodes started at once apply each migration once. SQLite serves one machine, and its
   * writers already queue on the file; PostgreSQL overrides this with an advisory lock.
   */
  async withMigrationLock<T>(fn: () => Promise<T>): Promise<T> {
    return fn();
  }

  /**
   * Listens to every query run on this connection; returns the function that stops listening.
   * The tests count queries with it (no N+1), a debug toolbar can show them.
   */
  addQueryListener(listener: (entry: QueryLogEntry) => void): () => void {
    this.listeners = [...this.listeners, listener];
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  /** @internal */
  log(sql: string, params: readonly unknown[]): void {
    if (this.listeners.length === 0) return;
    for (const listener of this.listeners) listener({ sql, params, alias: this.alias });
  }

  /** True when query listeners are attached (checked on the hot path). */
  get logging(): boolean {
    return this.listeners.length > 0;
  }
}
