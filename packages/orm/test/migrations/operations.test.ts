import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { connections } from '../../src/connections.js';
import { cycleScenario, libraryScenario, renameTargetScenario } from './testing/library.js';
import { tempProject } from './testing/history.js';

const url = process.env.STACK_TEST_POSTGRES_URL;
const project = tempProject();
afterAll(async () => {
  await connections.closeAll();
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
      if (url === undefined) throw new Error('CI needs STACK_TEST_POSTGRES_URL.');
      await connections.configure({ default: { engine: 'postgres', url } });
      const session = connections.get('default').session;
      await session.exec('DROP SCHEMA IF EXISTS public CASCADE');
      await session.exec('CREATE SCHEMA public');
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
