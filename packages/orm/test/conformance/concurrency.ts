import { beforeEach, describe, expect, it } from 'vitest';
import { atomic, connections } from '../../src/index.js';
import { emptyTables } from './context.js';
import { Author } from './models.js';

/** A promise and the function that settles it: one event between two concurrent tasks. */
function event(): { wait: Promise<void>; fire: () => void } {
  let fire!: () => void;
  const wait = new Promise<void>((resolve) => (fire = resolve));
  return { wait, fire };
}

/**
 * Requests run concurrently in one process: a read never waits for another request's open
 * transaction. Every test orders its tasks by events; if a read queued behind the transaction,
 * the transaction would wait for that read forever and the test would time out (no test here
 * measures time).
 */
export function concurrencyConformance(): void {
  describe('concurrent requests', () => {
    beforeEach(emptyTables);

    it('read beside another request’s open transaction, seeing only committed rows', async () => {
      await Author.objects.create({ name: 'committed' });
      const inside = event();
      const readDone = event();
      const tx = atomic(async () => {
        await Author.objects.create({ name: 'uncommitted' });
        inside.fire();
        await readDone.wait; // held open until the other request has read
      });
      await inside.wait;
      const seen = await Author.objects.orderBy('name').valuesList('name', { flat: true });
      const counted = await Author.objects.count();
      readDone.fire();
      await tx;
      expect(seen).toEqual(['committed']);
      expect(counted).toBe(1);
      expect(await Author.objects.count()).toBe(2);
    });

    it('write outside a transaction once the open one ends, without failing', async () => {
      const inside = event();
      const release = event();
      const tx = atomic(async () => {
        await Author.objects.create({ name: 'first' });
        inside.fire();
        await release.wait;
      });
      await inside.wait;
      const outside = Author.objects.create({ name: 'second' });
      release.fire();
      await Promise.all([tx, outside]);
      expect(await Author.objects.orderBy('name').valuesList('name', { flat: true })).toEqual([
        'first',
        'second',
      ]);
    });

    it('run transactions of different requests each on their own connection', async () => {
      const aInside = event();
      const bDone = event();
      const order: string[] = [];
      const a = atomic(async () => {
        await Author.objects.create({ name: 'a' });
        aInside.fire();
        if (connections.get().dialect.name === 'postgres') {
          // PostgreSQL: B runs to its end while A is still open.
          await bDone.wait;
        }
        order.push('a commits');
      });
      await aInside.wait;
      const b = atomic(async () => {
        await Author.objects.create({ name: 'b' });
        order.push('b commits');
      }).then(() => bDone.fire());
      await Promise.all([a, b]);
      // SQLite has one writer: B's transaction began after A's ended.
      expect(order).toEqual(
        connections.get().dialect.name === 'postgres'
          ? ['b commits', 'a commits']
          : ['a commits', 'b commits'],
      );
      expect(await Author.objects.count()).toBe(2);
    });
  });
}
