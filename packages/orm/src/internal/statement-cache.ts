import type Database from 'better-sqlite3';

type Statement = Database.Statement<unknown[], unknown>;

/**
 * Prepared statements by SQL text, least recently prepared evicted first. Readers return rows
 * as arrays (the ORM maps columns by position); writers report changes.
 */
export class StatementCache {
  private readonly readers = new Map<string, Statement>();
  private readonly writers = new Map<string, Statement>();

  constructor(
    private readonly db: Database.Database,
    private readonly max: number,
  ) {}

  reader(sql: string): Statement {
    let stmt = this.readers.get(sql);
    if (stmt === undefined) {
      stmt = this.db.prepare(sql);
      if (stmt.reader) stmt.raw(true);
      this.remember(this.readers, sql, stmt);
    }
    return stmt;
  }

  writer(sql: string): Statement {
    let stmt = this.writers.get(sql);
    if (stmt === undefined) {
      stmt = this.db.prepare(sql);
      this.remember(this.writers, sql, stmt);
    }
    return stmt;
  }

  get size(): number {
    return this.readers.size + this.writers.size;
  }

  private remember(map: Map<string, Statement>, sql: string, stmt: Statement): void {
    if (map.size >= this.max) {
      const oldest = map.keys().next();
      if (oldest.done !== true) map.delete(oldest.value);
    }
    map.set(sql, stmt);
  }
}
