import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));

// Records every module node resolves for an `import` (a hook) or holds for a `require`, so the
// script below can tell whether a driver's files were read.
const HOOKS = `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(process.env.STACK_LAZY_LOG, result.url + '\\n');
  return result;
}`;

function loadedIn(log: string): string {
  return `const loaded = (name) => {
    const re = new RegExp('/node_modules/' + name + '/');
    const required = Object.keys(createRequire(import.meta.url).cache);
    const imported = readFileSync(${JSON.stringify(log)}, 'utf8').split('\\n');
    return required.some((file) => re.test(file)) || imported.some((url) => re.test(url));
  };
  const drivers = () => Object.fromEntries(
    ['pg', 'better-sqlite3', 'image-size'].map((name) => [name, loaded(name)]));`;
}

// Django imports a backend's driver when the backend is first used: a process that imports the
// ORM reads no database driver or image-size until it needs them. (kysely is imported with the
// ORM: loaded later it would be its CommonJS build under tsx and vitest, a twin of the
// application's `import 'kysely'`, and `db instanceof Kysely` would be false.)
describe('optional drivers', () => {
  it('are read at first use', () => {
    const folder = mkdtempSync(join(tmpdir(), 'stack-lazy-drivers-'));
    const log = join(folder, 'resolved.log');
    const script = `import { createRequire, register } from 'node:module';
      import { readFileSync, rmSync, writeFileSync } from 'node:fs';
      writeFileSync(${JSON.stringify(log)}, '');
      register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(HOOKS)}));
      ${loadedIn(log)}
      const { connections } = await import(${JSON.stringify(join(here, '../src/index.ts'))});
      const steps = { imported: drivers() };
      await connections.configure({
        default: { engine: 'sqlite', name: ':memory:' },
        other: { engine: 'postgres', url: 'postgres://nobody@127.0.0.1:9/none' },
      });
      steps.configured = drivers();
      await connections.get('default').session.all('SELECT 1', []);
      steps.sqlite = drivers();
      connections.get('other');
      steps.postgres = drivers();
      await connections.closeAll();
      console.log(JSON.stringify(steps));`;
    let out: string;
    try {
      out = execFileSync(
        process.execPath,
        ['--conditions=@stack/source', '--import', 'tsx', '--input-type=module', '-e', script],
        {
          cwd: here,
          encoding: 'utf8',
          env: { ...process.env, NODE_ENV: 'test', STACK_LAZY_LOG: log },
        },
      );
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
    const none = { pg: false, 'better-sqlite3': false, 'image-size': false };
    expect(JSON.parse(out.trim().split('\n').pop()!)).toEqual({
      imported: none,
      configured: none,
      sqlite: { ...none, 'better-sqlite3': true },
      postgres: { ...none, 'better-sqlite3': true, pg: true },
    });
  }, 60_000);

  // The ORM's kysely instance is built from the module the application imports (not a
  // CommonJS twin): run on the build in plain node, as an application does (skipped before the
  // package is built).
  const built = join(here, '../dist/index.js');
  it.skipIf(!existsSync(built))(
    'leave kysely the application’s own module, not a twin',
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
