import { AsyncLocalStorage } from 'node:async_hooks';
import type { Connection, Session, TransactionState } from './connection.js';

/**
 * The transactions of the current async context, by connection (`atomic()` opens them). Only
 * consulted while a transaction is open on a connection, so plain queries never touch it.
 * @internal
 */
export const transactionContext = new AsyncLocalStorage<
  ReadonlyMap<Connection, TransactionState>
>();

/**
 * Transactions entered with `enterAtomic()`: every async context on their connection joins them,
 * as Django's connection is shared by its thread (what a test case's class-wide block needs).
 * @internal
 */
export const ambientTransactions = new Map<Connection, TransactionState>();

/**
 * The transaction of the current async context on `connection`, else the one `enterAtomic()`
 * holds open on it, if any. @internal
 */
export function currentTransaction(connection: Connection): TransactionState | undefined {
  if (connection.activeTransactions === 0) return undefined;
  return transactionContext.getStore()?.get(connection) ?? ambientTransactions.get(connection);
}

/**
 * The session a query must run on: the transaction's when this async context is inside one, the
 * connection's plain session otherwise (another context's transaction never makes it wait for a
 * read: PostgreSQL runs each transaction on its own pooled client, SQLite reads beside its
 * writer).
 * @internal
 */
export function sessionFor(connection: Connection): Session {
  if (connection.activeTransactions === 0) return connection.session;
  return currentTransaction(connection)?.session ?? connection.session;
}
