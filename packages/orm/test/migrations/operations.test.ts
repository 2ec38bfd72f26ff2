import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { connections } from '../../src/connections.js';
import { cycleScenario, libraryScenario, renameTargetScenario } from './testing/library.js';
import { tempProject } from './testing/history.js';
import { freshDatabase } from '../postgres-database.js';

const url = process.env.STACK_TEST_POSTGRES_URL;
const project = tempProject();
const drops: Array<() => Promise<void>> = [];
afterAll(async () => {
  await connections.closeAll();
  for (const drop of drops) await drop();
  project.cleanup();
});

describe('altering a referenced table', () => {
  it('renames it, drops its index and constraint and alters its fields on SQLite, keeping the data', async () => {
    await connections.configure({
      default: { engine: 'sqlite', name: join(project.dir, 'lib.sqlite3') },
    });
    await libraryScenario(project);
    await cycleScenario(project);
    await renameTargetScenario(project);
  });

  it.skipIf(url === undefined && process.env.CI === undefined)(
    'does the same in place on PostgreSQL',
    async () => {
      const fresh = await freshDatabase('the PostgreSQL migration tests');
      if (fresh === undefined) throw new Error('no PostgreSQL server');
      drops.push(fresh.drop);
      await connections.configure({ default: { engine: 'postgres', url: fresh.url } });
      const second = tempProject();
      try {
        await libraryScenario(second);
        await cycleScenario(second);
        await renameTargetScenario(second);
      } finally {
        second.cleanup();
      }
    },
  );
});
