import { connections } from '@stack/orm';
import { CoreError } from '../errors.js';

/** A test case used a database it did not declare (Django's `DatabaseOperationForbidden`). */
export class DatabaseOperationForbidden extends CoreError {
  override name = 'DatabaseOperationForbidden';
}

const realGet = connections.get;

/**
 * Lets only these aliases be reached through `connections` until the returned function runs;
 * any other raises `DatabaseOperationForbidden` naming the test case and the fix.
 */
export function limitDatabases(
  allowed: readonly string[] | '__all__',
  testCase: string,
): () => void {
  if (allowed === '__all__') return () => undefined;
  const previous = Object.hasOwn(connections, 'get') ? connections.get : undefined;
  connections.get = function (alias = 'default') {
    if (!allowed.includes(alias)) {
      const kind = allowed.length === 0 ? 'SimpleTestCase subclasses' : testCase;
      throw new DatabaseOperationForbidden(
        `Database queries to '${alias}' are not allowed in ${kind}. Either subclass TestCase or ` +
          `TransactionTestCase to ensure proper test isolation or add '${alias}' to ` +
          `${testCase}.databases to silence this failure.`,
      );
    }
    return realGet.call(connections, alias);
  };
  return () => {
    if (previous) connections.get = previous;
    else delete (connections as { get?: unknown }).get;
  };
}
