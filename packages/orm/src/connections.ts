import type { Kysely } from 'kysely';
import { ImproperlyConfigured } from './errors.js';
import type { Connection, DatabaseSettings } from './internal/connection.js';
import { PostgresConnection } from './internal/postgres.js';
import { SqliteConnection } from './internal/sqlite.js';

/** `settings.databases`: connection settings by alias; `default` is used unless told otherwise. */
export type DatabasesSettings = Record<string, DatabaseSettings>;

/**
 * The open connections, by alias (Django's `django.db.connections`). Connections open lazily, on
 * first use, from the settings given to `configure`.
 *
 * @example
 * ```ts
 * connections.configure({
 *   default: { engine: 'sqlite', name: 'db.sqlite3' },
 *   replica: { engine: 'postgres', url: 'postgres://app@127.0.0.1/app' },
 * });
 * const db = connections.get('replica');
 * await Post.objects.using('replica').count(); // SELECT COUNT(*) FROM "blog_post"
 * ```
 */
export class ConnectionHandler {
  private settings: DatabasesSettings = {};
  private readonly open = new Map<string, Connection>();
  /**
   * Debug mode (Django's `DEBUG`; `@stack/core` sets it from the `debug` setting): the ORM then
   * warns about N+1 queries, once per query whose rows load the same relation lazily.
   */
  debug = false;
  /** Where debug warnings go (default `console.warn`). */
  warn: (message: string) => void = (message) => console.warn(message);

  /** Replaces the settings; connections already open to a changed alias are closed first. */
  async configure(databases: DatabasesSettings): Promise<void> {
    await this.closeAll();
    this.settings = Object.assign(Object.create(null) as DatabasesSettings, databases);
  }

  /** The connection for `alias`, opened on first use. */
  get(alias = 'default'): Connection {
    const existing = this.open.get(alias);
    if (existing !== undefined) return existing;
    const settings = Object.hasOwn(this.settings, alias) ? this.settings[alias] : undefined;
    if (settings === undefined) {
      throw new ImproperlyConfigured(
        `The connection '${alias}' doesn't exist. Configure it with connections.configure({ ${alias}: { engine: 'sqlite', name: 'db.sqlite3' } }).`,
      );
    }
    const connection =
      settings.engine === 'sqlite'
        ? new SqliteConnection(alias, settings)
        : new PostgresConnection(alias, settings);
    this.open.set(alias, connection);
    return connection;
  }

  /**
   * A typed kysely instance on the connection `alias`: kysely builds the SQL, the ORM runs it on
   * the session of the current async context, so inside `atomic()` it joins the transaction.
   *
   * @example
   * ```ts
   * interface DB { blog_post: { id: number; title: string; views: number } }
   * await atomic(async () => {
   *   await connections.kysely<DB>().updateTable('blog_post').set({ views: 0 }).execute();
   * });
   * ```
   */
  kysely<DB = Record<string, Record<string, unknown>>>(alias = 'default'): Kysely<DB> {
    return this.get(alias).kysely as Kysely<DB>;
  }

  /** The configured aliases. */
  get aliases(): string[] {
    return Object.keys(this.settings);
  }

  /** The settings of `alias` (for instance to read `atomicRequests`). */
  settingsOf(alias = 'default'): DatabaseSettings | undefined {
    return Object.hasOwn(this.settings, alias) ? this.settings[alias] : undefined;
  }

  /** Closes every open connection (call it when a script or a test file ends). */
  async closeAll(): Promise<void> {
    const open = [...this.open.values()];
    this.open.clear();
    await Promise.all(open.map((c) => c.close()));
  }
}

/**
 * The process-wide connection handler.
 *
 * @example
 * ```ts
 * await connections.configure({ default: { engine: 'sqlite', name: ':memory:' } });
 * ```
 */
export const connections = new ConnectionHandler();
