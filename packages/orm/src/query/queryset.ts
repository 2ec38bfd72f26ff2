import { FieldError } from '../errors.js';
import type { Model } from '../model/model.js';
import type { CreateValues, Filter, OrderKey, PathOf } from '../model/types.js';
import type { SqlBuilder } from './builder.js';
import { MARK } from './builder.js';
import { compileCount, compileSelect } from './compiler.js';
import {
  cachedCompile,
  connectionOf,
  materialize,
  runSelect,
  runSelectSync,
  sessionOf,
} from './execute.js';
import type { Aggregate } from './expressions.js';
import { type Expression, Trunc } from './expressions.js';
import { prefetchRelatedObjects } from './prefetch.js';
import { type AnyQ } from './q.js';
import { type QueryState } from './state.js';
import * as writes from './writes.js';
import {
  type AnnotationValue,
  BaseQuerySet,
  QueryDescription,
  callNode,
  toNode,
} from './queryset-base.js';

export { QueryDescription };
export type { AnnotationValue };

type Annotated<X> = { -readonly [K in keyof X]: AnnotationValue<X[K]> };

const MAX_GET_RESULTS = 21;

/** A settled promise whose reactions run the callbacks of `then` (see there). */
const SETTLED: Promise<void> = Promise.resolve();

/**
 * A lazy, immutable query: every method returns a new QuerySet, and no SQL runs until it is
 * awaited, iterated, counted, tested with `exists()` or a value is taken out of it. `M` is the
 * model, `R` the row type (instances, or `values()` rows), `A` the annotations.
 *
 * @example
 * ```ts
 * const posts = Post.objects.filter({ published: true }).orderBy('-created').slice(0, 10);
 * for await (const post of posts) console.log(post.title);
 * // SELECT "blog_post"."id", … FROM "blog_post" WHERE "blog_post"."published" = ?
 * //   ORDER BY "blog_post"."created" DESC LIMIT ?
 * ```
 */
export class QuerySet<M extends Model, R = M, A = unknown>
  extends BaseQuerySet<M, R, A>
  implements PromiseLike<R[]>, AsyncIterable<R>
{
  private result: Promise<R[]> | undefined;
  /** The rows, once read synchronously (see `readNow`); `result` is made from them on demand. */
  private rows: R[] | undefined;

  // ---- running ----

  /** Runs the query (once per QuerySet object) and returns its rows. */
  private fetch(): Promise<R[]> {
    if (this.result === undefined) {
      let rows: R[] | undefined;
      try {
        rows = this.readNow();
      } catch (error) {
        return (this.result = Promise.reject(error as Error));
      }
      this.result = rows !== undefined ? Promise.resolve(rows) : this.loadAsync();
    }
    return this.result;
  }

  /**
   * The rows when they can be had now: already read, prefetched, none (an empty query), or read
   * by the synchronous path (a plain query on SQLite outside a transaction); undefined when the
   * query must run asynchronously. Throws what the query throws.
   */
  private readNow(): R[] | undefined {
    if (this.rows !== undefined) return this.rows;
    if (this.prefetched !== undefined) return (this.rows = this.prefetched);
    if (this.state.empty) return (this.rows = []);
    if (this.state.prefetch.length > 0) return undefined;
    const sync = runSelectSync(this.state);
    if (sync === undefined) return undefined;
    const values = this.state.values;
    return (this.rows = materialize(
      sync.compiled,
      sync.rows,
      sync.connection.dialect,
      sync.connection.alias,
      values?.mode === 'flat',
      values?.mode,
      this.state.known,
    ) as R[]);
  }

  private async loadAsync(): Promise<R[]> {
    const { rows, compiled, connection } = await runSelect(this.state);
    const values = this.state.values;
    const out = materialize(
      compiled,
      rows,
      connection.dialect,
      connection.alias,
      values?.mode === 'flat',
      values?.mode,
      this.state.known,
    ) as R[];
    if (this.state.prefetch.length > 0 && values === undefined) {
      await prefetchRelatedObjects(out as unknown as Model[], this.state.prefetch);
    }
    return out;
  }

  then<T1 = R[], T2 = never>(
    onfulfilled?: ((value: R[]) => T1 | PromiseLike<T1>) | null,
    onrejected?: ((reason: unknown) => T2 | PromiseLike<T2>) | null,
  ): Promise<T1 | T2> {
    // `await queryset` on rows read synchronously: the callback runs in a reaction of a settled
    // promise, one microtask later, as it would after `Promise.resolve(rows).then(...)`, without
    // making that promise (whose resolution looks `then` up on the rows array, along its
    // prototype chain). Issue 21: the fortunes page, 0.4k instructions per request less.
    if (this.result === undefined && typeof onfulfilled === 'function') {
      let rows: R[] | undefined;
      try {
        rows = this.readNow();
      } catch (error) {
        this.result = Promise.reject(error as Error);
      }
      if (rows !== undefined) {
        const fulfilled = onfulfilled;
        return SETTLED.then(() => fulfilled(rows)) as Promise<T1 | T2>;
      }
    }
    return this.fetch().then(onfulfilled, onrejected);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<R> {
    yield* await this.fetch();
  }

  /**
   * Iterates in chunks of `chunkSize` rows (keyset-free LIMIT/OFFSET paging), so a large table
   * never sits in memory at once.
   *
   * @example
   * ```ts
   * for await (const post of Post.objects.orderBy('id').iterator(500)) index(post);
   * ```
   */
  async *iterator(chunkSize = 2000): AsyncGenerator<R> {
    if (!Number.isInteger(chunkSize) || chunkSize <= 0)
      throw new FieldError('chunkSize must be a positive integer.');
    const base =
      this.state.order === undefined && this.state.meta.ordering.length === 0
        ? this.clone({ order: ['pk'] })
        : this;
    const end = this.state.limit === undefined ? Infinity : this.state.limit;
    for (let start = 0; start < end; start += chunkSize) {
      const chunk = await base.slice(start, Math.min(start + chunkSize, end));
      yield* chunk;
      if (chunk.length < chunkSize) return;
    }
  }

  /**
   * The one row matching the conditions; throws the model's `DoesNotExist` or
   * `MultipleObjectsReturned`.
   *
   * @example
   * ```ts
   * const post = await Post.objects.get({ id: 1 }); // … WHERE "blog_post"."id" = ? LIMIT ?
   * ```
   */
  get(...conditions: Array<Filter<M, A> | AnyQ>): Promise<R> {
    const state = this.state;
    const patch: { -readonly [K in keyof QueryState]?: QueryState[K] } =
      conditions.length > 0 ? { where: [...state.where, callNode(conditions.map(toNode))] } : {};
    // Django drops the ordering of an unsliced get(), and never fetches more than 21 rows.
    if (state.limit === undefined && state.offset === 0) patch.order = [];
    patch.limit = Math.min(state.limit ?? MAX_GET_RESULTS, MAX_GET_RESULTS);
    return this.clone(patch)
      .fetch()
      .then((rows) => this.single(rows));
  }

  private single(rows: R[]): R {
    const model = this.state.meta.model as unknown as typeof Model;
    if (rows.length === 1) return rows[0]!;
    if (rows.length === 0)
      throw new model.DoesNotExist(`${this.state.meta.objectName} matching query does not exist.`);
    throw new model.MultipleObjectsReturned(
      `get() returned more than one ${this.state.meta.objectName} -- it returned ${rows.length === MAX_GET_RESULTS ? 'more than 20' : rows.length}!`,
    );
  }

  /**
   * The number of rows.
   *
   * @example
   * ```ts
   * await Post.objects.filter({ published: true }).count(); // SELECT COUNT(*) FROM "blog_post" WHERE …
   * ```
   */
  async count(): Promise<number> {
    if (this.result !== undefined || this.rows !== undefined) return (await this.fetch()).length;
    if (this.state.empty) return 0;
    const connection = connectionOf(this.state);
    const { compiled, params } = cachedCompile(this.state, connection.dialect, 'count', () =>
      compileCount(this.state, connection.dialect),
    );
    const rows = await (await sessionOf(connection)).all(compiled.sql, params);
    return Number(rows[0]?.[0] ?? 0);
  }

  /**
   * Whether any row matches (`SELECT 1 … LIMIT 1`).
   *
   * @example
   * ```ts
   * if (await User.objects.filter({ email }).exists()) throw new ValidationError('taken');
   * ```
   */
  async exists(): Promise<boolean> {
    if (this.state.empty) return false;
    const rows = await this.clone({
      values: { fields: ['pk'], mode: 'flat' },
      order: [],
      limit: 1,
      prefetch: [],
      annotations: this.state.annotations,
    });
    return rows.length > 0;
  }

  /** The first row by the ordering (by pk when there is none), or `undefined`. */
  async first(): Promise<R | undefined> {
    const ordered =
      this.state.order === undefined && this.state.meta.ordering.length === 0
        ? this.clone({ order: ['pk'] })
        : this;
    return (await ordered.slice(0, 1))[0];
  }

  /** The last row by the ordering (by pk when there is none), or `undefined`. */
  async last(): Promise<R | undefined> {
    const ordered =
      this.state.order === undefined && this.state.meta.ordering.length === 0
        ? this.clone({ order: ['pk'] })
        : this;
    return (await ordered.reverse().slice(0, 1))[0];
  }

  /** The row at `index` (Django's `qs[5]`), or `undefined`. */
  async at(index: number): Promise<R | undefined> {
    return (await this.slice(index, index + 1))[0];
  }

  /**
   * The distinct dates of a date or datetime field, truncated to `kind`, in order (Django's
   * `dates()`): `'YYYY-MM-DD'` strings.
   *
   * @example
   * ```ts
   * await Post.objects.dates('created', 'month'); // ['2024-01-01', '2024-03-01']
   * // SELECT DISTINCT date(strftime('%Y-%m-01 00:00:00', "created")) AS "datefield" … ORDER BY "datefield" ASC
   * ```
   */
  dates(
    field: PathOf<M, A>,
    kind: 'year' | 'month' | 'week' | 'day',
    order: 'ASC' | 'DESC' = 'ASC',
  ): Promise<string[]> {
    return truncatedValues(this as never, field, kind, order, true) as Promise<string[]>;
  }

  /**
   * The distinct datetimes of a datetime field, truncated to `kind` (in UTC), in order
   * (Django's `datetimes()`).
   *
   * @example
   * ```ts
   * await Post.objects.datetimes('created', 'hour'); // [Date 2024-01-01T10:00:00Z, …]
   * ```
   */
  datetimes(
    field: PathOf<M, A>,
    kind: 'year' | 'month' | 'week' | 'day' | 'hour' | 'minute' | 'second',
    order: 'ASC' | 'DESC' = 'ASC',
  ): Promise<Date[]> {
    return truncatedValues(this as never, field, kind, order, false) as Promise<Date[]>;
  }

  /** The latest row by `fields` (default: Meta `getLatestBy`). */
  async latest(...fields: Array<OrderKey<M, A>>): Promise<R> {
    return this.byLatest(fields, true);
  }

  /** The earliest row by `fields` (default: Meta `getLatestBy`). */
  async earliest(...fields: Array<OrderKey<M, A>>): Promise<R> {
    return this.byLatest(fields, false);
  }

  private async byLatest(fields: readonly string[], latest: boolean): Promise<R> {
    const by =
      fields.length > 0
        ? fields
        : ([] as string[]).concat(this.state.meta.options.getLatestBy ?? []);
    if (by.length === 0)
      throw new FieldError(
        "earliest() and latest() require either fields as positional arguments or 'getLatestBy' in the model's Meta.",
      );
    let qs = this.orderBy(...(by as Array<OrderKey<M, A>>));
    if (latest) qs = qs.reverse();
    return qs.slice(0, 1).get();
  }

  /**
   * Rows by primary key (or another unique field): `{ [pk]: instance }`.
   *
   * @example
   * ```ts
   * await Post.objects.inBulk([1, 2]); // { 1: Post, 2: Post }
   * ```
   */
  async inBulk(
    ids?: readonly unknown[],
    options: { fieldName?: string } = {},
  ): Promise<Record<string, R>> {
    const fieldName = options.fieldName ?? 'pk';
    if (ids !== undefined && ids.length === 0) return {};
    const qs =
      ids === undefined ? this : this.filter({ [`${fieldName}__in`]: ids } as Filter<M, A>);
    const out: Record<string, R> = Object.create(null) as Record<string, R>;
    for (const row of await qs) {
      const key =
        fieldName === 'pk'
          ? (row as unknown as Model).pk
          : (row as Record<string, unknown>)[fieldName];
      out[String(key)] = row;
    }
    return out;
  }

  /**
   * Aggregates over the whole queryset.
   *
   * @example
   * ```ts
   * await Post.objects.aggregate({ total: Count('id'), avgViews: Avg('views') });
   * // SELECT COUNT("blog_post"."id") AS "total", AVG("blog_post"."views") AS "avgViews" FROM "blog_post"
   * ```
   */
  aggregate<X extends Record<string, Aggregate<unknown> | Expression>>(
    aggregates: X,
  ): Promise<Annotated<X>> {
    return writes.aggregate(this.state, aggregates) as Promise<Annotated<X>>;
  }

  /** @internal Used by `__in` lookups: this queryset as a subquery of one column. */
  compileSubquery(builder: SqlBuilder): string {
    const state =
      this.state.values === undefined
        ? { ...this.state, values: { fields: ['pk'], mode: 'flat' as const } }
        : this.state;
    if (state.values!.fields.length !== 1)
      throw new FieldError(
        'A subquery for __in must select exactly one field (use valuesList(field, { flat: true })).',
      );
    const compiled = compileSelect(
      { ...state, order: state.limit === undefined ? [] : state.order },
      builder.dialect,
    );
    for (const p of compiled.params) builder.param(p);
    // Renumbered with the outer statement's parameters when it is finished.
    return compiled.sql.replace(builder.dialect.name === 'sqlite' ? /\?/g : /\$\d+/g, MARK);
  }

  // ---- writes (see writes.ts) ----

  /**
   * Inserts one row and returns the saved instance.
   *
   * @example
   * ```ts
   * const post = await Post.objects.create({ title: 'Hi', author: ann });
   * // INSERT INTO "blog_post" ("title", "author_id", "published") VALUES (?, ?, ?)
   * ```
   */
  create(values: CreateValues<M> = {}): Promise<M> {
    return writes.create(this.state, values as Record<string, unknown>) as Promise<M>;
  }

  /** Gets the matching row or creates it with `defaults`: `[instance, created]`. */
  getOrCreate(lookup: Filter<M, A>, defaults: CreateValues<M> = {}): Promise<[M, boolean]> {
    return writes.getOrCreate(
      this as never,
      lookup as Record<string, unknown>,
      defaults as Record<string, unknown>,
    ) as Promise<[M, boolean]>;
  }

  /** Updates the matching row with `defaults`, or creates it: `[instance, created]`. */
  updateOrCreate(lookup: Filter<M, A>, defaults: CreateValues<M> = {}): Promise<[M, boolean]> {
    return writes.updateOrCreate(
      this as never,
      lookup as Record<string, unknown>,
      defaults as Record<string, unknown>,
    ) as Promise<[M, boolean]>;
  }

  /**
   * Inserts many instances in batches (no signals, like Django), setting their primary keys.
   *
   * @example
   * ```ts
   * await Tag.objects.bulkCreate([new Tag({ name: 'a' }), new Tag({ name: 'b' })]);
   * // INSERT INTO "blog_tag" ("name") VALUES (?), (?)
   * ```
   */
  bulkCreate(objects: readonly M[], options: { batchSize?: number } = {}): Promise<M[]> {
    return writes.bulkCreate(this.state, objects, options) as Promise<M[]>;
  }

  /**
   * Saves the named fields of many instances: one UPDATE per batch (no signals, like Django), in a
   * transaction. Returns the number of rows matched.
   *
   * @example
   * ```ts
   * await Post.objects.bulkUpdate(posts, ['views'], { batchSize: 100 });
   * // UPDATE "blog_post" SET "views" = CASE WHEN "id" = ? THEN ? WHEN "id" = ? THEN ? ELSE "views" END
   * //   WHERE "id" IN (?, ?)
   * ```
   */
  bulkUpdate(
    objects: readonly M[],
    fields: ReadonlyArray<keyof M & string>,
    options: { batchSize?: number } = {},
  ): Promise<number> {
    return writes.bulkUpdate(this.state, objects, fields, options);
  }

  /**
   * Updates every matching row in one statement (no signals); returns the number of rows.
   *
   * @example
   * ```ts
   * await Post.objects.filter({ published: false }).update({ published: true });
   * // UPDATE "blog_post" SET "published" = ? WHERE "blog_post"."published" = ?
   * ```
   */
  update(values: CreateValues<M> | Record<string, unknown>): Promise<number> {
    return writes.update(this.state, values as Record<string, unknown>);
  }

  /**
   * Deletes the matching rows, cascading per `onDelete`, in a transaction, with signals.
   * Returns `[total, { 'app.Model': count }]`.
   *
   * @example
   * ```ts
   * await Post.objects.filter({ published: false }).delete(); // [3, { 'blog.Post': 2, 'blog.Comment': 1 }]
   * ```
   */
  delete(): Promise<[number, Record<string, number>]> {
    return writes.deleteQuerySet(this as never);
  }
}

const DATE_KINDS = ['year', 'month', 'week', 'day'];
const DATETIME_KINDS = [...DATE_KINDS, 'hour', 'minute', 'second'];

function truncatedValues(
  qs: QuerySet<Model, unknown, unknown>,
  field: string,
  kind: string,
  order: string,
  asDate: boolean,
): Promise<unknown[]> {
  const kinds = asDate ? DATE_KINDS : DATETIME_KINDS;
  if (!kinds.includes(kind))
    return Promise.reject(
      new FieldError(`'kind' must be one of ${kinds.map((k) => `'${k}'`).join(', ')}.`),
    );
  if (order !== 'ASC' && order !== 'DESC')
    return Promise.reject(new FieldError("'order' must be either 'ASC' or 'DESC'."));
  const trunc = new Trunc(field, kind as Trunc['kind'], asDate);
  return Promise.resolve(
    qs
      .filter({ [`${field}__isnull`]: false } as never)
      .annotate({ datefield: trunc })
      .valuesList('datefield' as never, { flat: true })
      .distinct()
      .orderBy((order === 'DESC' ? '-datefield' : 'datefield') as never),
  ) as Promise<unknown[]>;
}
