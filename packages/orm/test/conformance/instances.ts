import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  IntegrityError,
  ProtectedError,
  TransactionManagementError,
  ValidationError,
  atomic,
  inAtomicBlock,
  m2mChanged,
  onCommit,
  postDelete,
  postSave,
  preSave,
} from '../../src/index.js';
import { type ConformanceContext, emptyTables } from './context.js';
import { Author, Comment, Post, Sample, Tag } from './models.js';

/** Instances, related managers, deletion, transactions and signals, for one database. */
export function instanceConformance(ctx: () => ConformanceContext): void {
  beforeEach(emptyTables);

  describe('saving and loading instances', () => {
    it('inserts, then updates, then updates only the named fields', async () => {
      const ann = new Author({ name: 'ann' });
      expect(ann.pk).toBeNull();
      await ann.save();
      expect(typeof ann.pk).toBe('number');
      ann.email = 'ann@example.com';
      await ann.save();
      expect((await Author.objects.get({ pk: ann.pk })).email).toBe('ann@example.com');
      ann.name = 'changed';
      ann.email = 'ignored@example.com';
      const log = await ctx().queries(() => ann.save({ updateFields: ['name'] }));
      expect(log).toHaveLength(1);
      const fresh = await Author.objects.get({ pk: ann.pk });
      expect([fresh.name, fresh.email]).toEqual(['changed', 'ann@example.com']);
    });

    it('refreshes from the database and serialises with toJSON', async () => {
      const ann = await Author.objects.create({ name: 'ann' });
      await Author.objects.filter({ pk: ann.pk }).update({ email: 'x@y.z' });
      await ann.refreshFromDb();
      expect(ann.email).toBe('x@y.z');
      expect(JSON.parse(JSON.stringify(ann))).toEqual({ id: ann.pk, name: 'ann', email: 'x@y.z' });
      expect(ann.getAbsoluteUrl()).toBe(`/authors/${ann.pk}/`);
    });

    it('raises IntegrityError for a unique violation', async () => {
      await Author.objects.create({ name: 'ann' });
      await expect(Author.objects.create({ name: 'ann' })).rejects.toBeInstanceOf(IntegrityError);
    });

    it('validates with fullClean (blank, maxLength, uniqueness, field validators)', async () => {
      await Author.objects.create({ name: 'ann' });
      const dup = new Author({ name: 'ann' });
      await expect(dup.fullClean()).rejects.toBeInstanceOf(ValidationError);
      const error = await new Author({ name: 'x'.repeat(101) })
        .fullClean()
        .catch((e: unknown) => e);
      expect((error as ValidationError).errorDict.name?.[0]).toMatch(/at most 100/);
      const blank = await new Author({ name: '' }).fullClean().catch((e: unknown) => e);
      expect((blank as ValidationError).errorDict.name).toEqual(['This field cannot be blank.']);
      const badEmail = await new Sample({ email: 'not-an-email' })
        .fullClean()
        .catch((e: unknown) => e);
      expect(Object.keys((badEmail as ValidationError).errorDict)).toEqual(['email']);
    });

    it('round-trips every field type exactly', async () => {
      const bytes = new Uint8Array([0, 1, 2, 255]);
      const created = await Sample.objects.create({
        big: 2 ** 40,
        small: -5,
        ratio: 0.25,
        day: '2024-02-29',
        at: '13:45:00',
        span: 90_000,
        blob: bytes,
        doc: { tags: ['a', 'b'] },
        amount: '12345678901234.5678',
      });
      const s = await Sample.objects.get({ pk: created.pk });
      expect(s.big).toBe(2 ** 40);
      expect(s.small).toBe(-5);
      expect(s.ratio).toBe(0.25);
      expect(s.day).toBe('2024-02-29');
      expect(s.at).toBe('13:45:00');
      expect(s.span).toBe(90_000);
      expect([...(s.blob ?? [])]).toEqual([0, 1, 2, 255]);
      expect(s.doc).toEqual({ tags: ['a', 'b'] });
      expect(s.amount).toBe('12345678901234.5678');
      expect(s.token).toMatch(/^[0-9a-f-]{36}$/);
      expect(await Sample.objects.filter({ token: s.token }).count()).toBe(1);
    });

    it('keeps decimals exact and datetimes in UTC', async () => {
      const ann = await Author.objects.create({ name: 'ann' });
      const when = new Date('2024-01-02T03:04:05.678Z');
      const post = await Post.objects.create({
        title: 't',
        author: ann,
        price: '0.106', // a tie (0.105) rounds per database, as Django's: see test/django
        created: when,
      });
      const loaded = await Post.objects.get({ pk: post.pk });
      expect(loaded.price).toBe('0.11');
      expect(loaded.created.toISOString()).toBe('2024-01-02T03:04:05.678Z');
      expect(await Post.objects.filter({ price: '0.11' }).count()).toBe(1);
    });
  });

  describe('writing through querysets', () => {
    it('creates in bulk, setting primary keys, and updates in bulk', async () => {
      const tags = await Tag.objects.bulkCreate(['a', 'b', 'c'].map((name) => new Tag({ name })));
      expect(tags.every((t) => typeof t.pk === 'number')).toBe(true);
      expect(new Set(tags.map((t) => t.pk)).size).toBe(3);
      tags.forEach((t) => (t.name = t.name.toUpperCase()));
      expect(await Tag.objects.bulkUpdate(tags, ['name'])).toBe(3);
      expect(await Tag.objects.orderBy('name').valuesList('name', { flat: true })).toEqual([
        'A',
        'B',
        'C',
      ]);
    });

    it('gets or creates, and updates or creates', async () => {
      const [ann, created] = await Author.objects.getOrCreate({ name: 'ann' }, { email: 'a@x.y' });
      expect([created, ann.email]).toEqual([true, 'a@x.y']);
      const [again, createdAgain] = await Author.objects.getOrCreate(
        { name: 'ann' },
        { email: 'other' },
      );
      expect([createdAgain, again.pk]).toEqual([false, ann.pk]);
      const [updated, made] = await Author.objects.updateOrCreate(
        { name: 'ann' },
        { email: 'new@x.y' },
      );
      expect([made, updated.email]).toEqual([false, 'new@x.y']);
      expect((await Author.objects.get({ name: 'ann' })).email).toBe('new@x.y');
    });

    it('updates every matching row in one statement, across a relation', async () => {
      const ann = await Author.objects.create({ name: 'ann' });
      await Post.objects.create({ title: 'a', author: ann });
      await Post.objects.create({ title: 'b', author: ann });
      expect(await Post.objects.filter({ author__name: 'ann' }).update({ published: true })).toBe(
        2,
      );
      expect(await Post.objects.filter({ published: true }).count()).toBe(2);
      await expect(Post.objects.all().slice(0, 1).update({ views: 1 })).rejects.toThrow(/slice/);
    });
  });

  describe('related managers', () => {
    it('reverse foreign keys list, filter, count and create', async () => {
      const ann = await Author.objects.create({ name: 'ann' });
      await ann.posts.create({ title: 'one', published: true });
      await ann.posts.create({ title: 'two' });
      expect(await ann.posts.count()).toBe(2);
      expect((await ann.posts.filter({ published: true })).map((p) => p.title)).toEqual(['one']);
      expect((await ann.posts.all()).every((p) => p.authorId === ann.pk)).toBe(true);
    });

    it('many-to-many add, remove, set and clear, with m2mChanged', async () => {
      const ann = await Author.objects.create({ name: 'ann' });
      const post = await Post.objects.create({ title: 'p', author: ann });
      const [a, b, c] = await Promise.all(
        ['a', 'b', 'c'].map((name) => Tag.objects.create({ name })),
      );
      const actions: string[] = [];
      const receiver = ({ action }: { action: string }) => void actions.push(action);
      m2mChanged.connect(receiver);
      try {
        await post.tags.add(a!, b!);
        await post.tags.add(a!);
        expect((await post.tags.all()).map((t) => t.name).sort()).toEqual(['a', 'b']);
        await post.tags.remove(a!);
        await post.tags.set([b!, c!]);
        expect((await post.tags.all()).map((t) => t.name).sort()).toEqual(['b', 'c']);
        expect((await c!.posts.all()).map((p) => p.title)).toEqual(['p']);
        await post.tags.clear();
        expect(await post.tags.count()).toBe(0);
      } finally {
        m2mChanged.disconnect(receiver);
      }
      expect(actions.slice(0, 4)).toEqual(['pre_add', 'post_add', 'pre_add', 'post_add']);
      expect(actions).toContain('pre_clear');
    });
  });

  describe('deleting', () => {
    it('cascades per onDelete in a transaction and sends signals', async () => {
      const ann = await Author.objects.create({ name: 'ann' });
      const bob = await Author.objects.create({ name: 'bob' });
      const post = await Post.objects.create({ title: 'p', author: ann, editor: bob });
      await Comment.objects.create({ post, author: bob, text: 'c' });
      const deleted: string[] = [];
      const receiver = ({ instance }: { instance: unknown }) =>
        void deleted.push((instance as object).constructor.name);
      postDelete.connect(receiver);
      try {
        const [total, counts] = await ann.delete();
        expect(total).toBe(3);
        expect(counts).toEqual({ 'conf.Author': 1, 'conf.Post': 1, 'conf.Comment': 1 });
      } finally {
        postDelete.disconnect(receiver);
      }
      expect(deleted.sort()).toEqual(['Author', 'Comment', 'Post']);
      expect(ann.pk).toBeNull();
    });

    it('refuses to delete what a PROTECT foreign key points at, and rolls back', async () => {
      const ann = await Author.objects.create({ name: 'ann' });
      const bob = await Author.objects.create({ name: 'bob' });
      const post = await Post.objects.create({ title: 'p', author: ann });
      await Comment.objects.create({ post, author: bob, text: 'c' });
      await expect(bob.delete()).rejects.toBeInstanceOf(ProtectedError);
      expect(await Author.objects.count()).toBe(2);
    });

    it('sets nullable foreign keys to NULL on SET_NULL', async () => {
      const ann = await Author.objects.create({ name: 'ann' });
      const bob = await Author.objects.create({ name: 'bob' });
      const post = await Post.objects.create({ title: 'p', author: ann, editor: bob });
      await Author.objects.filter({ name: 'bob' }).delete();
      await post.refreshFromDb();
      expect(post.editorId).toBeNull();
    });
  });

  describe('transactions', () => {
    afterEach(() => {
      preSave.disconnect(undefined, { dispatchUid: 'conf-test' });
    });

    it('commits, rolls back, and rolls back only the inner savepoint', async () => {
      await atomic(async () => {
        await Author.objects.create({ name: 'kept' });
        expect(inAtomicBlock()).toBe(true);
      });
      await expect(
        atomic(async () => {
          await Author.objects.create({ name: 'lost' });
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      await atomic(async () => {
        await Author.objects.create({ name: 'outer' });
        await atomic(async () => {
          await Author.objects.create({ name: 'inner' });
          throw new Error('inner');
        }).catch(() => undefined);
      });
      expect((await Author.objects.all()).map((a) => a.name)).toEqual(['kept', 'outer']);
      expect(inAtomicBlock()).toBe(false);
    });

    it('refuses a durable block nested in another', async () => {
      await expect(atomic(() => atomic(async () => 1, { durable: true }))).rejects.toBeInstanceOf(
        TransactionManagementError,
      );
    });

    it('runs onCommit callbacks after commit only', async () => {
      const ran: string[] = [];
      await atomic(async () => {
        await onCommit(() => void ran.push('committed'));
        await atomic(async () => {
          await onCommit(() => void ran.push('inner rolled back'));
          throw new Error('x');
        }).catch(() => undefined);
        expect(ran).toEqual([]);
      });
      await atomic(async () => {
        await onCommit(() => void ran.push('outer rolled back'));
        throw new Error('y');
      }).catch(() => undefined);
      await onCommit(() => void ran.push('immediate'));
      expect(ran).toEqual(['committed', 'immediate']);
    });

    it('keeps concurrent work outside a transaction out of it', async () => {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const tx = atomic(async () => {
        await Author.objects.create({ name: 'in-tx' });
        await gate;
        throw new Error('rollback');
      });
      const outside = (async () => {
        await new Promise((r) => setTimeout(r, 20));
        const created = Author.objects.create({ name: 'outside' });
        release();
        await created;
      })();
      await expect(tx).rejects.toThrow('rollback');
      await outside;
      expect((await Author.objects.all()).map((a) => a.name)).toEqual(['outside']);
    });
  });

  describe('signals', () => {
    it('sends preSave/postSave with created, filtered by sender, de-duplicated by dispatchUid', async () => {
      const events: string[] = [];
      const receiver = ({ created, instance }: { created: boolean; instance: unknown }) =>
        void events.push(`${(instance as Author).name}:${created}`);
      postSave.connect(receiver, { sender: Author, dispatchUid: 'conf-post-save' });
      postSave.connect(receiver, { sender: Author, dispatchUid: 'conf-post-save' });
      preSave.connect(({ instance }) => void ((instance as Author).email ||= 'default@x.y'), {
        sender: Author,
        dispatchUid: 'conf-test',
      });
      try {
        const ann = await Author.objects.create({ name: 'ann' });
        await ann.save();
        await Tag.objects.create({ name: 'not an author' });
        expect(ann.email).toBe('default@x.y');
      } finally {
        expect(
          postSave.disconnect(undefined, { sender: Author, dispatchUid: 'conf-post-save' }),
        ).toBe(true);
        // Left connected, it would wrap every later save in a transaction (a leak between tests).
        expect(preSave.disconnect(undefined, { sender: Author, dispatchUid: 'conf-test' })).toBe(
          true,
        );
      }
      expect(events).toEqual(['ann:true', 'ann:false']);
    });
  });
}
