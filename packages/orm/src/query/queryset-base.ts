import { FieldError } from '../errors.js';
import { sqliteDialect } from '../internal/dialect.js';
import type { Model } from '../model/model.js';
import { metaOf } from '../model/registry.js';
import type { AnyModelClass, Filter, OrderKey, PathOf, ValuesRow } from '../model/types.js';
import { SqlBuilder } from './builder.js';
import { compileSelect } from './compiler.js';
import { connectionOf } from './execute.js';
import { Expression, OrderBy } from './expressions.js';
import { type AnyQ, QNode } from './q.js';
import { type QueryState, type ValuesMode, initialState } from './state.js';
import type { QuerySet } from './queryset.js';

/** The value type an annotation yields. */
export type AnnotationValue<E> = E extends Expression<infer T> ? T : unknown;

type Annotated<X> = { -readonly [K in keyof X]: AnnotationValue<X[K]> };

/**
 * What `String(qs.query)` shows: the SQL with its parameters inlined for reading (never for running).
 *
 * @example
 * ```ts
 * String(Post.objects.filter({ id: 1 }).query); // … WHERE "blog_post"."id" = 1
 * ```
 */
export class QueryDescription {
  constructor(
    readonly sql: string,
    readonly params: readonly unknown[],
  ) {}

  toString(): string {
    let i = 0;
    return this.sql.replace(/\?|\$\d+/g, (mark) => {
      const value = mark === '?' ? this.params[i++] : this.params[Number(mark.slice(1)) - 1];
      if (value === null || value === undefined) return 'NULL';
      if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
        return String(value);
      if (value instanceof Date) return `'${value.toISOString()}'`;
      return `'${String(value).replaceAll("'", "''")}'`;
    });
  }
}

/**
 * The building half of {@link QuerySet}: every method returns a new queryset and runs nothing.
 */
export abstract class BaseQuerySet<M extends Model, R = M, A = unknown> {
  readonly state: QueryState;
  /** @internal Rows already known (a prefetched relation): awaiting returns them without a query. */
  prefetched: R[] | undefined;

  constructor(model: AnyModelClass | QueryState) {
    this.state = typeof model === 'function' ? initialState(metaOf(model)) : model;
  }

  /** @internal */
  protected clone(patch: Partial<QueryState>): this {
    const Ctor = this.constructor as new (state: QueryState) => this;
    return new Ctor({ ...this.state, ...patch });
  }

  /** The model class. */
  get model(): AnyModelClass {
    return this.state.meta.model;
  }

  /** The SQL this queryset runs; `String(qs.query)` shows it with its parameters. */
  get query(): QueryDescription {
    const compiled = compileSelect(this.state, connectionOf(this.state).dialect);
    return new QueryDescription(compiled.sql, compiled.params);
  }

  /** A copy (Django's `all()`), for instance to re-run a query. */
  all(): this {
    return this.clone({});
  }

  /**
   * Rows matching every condition. Keys are `field__lookup`, typed from the model. Conditions of
   * one call across a multi-valued relation must hold for the same related row; each call joins
   * anew, so `filter(a).filter(b)` may match two different related rows (as in Django).
   *
   * @example
   * ```ts
   * Post.objects.filter({ title__icontains: 'django', author__username: 'ann' });
   * // WHERE "blog_post"."title" LIKE ? ESCAPE '\' AND "auth_user"."username" = ?
   * ```
   */
  filter(...conditions: Array<Filter<M, A> | AnyQ>): this {
    if (conditions.length === 0) return this.clone({});
    return this.clone({ where: [...this.state.where, callNode(conditions.map(toNode))] });
  }

  /**
   * Rows not matching the conditions. Across a reverse ForeignKey or a many-to-many relation this
   * is a subquery (Django's semantics): a row goes if any related row matches.
   *
   * @example
   * ```ts
   * Post.objects.exclude({ published: false }); // WHERE NOT ("blog_post"."published" = ?)
   * Author.objects.exclude({ posts__title__contains: 'Lennon' });
   * // WHERE NOT ("blog_author"."id" IN (SELECT "U0"."id" FROM "blog_author" "U0"
   * //   LEFT JOIN "blog_post" ON … WHERE "blog_post"."title" LIKE ? ESCAPE '\'))
   * ```
   */
  exclude(...conditions: Array<Filter<M, A> | AnyQ>): this {
    if (conditions.length === 0) return this.clone({});
    // NOT (a AND b): the conjunction of one call is negated, as Django does.
    const negated = callNode(conditions.map(toNode)).not();
    return this.clone({ where: [...this.state.where, negated] });
  }

  /**
   * Orders by fields (`-field` descending, `?` random, `author__username` across a relation).
   * Every name is checked against the model, so a name from a query string is safe.
   *
   * @example
   * ```ts
   * Post.objects.orderBy('-created', 'title'); // ORDER BY "blog_post"."created" DESC, "blog_post"."title" ASC
   * ```
   */
  orderBy(...fields: Array<OrderKey<M, A> | OrderBy>): this {
    for (const name of fields) {
      if (name instanceof OrderBy) checkOrderName(this.state, name.expression.name);
      else checkOrderName(this.state, String(name));
    }
    return this.clone({ order: fields as Array<string | OrderBy>, reversed: false });
  }

  /** Flips the ordering. */
  reverse(): this {
    return this.clone({ reversed: !this.state.reversed });
  }

  /** `SELECT DISTINCT`. */
  distinct(): this {
    return this.clone({ distinct: true });
  }

  /** Runs on another database alias. */
  using(alias: string): this {
    return this.clone({ db: alias });
  }

  /** A queryset that returns nothing and runs no query. */
  none(): this {
    return this.clone({ empty: true });
  }

  /**
   * `LIMIT`/`OFFSET`, like a Python slice `qs[start:end]`.
   *
   * @example
   * ```ts
   * Post.objects.all().slice(10, 20); // LIMIT ? OFFSET ? (10, 10)
   * ```
   */
  slice(start: number, end?: number): this {
    if (
      !Number.isInteger(start) ||
      start < 0 ||
      (end !== undefined && (!Number.isInteger(end) || end < start))
    ) {
      throw new FieldError(
        'Negative indexing is not supported: slice(start, end) takes 0 <= start <= end.',
      );
    }
    const offset = this.state.offset + start;
    let limit = end === undefined ? undefined : end - start;
    if (this.state.limit !== undefined)
      limit = Math.min(this.state.limit - start, limit ?? Infinity);
    return this.clone({ offset, limit: limit === undefined ? undefined : Math.max(0, limit) });
  }

  /**
   * Follows ForeignKeys in the same query (JOINs), so `post.author` needs no extra query.
   *
   * @example
   * ```ts
   * Post.objects.selectRelated('author'); // SELECT … FROM "blog_post" LEFT JOIN "auth_user" ON …
   * ```
   */
  selectRelated(...paths: string[]): this {
    // No paths: every non-null ForeignKey, one level deep (as Django does).
    const chosen =
      paths.length > 0
        ? paths
        : this.state.meta.foreignKeys.filter((f) => !f.null).map((f) => f.name);
    return this.clone({ selectRelated: [...this.state.selectRelated, ...chosen] });
  }

  /**
   * Loads relations (reverse FKs, many-to-many, FKs) with one query per relation level after the
   * main query, nested with `__` (`comments__author`).
   *
   * @example
   * ```ts
   * await Post.objects.prefetchRelated('comments__author');
   * // SELECT … FROM "blog_post"; SELECT … FROM "blog_comment" WHERE "post_id" IN (…); SELECT … FROM "auth_user" WHERE "id" IN (…)
   * ```
   */
  prefetchRelated(...paths: string[]): this {
    return this.clone({ prefetch: [...this.state.prefetch, ...paths] });
  }

  /**
   * Adds computed values to each row (aggregates group by the row).
   *
   * @example
   * ```ts
   * Author.objects.annotate({ numPosts: Count('posts') }).filter({ numPosts__gt: 1 });
   * // SELECT …, COUNT("blog_post"."id") AS "numPosts" … GROUP BY … HAVING COUNT("blog_post"."id") > ?
   * ```
   */
  annotate<X extends Record<string, Expression>>(
    annotations: X,
  ): QuerySet<M, R extends M ? R & Annotated<X> : R & Annotated<X>, A & Annotated<X>> {
    const entries: Array<readonly [string, Expression]> = [];
    for (const name of Object.keys(annotations)) {
      if (!/^[A-Za-z_]\w*$/.test(name) || name.includes('__'))
        throw new FieldError(`Invalid annotation name '${name}'.`);
      if (
        this.state.meta.getField(name) !== undefined ||
        this.state.meta.getRelatedObject(name) !== undefined
      )
        throw new FieldError(`The annotation '${name}' conflicts with a field on the model.`);
      const expr = annotations[name];
      if (!(expr instanceof Expression))
        throw new FieldError(`The annotation '${name}' is not an expression.`);
      entries.push([name, expr]);
    }
    const values = this.state.values;
    const aggregate = entries.some(([, e]) => e.containsAggregate);
    return this.clone({
      annotations: [...this.state.annotations, ...entries],
      annotatedAt: [...this.state.annotatedAt, ...entries.map(() => this.state.where.length)],
      // values() then annotate(): the annotations join the values, which the rows group by.
      ...(values !== undefined && {
        values: {
          ...values,
          fields:
            values.fields.length === 0
              ? values.fields
              : [...values.fields, ...entries.map(([n]) => n)],
        },
        groupByValues: this.state.groupByValues || aggregate,
      }),
    }) as never;
  }

  /**
   * Rows as plain objects of the named fields (all fields when none are named).
   *
   * @example
   * ```ts
   * await Post.objects.values('title', 'author__username'); // [{ title: 'Hi', author__username: 'ann' }]
   * // SELECT "blog_post"."title", "auth_user"."username" FROM "blog_post" LEFT JOIN "auth_user" ON …
   * ```
   */
  values<K extends PathOf<M, A>>(...fields: K[]): QuerySet<M, ValuesRow<M, A, K>, A> {
    return this.withValues(fields, 'dict') as never;
  }

  /**
   * Rows as arrays; with `{ flat: true }` and one field, the bare values.
   *
   * @example
   * ```ts
   * await Post.objects.valuesList('id', { flat: true }); // [1, 2, 3]
   * await Post.objects.valuesList('id', 'title'); // [[1, 'Hi'], …]
   * ```
   */
  valuesList<K extends PathOf<M, A>>(
    field: K,
    options: { flat: true },
  ): QuerySet<M, ValuesRow<M, A, K>[K], A>;
  valuesList<K extends PathOf<M, A>>(...fields: K[]): QuerySet<M, Array<ValuesRow<M, A, K>[K]>, A>;
  valuesList<K extends PathOf<M, A>>(
    field: K,
    options: { named: true },
  ): QuerySet<M, ValuesRow<M, A, K>, A>;
  valuesList(...args: unknown[]): QuerySet<M, unknown, A> {
    const last = args.at(-1);
    const options =
      typeof last === 'object' && last !== null
        ? (args.pop() as { flat?: boolean; named?: boolean })
        : {};
    const fields = args as string[];
    if (options.flat === true && fields.length !== 1)
      throw new FieldError("'flat' is valid only with one field.");
    return this.withValues(
      fields,
      options.flat === true ? 'flat' : options.named === true ? 'named' : 'list',
    ) as never;
  }

  private withValues(fields: readonly string[], mode: ValuesMode): QuerySet<M, unknown, A> {
    return this.clone({ values: { fields, mode } }) as never;
  }

  /** Loads only these fields (others stay unset until `refreshFromDb`). */
  only(...fields: Array<PathOf<M, A>>): this {
    return this.clone({ deferred: { only: true, names: fields } });
  }

  /** Leaves these fields out of the SELECT. */
  defer(...fields: Array<PathOf<M, A>>): this {
    return this.clone({ deferred: { only: false, names: fields } });
  }

  /**
   * `UNION` of querysets (`{ all: true }` keeps duplicates).
   *
   * @example
   * ```ts
   * Post.objects.filter({ id: 1 }).union(Post.objects.filter({ id: 2 })); // SELECT … UNION SELECT …
   * ```
   */
  union(...others: Array<QuerySet<M, R, A> | { all: boolean }>): this {
    return this.combine('UNION', others);
  }

  /** `INTERSECT` of querysets. */
  intersection(...others: Array<QuerySet<M, R, A>>): this {
    return this.combine('INTERSECT', others);
  }

  /** `EXCEPT`: rows of this queryset not in the others. */
  difference(...others: Array<QuerySet<M, R, A>>): this {
    return this.combine('EXCEPT', others);
  }

  private combine(
    kind: 'UNION' | 'INTERSECT' | 'EXCEPT',
    others: ReadonlyArray<QuerySet<M, R, A> | { all: boolean }>,
  ): this {
    const last = others.at(-1);
    const all = last !== undefined && !(last instanceof BaseQuerySet) ? last.all : false;
    const sets = others
      .filter((o): o is QuerySet<M, R, A> => o instanceof BaseQuerySet)
      .map((o) => o.state);
    return this.clone({ combinator: { kind, all, others: sets } });
  }
}

/** A keyword object or a Q, as a condition node. @internal */
export function toNode(condition: object): AnyQ {
  return condition instanceof QNode ? condition : QNode.of(condition as Record<string, unknown>);
}

/**
 * The conditions of one `filter()`/`exclude()` call as one node: `state.where` holds one node per
 * call, so joins through multi-valued relations are shared within a call and not across calls.
 * @internal
 */
export function callNode(nodes: readonly AnyQ[]): AnyQ {
  if (nodes.length === 1) return nodes[0]!;
  const children: Array<AnyQ | AnyQ['children'][number]> = [];
  for (const node of nodes) {
    if (node.connector === 'AND' && !node.negated) children.push(...node.children);
    else children.push(node);
  }
  return QNode.node('AND', children);
}

/** Checks an orderBy name before it is stored, so the error points at the call. */
function checkOrderName(state: QueryState, raw: string): void {
  if (raw === '?') return;
  const name = raw.startsWith('-') ? raw.slice(1) : raw;
  if (name === '' || !/^[A-Za-z_]\w*$/.test(name))
    throw new FieldError(`Invalid order_by arguments: '${raw}'.`);
  if (state.annotations.some(([n]) => n === name)) return;
  new SqlBuilder(sqliteDialect, state.meta).valueColumn(name);
}
