import path from 'node:path';
import { connections, type DatabasesSettings } from '@stack/orm';
import type { Settings } from '../settings-types.js';

let configuredWith = '';

/**
 * Hands the `databases` setting to the ORM's `connections` (a relative SQLite file is read from
 * `baseDir`, as Django's `BASE_DIR / 'db.sqlite3'`). Done again only when the setting changed, so
 * connections opened by earlier work stay open.
 */
export async function configureDatabases(settings: Settings): Promise<void> {
  // In debug mode the ORM warns about N+1 queries (a relation loaded lazily row after row).
  connections.debug = settings.debug === true;
  const entries = Object.entries(settings.databases);
  if (entries.length === 0) return;
  const databases = Object.fromEntries(
    entries.map(([alias, db]) => {
      const name =
        db.engine === 'sqlite' &&
        typeof db.name === 'string' &&
        db.name !== ':memory:' &&
        !path.isAbsolute(db.name)
          ? path.resolve(settings.baseDir, db.name)
          : db.name;
      return [alias, { ...db, ...(name !== undefined && { name }) }];
    }),
  ) as unknown as DatabasesSettings;
  const key = JSON.stringify(databases);
  if (key === configuredWith && connections.aliases.length > 0) return;
  await connections.configure(databases);
  configuredWith = key;
}
