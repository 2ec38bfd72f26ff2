import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Author } from './conformance/models.js';
import { SchemaEditor, atomic, connections } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'stack-orm-lock-'));
const file = join(dir, 'db.sqlite3');

/** Another writer on the same file, in its own thread: it holds the write lock for `holdMs`. */
function otherWriter(holdMs: number): Promise<string> {
  const source = `
    const { parentPort, workerData } = require('node:worker_threads');
    const Database = require(workerData.driver);
    const db = new Database(workerData.file);
    db.pragma('busy_timeout = 5000');
    db.exec('BEGIN IMMEDIATE');
    db.prepare('INSERT INTO conf_author (name, email) VALUES (?, ?)').run('from-thread', '');
    parentPort.postMessage('locked');
    const until = Date.now() + workerData.holdMs;
    while (Date.now() < until) {}
    db.exec('COMMIT');
    db.close();
    parentPort.postMessage('committed');
  `;
  return new Promise((resolve, reject) => {
    const worker = new Worker(source, {
      eval: true,
      workerData: {
        file,
        holdMs,
        driver: createRequire(import.meta.url).resolve('better-sqlite3'),
      },
    });
    const messages: string[] = [];
    worker.on('message', (m: string) => {
      messages.push(m);
      if (m === 'locked') resolve('locked');
    });
    worker.on('error', reject);
  });
}

beforeAll(async () => {
  await connections.configure({ default: { engine: 'sqlite', name: file, busyTimeout: 5000 } });
  await new SchemaEditor().createModel(Author);
});
afterAll(async () => {
  await connections.closeAll();
  rmSync(dir, { recursive: true, force: true });
});

describe('two writers on one SQLite file', () => {
  it('wait for each other (busy timeout, BEGIN IMMEDIATE) instead of failing', async () => {
    await otherWriter(300);
    // The thread holds the lock now; our BEGIN IMMEDIATE must wait for its COMMIT, then succeed.
    await atomic(async () => {
      await Author.objects.create({ name: 'from-orm' });
    });
    const rows = await Author.objects.orderBy('id').valuesList('name', { flat: true });
    expect(rows).toEqual(['from-thread', 'from-orm']);
  });
});
