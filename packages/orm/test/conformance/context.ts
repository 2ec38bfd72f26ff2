import { connections } from '../../src/connections.js';
import type { DatabaseSettings, QueryLogEntry } from '../../src/internal/connection.js';
import { SchemaEditor } from '../../src/schema/editor.js';
import { conformanceModels } from './models.js';

/** What a conformance block needs: the alias under test and a query counter. */
export interface ConformanceContext {
  readonly alias: string;
  /** Runs `fn` and returns the queries it ran. */
  queries(fn: () => Promise<unknown>): Promise<QueryLogEntry[]>;
}

/** Configures the alias, creates the suite's tables, and returns the context. */
export async function setUpDatabase(settings: DatabaseSettings): Promise<ConformanceContext> {
  await connections.configure({ default: settings });
  const connection = connections.get('default');
  if (settings.engine === 'postgres') {
    await connection.session.exec('DROP SCHEMA IF EXISTS public CASCADE');
    await connection.session.exec('CREATE SCHEMA public');
  }
  await new SchemaEditor().createModels(conformanceModels);
  return {
    alias: 'default',
    async queries(fn) {
      const log: QueryLogEntry[] = [];
      const stop = connection.addQueryListener((entry) => log.push(entry));
      try {
        await fn();
      } finally {
        stop();
      }
      return log;
    },
  };
}

/** Empties every table of the suite (children first). */
export async function emptyTables(): Promise<void> {
  const connection = connections.get('default');
  const tables = [
    'conf_pin',
    'conf_comment',
    'conf_post_tags',
    'conf_post',
    'conf_tag',
    'conf_author',
    'conf_sample',
  ];
  for (const table of tables) await connection.session.exec(`DELETE FROM "${table}"`);
}
