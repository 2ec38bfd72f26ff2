import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { conformanceSuite } from './conformance/suite.js';

const dir = mkdtempSync(join(tmpdir(), 'stack-orm-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

conformanceSuite('SQLite (a file in a temp dir)', () => ({
  engine: 'sqlite',
  name: join(dir, 'db.sqlite3'),
}));
