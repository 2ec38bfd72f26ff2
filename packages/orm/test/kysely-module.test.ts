import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));

// kysely is imported with the ORM, not loaded at first use as the database drivers are
// (packages/tests/src/lazy-dependencies.test.ts): loaded later through require() it would be its
// CommonJS build under tsx and vitest, a twin of the application's `import 'kysely'`.
describe('kysely', () => {
  // The ORM's kysely instance is built from the module the application imports (not a
  // CommonJS twin): run on the build in plain node, as an application does (skipped before the
  // package is built).
  const built = join(here, '../dist/index.js');
  it.skipIf(!existsSync(built))(
    'is the application’s own module in the ORM, not a twin',
    () => {
      const script = `const { connections } = await import(${JSON.stringify(built)});
      await connections.configure({ default: { engine: 'sqlite', name: ':memory:' } });
      const db = connections.kysely();
      const { Kysely, Transaction, sql } = await import('kysely');
      const inTransaction = await db.transaction().execute(async (trx) => trx instanceof Transaction);
      const { rows } = await sql\`SELECT 2 AS two\`.execute(db);
      await connections.closeAll();
      console.log(JSON.stringify({ kysely: db instanceof Kysely, inTransaction, rows }));`;
      const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
        cwd: here,
        encoding: 'utf8',
        env: { ...process.env, NODE_ENV: 'test' },
      });
      expect(JSON.parse(out.trim().split('\n').pop()!)).toEqual({
        kysely: true,
        inTransaction: true,
        rows: [{ two: 2 }],
      });
    },
    60_000,
  );
});
