import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connections } from '../../src/connections.js';
import { CharField } from '../../src/fields/text.js';
import { defineModel } from '../../src/model/model.js';
import type { AnyModelClass } from '../../src/model/types.js';
import { migrate } from '../../src/migrations/commands.js';
import { makemigrations } from '../../src/migrations/make.js';
import { freshDatabase } from '../postgres-database.js';
import { type TempProject, rows, tempProject } from './testing/history.js';

const url = process.env.STACK_TEST_POSTGRES_URL;

// Nodes of one deployment each run `migrate` when they start; on PostgreSQL an advisory lock
// makes them take turns, so each migration is applied (and its data written) once.
describe.skipIf(url === undefined && process.env.CI === undefined)(
  'migrate on PostgreSQL, started by several nodes at once',
  () => {
    let project: TempProject;
    let drop: (() => Promise<void>) | undefined;
    let databaseUrl = '';
    beforeAll(async () => {
      project = tempProject();
      const fresh = await freshDatabase('the migration lock test');
      if (fresh === undefined) throw new Error('no PostgreSQL server');
      drop = fresh.drop;
      databaseUrl = fresh.url;
      await connections.configure({ default: { engine: 'postgres', url: fresh.url, max: 8 } });
    });
    afterAll(async () => {
      await connections.closeAll();
      await drop?.();
      project?.cleanup();
    });

    it('applies each migration once, and the later runs find nothing to apply', async () => {
      const Item = defineModel()('shop.Item', {
        name: new CharField({ maxLength: 20 }),
      }) as unknown as AnyModelClass;
      const apps = [project.app('shop', [Item])];
      await makemigrations({ apps, ormModule: project.ormModule });
      const folder = join(project.dir, 'shop', 'migrations');
      mkdirSync(folder, { recursive: true });
      writeFileSync(
        join(folder, '0002_first_item.ts'),
        `import * as orm from ${JSON.stringify(project.ormModule)};
export default new orm.Migration({
  dependencies: [['shop', '0001_initial']],
  operations: [new orm.RunSQL({ sql: ["INSERT INTO shop_item (name) VALUES ('once')"] })],
});
`,
      );

      const outputs = await Promise.all(
        [1, 2, 3, 4].map(async () => {
          const lines: string[] = [];
          await migrate({ apps, stdout: (line) => lines.push(line) });
          return lines;
        }),
      );

      const applying = outputs.flat().filter((line) => line.includes('Applying'));
      expect(applying).toEqual([
        '  Applying shop.0001_initial... OK',
        '  Applying shop.0002_first_item... OK',
      ]);
      expect(outputs.filter((lines) => lines.includes('  No migrations to apply.'))).toHaveLength(
        3,
      );
      expect(await rows('SELECT name FROM shop_item')).toEqual([['once']]);
      expect(
        await rows(`SELECT name FROM stack_migrations WHERE app = 'shop' ORDER BY name`),
      ).toEqual([['0001_initial'], ['0002_first_item']]);
    });

    it('lets a caller that holds the lock run migrate inside it (no deadlock on itself)', async () => {
      const Item = defineModel()('shop.Item', {
        name: new CharField({ maxLength: 20 }),
      }) as unknown as AnyModelClass;
      const apps = [project.app('shop', [Item])];
      const connection = connections.get('default');
      const lines: string[] = [];
      const waiting: string[] = [];
      let entered!: () => void;
      const holding = new Promise<void>((resolve) => (entered = resolve));
      const first = connection.withMigrationLock(async () => {
        entered();
        await migrate({ apps, stdout: (line) => lines.push(line) });
        waiting.push('first');
      });
      await holding;
      // Another node (outside the first's async context) waits for the lock to be released.
      const second = connection.withMigrationLock(async () => void waiting.push('second'));
      await Promise.all([first, second]);
      expect(lines).toContain('  No migrations to apply.');
      expect(waiting).toEqual(['first', 'second']);
    });

    it('releases the lock when a migration fails, so the next run may try again', async () => {
      const Item = defineModel()('shop.Item', {
        name: new CharField({ maxLength: 20 }),
      }) as unknown as AnyModelClass;
      const apps = [project.app('shop', [Item])];
      writeFileSync(
        join(project.dir, 'shop', 'migrations', '0003_broken.ts'),
        `import * as orm from ${JSON.stringify(project.ormModule)};
export default new orm.Migration({
  dependencies: [['shop', '0002_first_item']],
  operations: [new orm.RunSQL({ sql: ['INSERT INTO no_such_table VALUES (1)'] })],
});
`,
      );
      await expect(migrate({ apps })).rejects.toThrow(/no_such_table/);
      // Another session (a node of its own) can take the lock at once.
      const other = new pg.Client({ connectionString: databaseUrl });
      await other.connect();
      try {
        const probe = await other.query('SELECT pg_try_advisory_lock($1) AS got', [0x5374_6b4d]);
        expect(probe.rows[0].got).toBe(true);
      } finally {
        await other.end();
      }
    });
  },
);
