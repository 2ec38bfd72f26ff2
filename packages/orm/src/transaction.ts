import { connections } from './connections.js';
import { TransactionManagementError } from './errors.js';
import type { Connection, TransactionState } from './internal/connection.js';
import {
  ambientTransactions,
  currentTransaction,
  sessionFor,
  transactionContext,
} from './internal/context.js';

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
  const current = currentTransaction(connection);
  if (current !== undefined) {
    if (options.durable === true) {
      throw new TransactionManagementError(
        'A durable atomic block cannot be nested within another atomic block.',
      );
    }
    return savepoint(current, fn);
  }
  const state = await begin(connection);
  const { session, release } = state;
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

async function begin(connection: Connection): Promise<TransactionState> {
  const { session, release } = await connection.beginTransaction();
  return {
    connection,
    session,
    depth: 1,
    savepoints: 0,
    onCommit: [],
    needsRollback: false,
    release,
  };
}

/** Callbacks registered inside a rolled-back savepoint must not run. */
function dropCallbacks(state: TransactionState, depth: number): void {
  for (let i = state.onCommit.length - 1; i >= 0; i--) {
    if ((state.onCommit[i]?.depth ?? 0) >= depth) state.onCommit.splice(i, 1);
  }
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
    dropCallbacks(state, depth);
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

/**
 * An atomic block entered by {@link enterAtomic}; `exit` commits it, or rolls it back.
 *
 * @example
 * ```ts
 * await block.exit({ rollback: true });
 * ```
 */
export interface AtomicBlock {
  /** Leaves the block: commits (or releases its savepoint), or rolls back with `rollback`. */
  exit(options?: { rollback?: boolean }): Promise<void>;
}

/**
 * Enters an atomic block that is left by calling `exit()` rather than when a function returns,
 * as Django's test cases enter `atomic()` without `with`. Unlike {@link atomic}, the block is
 * not bound to the async context: until it exits, every query on the connection, from any
 * context, runs in it, and `atomic()` blocks become its savepoints. Made for test isolation
 * (a transaction per test class, a savepoint per test); application code wants `atomic()`.
 *
 * @example
 * ```ts
 * const outer = await enterAtomic();             // BEGIN
 * await Question.objects.create({ questionText: 'Hi' });
 * const inner = await enterAtomic();             // SAVEPOINT "s1"
 * await inner.exit({ rollback: true });          // ROLLBACK TO SAVEPOINT "s1"
 * await outer.exit({ rollback: true });          // ROLLBACK: nothing was written
 * ```
 */
export async function enterAtomic(
  options: Pick<AtomicOptions, 'using'> = {},
): Promise<AtomicBlock> {
  const connection = connections.get(options.using ?? 'default');
  const current = currentTransaction(connection);
  if (current !== undefined) return enterSavepoint(current);
  const state = await begin(connection);
  const { session, release } = state;
  ambientTransactions.set(connection, state);
  connection.activeTransactions++;
  openTransactions++;
  let done = false;
  return {
    async exit({ rollback = false } = {}) {
      if (done) return;
      done = true;
      try {
        await session.exec(rollback ? 'ROLLBACK' : 'COMMIT');
      } finally {
        ambientTransactions.delete(connection);
        connection.activeTransactions--;
        release();
        if (--openTransactions === 0) storage.disable();
      }
      if (!rollback) await runOnCommit(state);
    },
  };
}

async function enterSavepoint(state: TransactionState): Promise<AtomicBlock> {
  const name = `"s${++state.savepoints}"`;
  await state.session.exec(`SAVEPOINT ${name}`);
  const depth = ++state.depth;
  let done = false;
  return {
    async exit({ rollback = false } = {}) {
      if (done) return;
      done = true;
      try {
        if (rollback) {
          await state.session.exec(`ROLLBACK TO SAVEPOINT ${name}`);
          dropCallbacks(state, depth);
        }
        await state.session.exec(`RELEASE SAVEPOINT ${name}`);
      } finally {
        state.depth--;
      }
    },
  };
}
