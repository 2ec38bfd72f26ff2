import { rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connections } from '@stack/orm';
import { afterAll, describe, expect, it } from 'vitest';
import { debugContextProcessor } from './context-processors.js';
import { setup } from './setup.js';
import { requestStarted } from './signals.js';

const dir = mkdtempSync(path.join(tmpdir(), 'stack-debug-cp-'));
afterAll(async () => {
  await connections.closeAll();
  rmSync(dir, { recursive: true, force: true });
});

const from = (address: string) => ({ META: { REMOTE_ADDR: address } });

describe('debugContextProcessor', () => {
  it('gives debug and the queries of this request to internal IPs in debug mode only', async () => {
    await setup({
      baseDir: dir,
      debug: true,
      internalIps: ['127.0.0.1'],
      databases: { default: { engine: 'sqlite', name: 'db.sqlite3' } },
    });
    await connections
      .kysely()
      .selectNoFrom((eb) => eb.lit(1).as('one'))
      .execute();
    await requestStarted.send(null, { environ: {} });
    await connections
      .kysely()
      .selectNoFrom((eb) => eb.lit(2).as('two'))
      .execute();
    const context = debugContextProcessor(from('127.0.0.1')) as {
      debug?: boolean;
      sql_queries?: { sql: string }[];
    };
    expect(context.debug).toBe(true);
    expect(context.sql_queries!.map((q) => q.sql)).toEqual(['select 2 as "two"']);
    expect(debugContextProcessor(from('10.0.0.9'))).toEqual({});
  });
});
