import { execFileSync } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));

// kysely is imported with the ORM, not loaded at first use as the database drivers are
// (packages/tests/src/lazy-dependencies.test.ts): loaded later through require() it would be its
// CommonJS build under tsx (the `stack` command) and vitest, a twin of the application's
// `import 'kysely'`, on which `instanceof Kysely` fails.
describe('kysely', () => {
  it('is the application’s own module in the ORM, not a twin', () => {
    // In a process of its own, as an application runs through the `stack` command (tsx).
    const script = `const { connections } = await import('@stack/orm');
      await connections.configure({ default: { engine: 'sqlite', name: ':memory:' } });
      const db = connections.kysely();
      const { Kysely, Transaction, sql } = await import('kysely');
      const inTransaction = await db.transaction().execute(async (trx) => trx instanceof Transaction);
      const { rows } = await sql\`SELECT 2 AS two\`.execute(db);
      await connections.closeAll();
      console.log(JSON.stringify({ kysely: db instanceof Kysely, inTransaction, rows }));`;
    const out = execFileSync(
      process.execPath,
      ['--conditions=@stack/source', '--import', 'tsx', '--input-type=module', '-e', script],
      { cwd: here, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'test' } },
    );
    expect(JSON.parse(out.trim().split('\n').pop()!)).toEqual({
      kysely: true,
      inTransaction: true,
      rows: [{ two: 2 }],
    });
  }, 60_000);
});
