import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  BooleanField,
  CASCADE,
  CharField,
  Count,
  DateField,
  DateTimeField,
  DecimalField,
  FileField,
  ForeignKey,
  JSONField,
  type Manager,
  type Model,
  SchemaEditor,
  connections,
  defineModel,
} from './index.js';
import { STATE } from './model/state.js';
import { hydratorFor, setHydratorGeneration } from './query/execute.js';
import { isPlain, plainShape, shapeOf } from './query/state.js';

// Rows become instances through a hydrator generated once per compiled query shape, or, where
// code generation is refused, through the generic field-by-field builder: both must build the
// same instances.

class Writer extends defineModel<Writer>()('hydrate.Writer', {
  name: new CharField({ maxLength: 50 }),
  active: new BooleanField({ default: true }),
  born: new DateField({ null: true }),
  // A name that is not an identifier: it must reach the generated code as a string literal.
  'quote"d\u2028name': new CharField({ maxLength: 10, default: 'q', dbColumn: 'quoted' }),
}) {
  describe(): string {
    return `${this.name}!`;
  }
}

class Late extends defineModel<Late>()('hydrate.Late', {
  name: new CharField({ maxLength: 10 }),
}) {
  hello(): string {
    return `hello ${this.name}`;
  }
}

class Book extends defineModel<Book>()('hydrate.Book', {
  title: new CharField({ maxLength: 50 }),
  price: new DecimalField({ maxDigits: 6, decimalPlaces: 2 }),
  data: new JSONField({ null: true }),
  cover: new FileField({ blank: true }),
  published: new DateTimeField({ null: true }),
  writer: new ForeignKey(() => Writer, { onDelete: CASCADE, relatedName: 'books' }),
  editor: new ForeignKey(() => Writer, { onDelete: CASCADE, null: true, relatedName: '+' }),
}) {}

/** Everything observable of an instance: class, own values, state, loaded relations. */
function snapshot(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snapshot);
  const instance = value as Model & Record<string, unknown>;
  const state = instance[STATE];
  const own: Record<string, unknown> = {};
  for (const key of Object.keys(instance)) {
    const v = instance[key];
    own[key] = v instanceof Date ? `date:${v.toISOString()}` : v;
  }
  const cache: Record<string, unknown> = {};
  for (const key of Object.keys(state.cache)) {
    const v = state.cache[key];
    cache[key] = v === null ? null : snapshot(v);
  }
  return {
    class: instance.constructor.name,
    keys: Object.keys(instance),
    own,
    cover: String((instance as { cover?: unknown }).cover ?? ''),
    adding: state.adding,
    db: state.db,
    result: state.result?.size,
    cache,
  };
}

const queries: Array<[string, () => PromiseLike<unknown[]>]> = [
  ['all', () => Book.objects.orderBy('id')],
  ['one', () => Book.objects.filter({ id: 1 })],
  ['only', () => Book.objects.only('title').orderBy('id')],
  ['defer', () => Book.objects.defer('data', 'price').orderBy('-id')],
  ['selectRelated', () => Book.objects.selectRelated('writer', 'editor').orderBy('id')],
  ['annotate', () => Writer.objects.annotate({ n: Count('books') }).orderBy('id')],
  ['writers', () => Writer.objects.orderBy('id')],
];

async function runAll(): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [name, query] of queries) out[name] = snapshot([...(await query())]);
  const writer = await Writer.objects.get({ id: 1 });
  const books = (writer as unknown as { books: Manager<Book> }).books;
  out.known = snapshot([...(await books.all().orderBy('id'))]);
  return out;
}

/** The hydrator of the main model of `model.objects.all()`'s compiled layout. */
async function bookHydrator(model: typeof Book | typeof Writer = Book) {
  await model.objects.all();
  const layouts = [...model._meta.cache.values()].map(
    (c) => (c as { layout: { kind: string; main: Parameters<typeof hydratorFor>[0] } }).layout,
  );
  const main = layouts.find((l) => l.kind === 'model')!.main;
  expect(main.hydrate).toBeTypeOf('function');
  expect(hydratorFor(main)).toBe(main.hydrate);
  return main.hydrate!;
}

function forgetCompiled(): void {
  Book._meta.cache.clear();
  Writer._meta.cache.clear();
}

beforeAll(async () => {
  await connections.configure({ default: { engine: 'sqlite', name: ':memory:' } });
  const editor = new SchemaEditor();
  await editor.createModel(Writer);
  await editor.createModel(Book);
  // Through the class defineModel returned: the subclass stays unseen until its test.
  await editor.createModel(Object.getPrototypeOf(Late) as typeof Late);
  const ann = await Writer.objects.create({ name: 'Ann', born: '1970-01-02' });
  const bob = await Writer.objects.create({ name: 'Bob', active: false });
  await Book.objects.create({
    title: 'A',
    price: '1.50',
    data: { a: [1, 'x'] },
    cover: 'covers/a.png',
    published: new Date('2020-01-02T03:04:05Z'),
    writer: ann,
    editor: bob,
  });
  await Book.objects.create({ title: 'B', price: '2.00', writer: ann });
  await Book.objects.create({ title: 'C', price: '0.10', data: null, writer: bob, editor: ann });
});
afterEach(() => {
  setHydratorGeneration(true);
  forgetCompiled();
  vi.unstubAllGlobals();
});
afterAll(() => connections.closeAll());

describe('row hydration', () => {
  it('builds the same instances with a generated hydrator as with the generic builder', async () => {
    forgetCompiled();
    setHydratorGeneration(true);
    const generated = await runAll();
    forgetCompiled();
    setHydratorGeneration(false);
    const generic = await runAll();
    expect(generated).toEqual(generic);
    // Spot checks of what both give.
    const all = generated.all as Array<{ own: Record<string, unknown>; cache: object }>;
    expect(all[0]!.own).toMatchObject({
      title: 'A',
      price: '1.50',
      data: { a: [1, 'x'] },
      published: 'date:2020-01-02T03:04:05.000Z',
      writerId: 1,
      editorId: 2,
    });
    expect(all[1]!.own).toMatchObject({ data: null, editorId: null, published: null });
    expect((generated.writers as Array<{ own: object }>)[0]!.own).toMatchObject({
      name: 'Ann',
      active: true,
      born: '1970-01-02',
      'quote"d\u2028name': 'q',
    });
    expect((generated.only as Array<{ keys: string[] }>)[0]!.keys).toEqual(['id', 'title']);
    expect((generated.annotate as Array<{ own: object }>)[0]!.own).toMatchObject({ n: 2 });
  });

  it('keeps instances of the model class, with its methods and a fresh state each', async () => {
    const writers = await Writer.objects.orderBy('id');
    expect(writers[0]).toBeInstanceOf(Writer);
    expect(writers[0]!.describe()).toBe('Ann!');
    expect(writers[0]![STATE]).not.toBe(writers[1]![STATE]);
    expect(writers[0]![STATE].cache).not.toBe(writers[1]![STATE].cache);
    expect(Object.getPrototypeOf(writers[0]![STATE].cache)).toBeNull();
    const book = (await Book.objects.filter({ id: 1 }))[0]!;
    expect(String(book.cover)).toBe('covers/a.png');
  });

  it('builds the subclass once it is known, with a hydrator made before', async () => {
    // The class defineModel returned, queried before the subclass is ever used: the query
    // shape's hydrator is made then, and must build the subclass afterwards (as Django builds
    // the class of the model the meta belongs to).
    const Base = Object.getPrototypeOf(Late) as typeof Late;
    await Base.objects.create({ name: 'x' });
    expect((await Base.objects.all())[0]).not.toBeInstanceOf(Late);
    const rows = await Late.objects.all();
    expect(rows[0]).toBeInstanceOf(Late);
    expect(rows[0]!.hello()).toBe('hello x');
  });

  it('uses the generic builder where code generation is refused', async () => {
    forgetCompiled();
    vi.stubGlobal(
      'Function',
      new Proxy(Function, {
        construct() {
          throw new EvalError('Code generation from strings disallowed for this context');
        },
      }),
    );
    const refused = await runAll();
    expect(String(await bookHydrator())).toContain('buildInstance(');
    vi.unstubAllGlobals();
    forgetCompiled();
    const generated = await runAll();
    expect(String(await bookHydrator())).toContain('o["title"] = v ?? null;');
    expect(String(await bookHydrator(Writer))).toContain('o["quote\\"d\u2028name"] = v ?? null;');
    expect(refused).toEqual(generated);
  });

  it('makes one hydrator per compiled layout and keeps it', async () => {
    const first = await bookHydrator();
    expect(await bookHydrator()).toBe(first);
    setHydratorGeneration(false);
    forgetCompiled();
    expect(String(await bookHydrator())).toContain('buildInstance(');
  });
});

describe('the cache key of a plain state', () => {
  it('is what shapeOf gives, and only a manager-fresh state is plain', async () => {
    const plain = Book.objects.all().state;
    expect(isPlain(plain)).toBe(true);
    for (const purpose of ['select', 'count', 'exists'])
      expect(plainShape(purpose)).toBe(shapeOf(plain, purpose));
    // Clauses outside the SQL's shape keep a state plain; every clause of the shape does not.
    expect(isPlain(Book.objects.using('default').prefetchRelated('writer').state)).toBe(true);
    const changed = [
      Book.objects.filter({ id: 1 }),
      Book.objects.filter(),
      Book.objects.orderBy('id'),
      Book.objects.orderBy(),
      Book.objects.annotate({ n: Count('id') }),
      Book.objects.selectRelated('writer'),
      Book.objects.values('id'),
      Book.objects.only('title'),
      Book.objects.defer('title'),
      Book.objects.all().union(Book.objects.all()),
      Book.objects.all().slice(0, 2),
      Book.objects.all().slice(1),
      Book.objects.values('writer').annotate({ n: Count('id') }),
      Book.objects.reverse(),
      Book.objects.distinct(),
    ];
    for (const qs of changed) {
      const state = qs.state;
      if (isPlain(state)) expect(shapeOf(state, 'select')).toBe(plainShape('select'));
    }
    expect(changed.filter((qs) => isPlain(qs.state)).length).toBe(1); // filter() with nothing
    // The plain query runs and counts through the same cache as before.
    expect((await Book.objects.all()).length).toBe(await Book.objects.count());
  });
});

describe('constructing an instance from values', () => {
  it('takes names, attnames and pk, and refuses what no field takes', () => {
    const a = new Book({ title: 't', writerId: 3, pk: 9 });
    expect([a.title, a.writerId, a.id, a.price]).toEqual(['t', 3, 9, undefined]);
    expect(() => new Book({ title: 't', nope: 1 } as never)).toThrow(
      "Book() got an unexpected keyword argument 'nope'.",
    );
    // The same field twice (name and attname): the second key is unexpected, as in Django.
    expect(() => new Book({ writer: null, writerId: 1 } as never)).toThrow(
      "Book() got an unexpected keyword argument 'writerId'.",
    );
    expect(() => new Book({ id: 1, pk: 2 } as never)).toThrow(
      "Book() got an unexpected keyword argument 'pk'.",
    );
  });

  it("still finds an unexpected key where a field name is another field's attname", () => {
    class Clash extends defineModel<Clash>()('hydrate.Clash', {
      owner: new ForeignKey(() => Writer, { onDelete: CASCADE }),
      ownerId: new CharField({ maxLength: 5, default: '' }),
    }) {}
    expect(() => new Clash({ ownerId: 'x', extra: 1 } as never)).toThrow(
      "Clash() got an unexpected keyword argument 'extra'.",
    );
  });
});

describe('constructing an instance, generated and generic assignment', () => {
  // `new Model(values)` assigns through code generated per model (see `assignerFor`), or the
  // generic loop where code generation is refused: the same steps, seen from the values object.
  function logged(values: Record<string, unknown>, log: string[]): Record<string, unknown> {
    return new Proxy(values, {
      getOwnPropertyDescriptor(target, key) {
        log.push(`has ${String(key)}`);
        return Reflect.getOwnPropertyDescriptor(target, key);
      },
      get(target, key, receiver) {
        log.push(`get ${String(key)}`);
        return Reflect.get(target, key, receiver) as unknown;
      },
      ownKeys(target) {
        log.push('keys');
        return Reflect.ownKeys(target);
      },
    });
  }

  function define(label: string) {
    let made = 0;
    class Item extends defineModel<Item>()(label, {
      title: new CharField({ maxLength: 10, default: () => `d${++made}` }),
      writer: new ForeignKey(() => Writer, { onDelete: CASCADE, null: true, relatedName: '+' }),
      'quote"d\u2028name': new CharField({ maxLength: 10, default: 'q', dbColumn: 'quoted' }),
    }) {}
    return Item;
  }

  function observe(Item: ReturnType<typeof define>) {
    const out: unknown[] = [];
    const cases: Record<string, unknown>[] = [
      { title: 't', writerId: 3, pk: 9 },
      { 'quote"d\u2028name': 'x', writer: null },
      {},
      { id: 1, title: 'u', extra: 1 },
      { writer: null, writerId: 1 },
      { id: 1, pk: 2 },
    ];
    for (const values of cases) {
      const log: string[] = [];
      try {
        const item = new Item(logged(values, log) as never) as unknown as Record<string, unknown>;
        out.push({ log, keys: Object.keys(item), own: Object.keys(item).map((k) => item[k]) });
      } catch (error) {
        out.push({ log, error: (error as Error).message.replace(/^Assign\w+/, 'Item') });
      }
    }
    out.push(Object.keys(new Item() as object));
    return out;
  }

  it('reads and assigns the same keys in the same order, and refuses the same keys', () => {
    const generated = observe(define('hydrate.AssignGenerated'));
    setHydratorGeneration(false);
    let generic: unknown[];
    try {
      generic = observe(define('hydrate.AssignGeneric'));
    } finally {
      setHydratorGeneration(true);
    }
    expect(generated).toEqual(generic);
    expect(generated.map((c) => (c as { error?: string }).error)).toEqual([
      undefined,
      undefined,
      undefined,
      "Item() got an unexpected keyword argument 'extra'.",
      "Item() got an unexpected keyword argument 'writerId'.",
      "Item() got an unexpected keyword argument 'pk'.",
      undefined,
    ]);
    // pk, name, attname, default (called once per instance), a quoted name.
    expect(generated[0]).toMatchObject({ own: [9, 't', 3, 'q'] });
    expect(generated[1]).toMatchObject({ own: [null, 'd1', null, 'x'] });
  });
});

describe('awaiting a queryset read synchronously', () => {
  it('calls back one microtask later, as a promise would, and keeps the rows', async () => {
    const qs = Writer.objects.orderBy('id');
    const order: string[] = [];
    const done = qs.then((rows) => {
      order.push(`then ${rows.length}`);
      return rows;
    });
    order.push('sync');
    void Promise.resolve().then(() => order.push('tick'));
    const rows = await done;
    expect(order).toEqual(['sync', 'then 2', 'tick']);
    // The same rows again: no second query; count() answers from them.
    expect(await qs).toBe(rows);
    expect(await qs.count()).toBe(2);
    const [first] = await qs;
    expect(first!.name).toBe('Ann');
  });

  it('passes the rows on without a callback, and rejects with what the callback throws', async () => {
    const rows = await Writer.objects.orderBy('id').then(undefined, () => []);
    expect(rows.map((w) => w.name)).toEqual(['Ann', 'Bob']);
    await expect(
      Writer.objects.all().then(() => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await Writer.objects.all().then(async (r) => r.length + 1)).toBe(3);
  });

  it('rejects a failing query, and keeps the failure', async () => {
    class NoTable extends defineModel<NoTable>()('hydrate.NoTable', {
      name: new CharField({ maxLength: 5 }),
    }) {}
    const qs = NoTable.objects.all();
    const order: string[] = [];
    const failed = qs.then(
      () => 'rows',
      (error: unknown) => {
        order.push('rejected');
        return error;
      },
    );
    order.push('sync');
    const error = await failed;
    expect(order).toEqual(['sync', 'rejected']);
    expect(error).toBeInstanceOf(Error);
    expect(String(error)).toMatch(/no such table/);
    await expect(qs).rejects.toBe(error);
    await expect(qs.then((r) => r)).rejects.toBe(error);
  });
});
