import { apps as modelRegistry, connections } from '@stack/orm';
import { commandOutput } from '../command.js';
import { afterMigrate } from '../commands/post-migrate.js';
import { existingTables } from '../internal/sync-apps.js';

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Empties every model table of a database, as Django's `flush` after each `TransactionTestCase`
 * test, then re-runs the post-migrate work (contrib-auth's permissions).
 */
export async function flushDatabase(using: string): Promise<void> {
  const existing = await existingTables(using);
  const tables = [
    ...new Set(
      modelRegistry
        .getModels()
        .map((m) => (m as unknown as { _meta: { dbTable: string } })._meta.dbTable)
        .filter((t) => existing.has(t)),
    ),
  ];
  if (tables.length === 0) return;
  const connection = connections.get(using);
  const session = connection.session;
  if (connection.settings.engine === 'postgres') {
    await session.exec(`TRUNCATE ${tables.map(quote).join(', ')}`);
  } else {
    await session.exec('PRAGMA foreign_keys = OFF');
    try {
      for (const table of tables) await session.exec(`DELETE FROM ${quote(table)}`);
    } finally {
      await session.exec('PRAGMA foreign_keys = ON');
    }
  }
  await afterMigrate({ using, stdout: commandOutput({ write: () => undefined }) });
}
