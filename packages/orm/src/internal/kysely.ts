import {
  type CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryCompiler,
  type QueryResult,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import { TransactionManagementError } from '../errors.js';
import type { Connection, RawRow, Session } from './connection.js';
import { currentTransaction, sessionFor } from './context.js';

// kysely over the ORM's own connection: kysely builds and compiles the SQL; every statement runs
// on the ORM's session of the current async context, so inside atomic() it joins that
// transaction, outside it runs as the ORM's plain queries do (SQLite: reads beside the writer),
// and it shows in the query log and fails with the ORM's errors (IntegrityError…).

function objects(
  columns: readonly string[],
  rows: readonly RawRow[],
): Array<Record<string, unknown>> {
  return rows.map((row) => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < columns.length; i++) out[columns[i]!] = row[i];
    return out;
  });
}

/** One kysely "connection": the context's ORM session, or a transaction kysely began itself. */
class OrmConnection implements DatabaseConnection {
  /** Set between kysely's own BEGIN and COMMIT/ROLLBACK (`db.transaction().execute(…)`). */
  transaction: { session: Session; release: () => void } | undefined;

  constructor(readonly connection: Connection) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const session = this.transaction?.session ?? sessionFor(this.connection);
    const result = await session.execute(compiled.sql, compiled.parameters);
    return {
      rows: objects(result.columns, result.rows) as R[],
      numAffectedRows: BigInt(result.changes),
      ...(result.lastInsertId !== undefined &&
        result.columns.length === 0 && { insertId: BigInt(result.lastInsertId) }),
    };
  }

  async *streamQuery<R>(compiled: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    yield await this.executeQuery<R>(compiled);
  }
}

class OrmDriver implements Driver {
  constructor(private readonly connection: Connection) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new OrmConnection(this.connection);
  }

  async beginTransaction(conn: DatabaseConnection): Promise<void> {
    if (currentTransaction(this.connection) !== undefined) {
      throw new TransactionManagementError(
        "kysely's transaction() cannot begin inside atomic(): kysely queries there already run in the atomic block's transaction (nest atomic() for a savepoint).",
      );
    }
    (conn as OrmConnection).transaction = await this.connection.beginTransaction();
  }

  async commitTransaction(conn: DatabaseConnection): Promise<void> {
    await this.end(conn as OrmConnection, 'COMMIT');
  }

  async rollbackTransaction(conn: DatabaseConnection): Promise<void> {
    await this.end(conn as OrmConnection, 'ROLLBACK');
  }

  private async end(conn: OrmConnection, sql: 'COMMIT' | 'ROLLBACK'): Promise<void> {
    const transaction = conn.transaction;
    if (transaction === undefined) return;
    conn.transaction = undefined;
    try {
      await transaction.session.exec(sql);
    } finally {
      transaction.release();
    }
  }

  async releaseConnection(): Promise<void> {}

  // The ORM owns (and closes) the database: destroying the kysely instance leaves it open.
  async destroy(): Promise<void> {}
}

class OrmDialect implements Dialect {
  constructor(private readonly connection: Connection) {}

  private get postgres(): boolean {
    return this.connection.dialect.name === 'postgres';
  }

  createDriver(): Driver {
    return new OrmDriver(this.connection);
  }

  createQueryCompiler(): QueryCompiler {
    return this.postgres ? new PostgresQueryCompiler() : new SqliteQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return this.postgres ? new PostgresAdapter() : new SqliteAdapter();
  }

  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return this.postgres ? new PostgresIntrospector(db) : new SqliteIntrospector(db);
  }
}

/** A kysely instance running on `connection`'s sessions (see above). @internal */
export function kyselyOver<DB>(connection: Connection): Kysely<DB> {
  return new Kysely<DB>({ dialect: new OrmDialect(connection) });
}
