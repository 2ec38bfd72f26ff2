import { connections } from './connections.js';
import { TransactionManagementError } from './errors.js';
import type { TransactionState } from './internal/connection.js';
import { currentTransaction, sessionFor, transactionContext } from './internal/context.js';

// Node 20 tracks every promise while an AsyncLocalStorage is enabled; disable it whenever no
// transaction is open anywhere, so the non-transactional hot path pays nothing for it.
let openTransactions = 0;
const storage = transactionContext;

export { sessionFor };

/**
 * Options of {@link atomic}.
 *
 * @example
 * ```ts
 * await atomic(work, { using: 'replica', durable: true });
 * ```
 */
export interface AtomicOptions {
  /** The database alias (default `'default'`). */
  using?: string;
  /** Refuse to run nested in another atomic block: this block's commit must really commit. */
  durable?: boolean;
}

/**
 * Runs `fn` in a transaction: commits when it resolves, rolls back when it throws. Nested blocks
 * become savepoints, so an inner failure rolls back only the inner work. The transaction follows
 * the async context, so every ORM call inside `fn` (however deep) joins it.
 *
 * @example
 * ```ts
 * await atomic(async () => {
 *   const post = await Post.objects.create({ title: 'Hi' });
 *   await atomic(async () => { await Tag.objects.create({ name: 'x' }); }); // SAVEPOINT "s1"
 * });
 * // BEGIN IMMEDIATE (SQLite) / BEGIN … COMMIT
 * ```
 */
export async function atomic<T>(fn: () => Promise<T> | T, options: AtomicOptions = {}): Promise<T> {
  const connection = connections.get(options.using ?? 'default');
  const store = storage.getStore();
  const current = store?.get(connection);
  if (current !== undefined) {
    if (options.durable === true) {
      throw new TransactionManagementError(
        'A durable atomic block cannot be nested within another atomic block.',
      );
    }
    return savepoint(current, fn);
  }
  const { session, release } = await connection.beginTransaction();
  const state: TransactionState = {
    connection,
    session,
    depth: 1,
    savepoints: 0,
    onCommit: [],
    needsRollback: false,
    release,
  };
  const next = new Map(store);
  next.set(connection, state);
  connection.activeTransactions++;
  openTransactions++;
  let result: T;
  try {
    result = await storage.run(next, fn);
    await session.exec('COMMIT');
  } catch (error) {
    await session.exec('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    connection.activeTransactions--;
    release();
    if (--openTransactions === 0) storage.disable();
  }
  await runOnCommit(state);
  return result;
}

async function savepoint<T>(state: TransactionState, fn: () => Promise<T> | T): Promise<T> {
  const name = `"s${++state.savepoints}"`;
  await state.session.exec(`SAVEPOINT ${name}`);
  state.depth++;
  const depth = state.depth;
  try {
    const result = await fn();
    await state.session.exec(`RELEASE SAVEPOINT ${name}`);
    return result;
  } catch (error) {
    await state.session.exec(`ROLLBACK TO SAVEPOINT ${name}`);
    await state.session.exec(`RELEASE SAVEPOINT ${name}`);
    // Callbacks registered inside the rolled-back block must not run.
    for (let i = state.onCommit.length - 1; i >= 0; i--) {
      if ((state.onCommit[i]?.depth ?? 0) >= depth) state.onCommit.splice(i, 1);
    }
    throw error;
  } finally {
    state.depth--;
  }
}

async function runOnCommit(state: TransactionState): Promise<void> {
  for (const callback of state.onCommit) {
    if (callback.robust) {
      try {
        await callback.fn();
      } catch {
        // A robust callback's failure must not hide that the transaction committed.
      }
    } else {
      await callback.fn();
    }
  }
}

/**
 * Runs `fn` after the current transaction commits (never if it rolls back); outside a
 * transaction it runs at once. Use it for side effects (e-mails, cache purges) that must not
 * happen for work that was undone.
 *
 * @example
 * ```ts
 * await atomic(async () => {
 *   await order.save();
 *   onCommit(() => sendConfirmation(order));
 * });
 * ```
 */
export async function onCommit(
  fn: () => unknown,
  options: { using?: string; robust?: boolean } = {},
): Promise<void> {
  const connection = connections.get(options.using ?? 'default');
  const state = currentTransaction(connection);
  if (state === undefined) {
    await fn();
    return;
  }
  state.onCommit.push({ fn, depth: state.depth, robust: options.robust === true });
}

/**
 * Whether the current async context is inside an atomic block on `using`.
 *
 * @example
 * ```ts
 * await atomic(async () => inAtomicBlock()); // true
 * ```
 */
export function inAtomicBlock(using = 'default'): boolean {
  const connection = connections.get(using);
  return currentTransaction(connection) !== undefined;
}
