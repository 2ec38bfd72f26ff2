import type { Model } from '../model/model.js';
import type {
  AnyModelClass,
  CreateValues,
  Filter,
  OrderKey,
  PathOf,
  ValuesRow,
} from '../model/types.js';
import type { Expression, OrderBy } from './expressions.js';
import type { AnyQ } from './q.js';
import { QuerySet } from './queryset.js';
import { RawQuerySet } from './raw.js';

/**
 * The interface to a model's table (Django's `Manager`): `Post.objects`. Every queryset method is
 * available on it; subclass it to add table-level methods, or override `getQueryset()` to change
 * what `all()` starts from.
 *
 * @example
 * ```ts
 * class PublishedManager extends Manager<Post> {
 *   override getQueryset() { return super.getQueryset().filter({ published: true }); }
 * }
 * class Post extends defineModel<Post>()('blog.Post', { … }) {
 *   static published = new PublishedManager(this);
 * }
 * await Post.published.count(); // SELECT COUNT(*) FROM "blog_post" WHERE "blog_post"."published" = ?
 * ```
 */
export class Manager<M extends Model> {
  readonly model: AnyModelClass;

  constructor(model: AnyModelClass | (abstract new (...args: never[]) => M)) {
    this.model = model as AnyModelClass;
  }

  /** The queryset every other method starts from. */
  getQueryset(): QuerySet<M> {
    return new QuerySet<M>(this.model);
  }

  /** Every row. */
  all(): QuerySet<M> {
    return this.getQueryset();
  }

  /** See {@link QuerySet.filter}. */
  filter(...conditions: Array<Filter<M> | AnyQ>): QuerySet<M> {
    return this.getQueryset().filter(...conditions);
  }

  /** See {@link QuerySet.exclude}. */
  exclude(...conditions: Array<Filter<M> | AnyQ>): QuerySet<M> {
    return this.getQueryset().exclude(...conditions);
  }

  /** See {@link QuerySet.get}. */
  get(...conditions: Array<Filter<M> | AnyQ>): Promise<M> {
    return this.getQueryset().get(...conditions);
  }

  /** See {@link QuerySet.create}. */
  create(values: CreateValues<M> = {}): Promise<M> {
    return this.getQueryset().create(values);
  }

  /** See {@link QuerySet.getOrCreate}. */
  getOrCreate(lookup: Filter<M>, defaults: CreateValues<M> = {}): Promise<[M, boolean]> {
    return this.getQueryset().getOrCreate(lookup, defaults);
  }

  /** See {@link QuerySet.updateOrCreate}. */
  updateOrCreate(lookup: Filter<M>, defaults: CreateValues<M> = {}): Promise<[M, boolean]> {
    return this.getQueryset().updateOrCreate(lookup, defaults);
  }

  /** See {@link QuerySet.bulkCreate}. */
  bulkCreate(objects: readonly M[], options: { batchSize?: number } = {}): Promise<M[]> {
    return this.getQueryset().bulkCreate(objects, options);
  }

  /** See {@link QuerySet.bulkUpdate}. */
  bulkUpdate(
    objects: readonly M[],
    fields: ReadonlyArray<keyof M & string>,
    options: { batchSize?: number } = {},
  ): Promise<number> {
    return this.getQueryset().bulkUpdate(objects, fields, options);
  }

  /** See {@link QuerySet.update}. */
  update(values: CreateValues<M> | Record<string, unknown>): Promise<number> {
    return this.getQueryset().update(values);
  }

  /** See {@link QuerySet.count}. */
  count(): Promise<number> {
    return this.getQueryset().count();
  }

  /** See {@link QuerySet.exists}. */
  exists(): Promise<boolean> {
    return this.getQueryset().exists();
  }

  /** See {@link QuerySet.first}. */
  first(): Promise<M | undefined> {
    return this.getQueryset().first();
  }

  /** See {@link QuerySet.last}. */
  last(): Promise<M | undefined> {
    return this.getQueryset().last();
  }

  /** See {@link QuerySet.latest}. */
  latest(...fields: Array<OrderKey<M>>): Promise<M> {
    return this.getQueryset().latest(...fields);
  }

  /** See {@link QuerySet.earliest}. */
  earliest(...fields: Array<OrderKey<M>>): Promise<M> {
    return this.getQueryset().earliest(...fields);
  }

  /** See {@link QuerySet.at}. */
  at(index: number): Promise<M | undefined> {
    return this.getQueryset().at(index);
  }

  /** See {@link QuerySet.dates}. */
  dates(
    field: PathOf<M>,
    kind: 'year' | 'month' | 'week' | 'day',
    order: 'ASC' | 'DESC' = 'ASC',
  ): Promise<string[]> {
    return this.getQueryset().dates(field, kind, order);
  }

  /** See {@link QuerySet.datetimes}. */
  datetimes(
    field: PathOf<M>,
    kind: 'year' | 'month' | 'week' | 'day' | 'hour' | 'minute' | 'second',
    order: 'ASC' | 'DESC' = 'ASC',
  ): Promise<Date[]> {
    return this.getQueryset().datetimes(field, kind, order);
  }

  /** See {@link QuerySet.reverse}. */
  reverse(): QuerySet<M> {
    return this.getQueryset().reverse();
  }

  /** See {@link QuerySet.union}. */
  union(...others: Array<QuerySet<M> | { all: boolean }>): QuerySet<M> {
    return this.getQueryset().union(...others);
  }

  /** See {@link QuerySet.intersection}. */
  intersection(...others: Array<QuerySet<M>>): QuerySet<M> {
    return this.getQueryset().intersection(...others);
  }

  /** See {@link QuerySet.difference}. */
  difference(...others: Array<QuerySet<M>>): QuerySet<M> {
    return this.getQueryset().difference(...others);
  }

  /** See {@link QuerySet.inBulk}. */
  inBulk(
    ids?: readonly unknown[],
    options: { fieldName?: string } = {},
  ): Promise<Record<string, M>> {
    return this.getQueryset().inBulk(ids, options);
  }

  /** See {@link QuerySet.orderBy}. */
  orderBy(...fields: Array<OrderKey<M> | OrderBy>): QuerySet<M> {
    return this.getQueryset().orderBy(...fields);
  }

  /** See {@link QuerySet.selectRelated}. */
  selectRelated(...paths: string[]): QuerySet<M> {
    return this.getQueryset().selectRelated(...paths);
  }

  /** See {@link QuerySet.prefetchRelated}. */
  prefetchRelated(...paths: string[]): QuerySet<M> {
    return this.getQueryset().prefetchRelated(...paths);
  }

  /** See {@link QuerySet.annotate}. */
  annotate<X extends Record<string, Expression>>(annotations: X) {
    return this.getQueryset().annotate(annotations);
  }

  /** See {@link QuerySet.aggregate}. */
  aggregate<X extends Record<string, Expression>>(aggregates: X) {
    return this.getQueryset().aggregate(aggregates);
  }

  /** See {@link QuerySet.values}. */
  values<K extends PathOf<M>>(...fields: K[]) {
    return this.getQueryset().values(...fields);
  }

  /** See {@link QuerySet.valuesList}. */
  valuesList<K extends PathOf<M>>(
    field: K,
    options: { flat: true },
  ): QuerySet<M, ValuesRow<M, unknown, K>[K]>;
  valuesList<K extends PathOf<M>>(...fields: K[]): QuerySet<M, Array<ValuesRow<M, unknown, K>[K]>>;
  valuesList<K extends PathOf<M>>(
    field: K,
    options: { named: true },
  ): QuerySet<M, ValuesRow<M, unknown, K>>;
  valuesList(...args: unknown[]): QuerySet<M, unknown> {
    return (this.getQueryset().valuesList as (...a: unknown[]) => QuerySet<M, unknown>)(...args);
  }

  /** See {@link QuerySet.only}. */
  only(...fields: Array<PathOf<M>>): QuerySet<M> {
    return this.getQueryset().only(...fields);
  }

  /** See {@link QuerySet.defer}. */
  defer(...fields: Array<PathOf<M>>): QuerySet<M> {
    return this.getQueryset().defer(...fields);
  }

  /** See {@link QuerySet.distinct}. */
  distinct(): QuerySet<M> {
    return this.getQueryset().distinct();
  }

  /** See {@link QuerySet.using}. */
  using(alias: string): QuerySet<M> {
    return this.getQueryset().using(alias);
  }

  /** See {@link QuerySet.none}. */
  none(): QuerySet<M> {
    return this.getQueryset().none();
  }

  /** See {@link QuerySet.iterator}. */
  iterator(chunkSize?: number): AsyncGenerator<M> {
    return this.getQueryset().iterator(chunkSize);
  }

  /**
   * Runs hand-written SQL and maps its columns onto instances. Write `%s` for each parameter
   * (as in Django); they are always bound, never interpolated.
   *
   * @example
   * ```ts
   * await Post.objects.raw('SELECT * FROM blog_post WHERE title = %s', [title]);
   * // SELECT * FROM blog_post WHERE title = ?
   * ```
   */
  raw(
    sql: string,
    params: readonly unknown[] = [],
    options: { using?: string } = {},
  ): RawQuerySet<M> {
    return new RawQuerySet<M>(this.model, sql, params, options.using);
  }
}
