import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { connections } from '@stack/orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Two nodes starting at once both run `stack migrate` on one PostgreSQL database: the command
// holds migrate's advisory lock from start to end, so each migration, each table of an app
// without migrations and each post-migrate row is made once, and neither node fails.
const stack = fileURLToPath(new URL('../../framework/bin/stack.js', import.meta.url));
const source = fileURLToPath(new URL('../projects/mysite/', import.meta.url));
const modules = fileURLToPath(new URL('../node_modules/', import.meta.url));
const postgres = process.env.STACK_TEST_POSTGRES_URL;

let root: string;
let project: string;
const database = `stack_lock_${randomBytes(4).toString('hex')}`;

function stackMigrate(): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [stack, 'migrate', '--settings', 'mysite/settings_pg.ts'],
      { cwd: project, env: { ...process.env, NO_COLOR: '1' } },
      (error, out, err) =>
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, out, err }),
    );
  });
}

describe.skipIf(!postgres && process.env.CI !== 'true')(
  'stack migrate on two nodes at once',
  () => {
    beforeAll(async () => {
      if (!postgres)
        throw new Error('CI needs STACK_TEST_POSTGRES_URL to run the PostgreSQL tests.');
      await connections.configure({ default: { engine: 'postgres', url: postgres } });
      await connections.get().session.exec(`CREATE DATABASE "${database}"`);
      root = mkdtempSync(path.join(tmpdir(), 'stack-migrate-lock-'));
      project = path.join(root, 'mysite');
      cpSync(source, project, { recursive: true });
      symlinkSync(modules, path.join(project, 'node_modules'), 'dir');
      const url = new URL(postgres);
      url.pathname = `/${database}`;
      writeFileSync(
        path.join(project, 'mysite/settings_pg.ts'),
        [
          "import settings from './settings.ts';",
          '',
          'export default {',
          '  ...settings,',
          `  databases: { default: { engine: 'postgres', url: ${JSON.stringify(url.href)} } },`,
          '};',
          '',
        ].join('\n'),
      );
    }, 60_000);

    afterAll(async () => {
      if (root) rmSync(root, { recursive: true, force: true });
      if (postgres) {
        await connections.get().session.exec(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
        await connections.closeAll();
      }
    });

    it('applies each migration once, and both commands succeed', async () => {
      const [a, b] = await Promise.all([stackMigrate(), stackMigrate()]);
      expect([a.code, b.code, a.err + b.err]).toEqual([0, 0, '']);
      const both = a.out + b.out;
      expect(both.match(/Applying polls\.0001_initial\.\.\. OK/g)).toHaveLength(1);
      // The node that came second found nothing left to do.
      expect([a.out, b.out].filter((out) => out.includes('No migrations to apply.'))).toHaveLength(
        1,
      );
    }, 120_000);
  },
);
