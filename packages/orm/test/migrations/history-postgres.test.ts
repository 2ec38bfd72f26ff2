import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connections } from '../../src/connections.js';
import { migrate, sqlmigrate } from '../../src/migrations/commands.js';
import { appsAt, checkStep, runHistoryForwards } from './testing/scenario.js';
import { type TempProject, rows, tempProject } from './testing/history.js';
import { freshDatabase } from '../postgres-database.js';

const url = process.env.STACK_TEST_POSTGRES_URL;

// Runs whenever a server is given; in CI a missing server is a failure, not a skip.
describe.skipIf(url === undefined && process.env.CI === undefined)(
  'a ten-step model history on PostgreSQL',
  // Steps of one history: they run in order, even in a shuffled run.
  { shuffle: false },
  () => {
    let project: TempProject;

    let drop: (() => Promise<void>) | undefined;
    beforeAll(async () => {
      project = tempProject();
      const fresh = await freshDatabase('the PostgreSQL migration tests');
      if (fresh === undefined) throw new Error('no PostgreSQL server');
      drop = fresh.drop;
      await connections.configure({ default: { engine: 'postgres', url: fresh.url } });
    });
    afterAll(async () => {
      await connections.closeAll();
      await drop?.();
      project?.cleanup();
    });

    const tables = async () =>
      (
        await rows(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`)
      ).map((r) => r[0]);

    it('generates one migration per change and applies each, keeping the data', async () => {
      await runHistoryForwards(project);
      expect(await tables()).toEqual([
        'blog_post',
        'blog_post_tags',
        'blog_writer',
        'stack_migrations',
        'tags_tag',
      ]);
      await expect(
        rows(`INSERT INTO "blog_post" ("headline", "views") VALUES ('bad', -1)`),
      ).rejects.toThrow(/views_gte_0/);
    });

    it('rolls back to a named migration with the data of each step kept', async () => {
      const apps = appsAt(project, 10);
      await migrate({ apps, app: 'blog', target: '0005' });
      await checkStep(5, 6, 10);
      await migrate({ apps, app: 'blog', target: '0002' });
      await checkStep(2, 6, 10);
    });

    it('rolls back to zero and forward again', async () => {
      const apps = appsAt(project, 10);
      await migrate({ apps, app: 'blog', target: 'zero' });
      await migrate({ apps, app: 'tags', target: 'zero' });
      expect(await tables()).toEqual(['stack_migrations']);
      await migrate({ apps });
      await checkStep(10, 0);
    });

    it('alters a column in place on PostgreSQL', async () => {
      const sql = await sqlmigrate({ apps: appsAt(project, 10), app: 'blog', name: '0004' });
      expect(sql).toEqual([
        'BEGIN;',
        'ALTER TABLE "blog_post" ALTER COLUMN "views" DROP NOT NULL;',
        'COMMIT;',
      ]);
    });
  },
);
