import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Author } from './conformance/models.js';
import {
  SchemaEditor,
  atomic,
  connections,
  enterAtomic,
  inAtomicBlock,
  onCommit,
} from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'stack-orm-enter-'));

beforeAll(async () => {
  await connections.configure({ default: { engine: 'sqlite', name: join(dir, 'db.sqlite3') } });
  await new SchemaEditor().createModel(Author);
});
afterAll(async () => {
  await connections.closeAll();
  rmSync(dir, { recursive: true, force: true });
});

// A block entered in one async context (a beforeAll hook) and used from another (the test).
function elsewhere<T>(fn: () => Promise<T>): Promise<T> {
  return new Promise((resolve, reject) => setImmediate(() => fn().then(resolve, reject)));
}

describe('enterAtomic', () => {
  it('holds a transaction every async context joins until it exits', async () => {
    // Counted from what the other tests left, so the order they run in does not matter.
    const before = await Author.objects.count();
    const outer = await enterAtomic();
    await elsewhere(() => Author.objects.create({ name: 'kept for the class' }));
    expect(await elsewhere(() => Author.objects.count())).toBe(before + 1);
    expect(inAtomicBlock()).toBe(true);

    const inner = await enterAtomic();
    await elsewhere(() => Author.objects.create({ name: 'one test' }));
    await atomic(() => Author.objects.create({ name: 'nested' }));
    expect(await Author.objects.count()).toBe(before + 3);
    await inner.exit({ rollback: true });
    expect(await Author.objects.count()).toBe(before + 1);

    await outer.exit({ rollback: true });
    expect(inAtomicBlock()).toBe(false);
    expect(await Author.objects.count()).toBe(before);
  });

  it('commits on a plain exit and then runs the onCommit callbacks, once', async () => {
    const ran: string[] = [];
    const block = await enterAtomic();
    await Author.objects.create({ name: 'committed' });
    await onCommit(() => ran.push('after commit'));
    expect(ran).toEqual([]);
    await block.exit();
    await block.exit();
    expect(ran).toEqual(['after commit']);
    expect(await Author.objects.filter({ name: 'committed' }).count()).toBe(1);
  });

  it('drops the callbacks of a savepoint that rolled back', async () => {
    const ran: string[] = [];
    const outer = await enterAtomic();
    const inner = await enterAtomic();
    await onCommit(() => ran.push('undone'));
    await inner.exit({ rollback: true });
    await outer.exit();
    expect(ran).toEqual([]);
  });
});
