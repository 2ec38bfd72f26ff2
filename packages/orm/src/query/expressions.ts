import { FieldError } from '../errors.js';
import type { Field } from '../fields/field.js';
import type { Dialect, TruncKind } from '../internal/dialect.js';
import type { QNode } from './q.js';

/** What an expression needs from the compiler to render itself. @internal */
export interface ExpressionContext {
  /** Resolves a field path to its SQL column (adding joins) and field. */
  column(path: string): { sql: string; field: Field<unknown, boolean> | undefined };
  /** Binds a value, returning its placeholder. */
  param(value: unknown): string;
  /** The SQL of an annotation by name, if one exists. */
  annotation(name: string): string | undefined;
  /** A condition (an aggregate's `filter`), compiled like a WHERE clause. */
  condition(node: QNode): string;
  /** The database's SQL dialect. */
  readonly dialect: Dialect;
}

let uniqueShapes = 0;

/**
 * Anything that renders to SQL: `F`, aggregates, `Value`, arithmetic.
 *
 * @example
 * ```ts
 * Post.objects.update({ views: F('views').mul(2) }); // SET "views" = ("blog_post"."views" * ?)
 * ```
 */
export abstract class Expression<T = unknown> {
  /** Phantom: the value type the expression yields (for annotation typing). */
  declare readonly __type: T;
  /** True for aggregates (and expressions containing one): filters on them go to HAVING. */
  readonly containsAggregate: boolean = false;
  /** The field whose conversions the result uses, if any. */
  outputField: Field<unknown, boolean> | undefined;

  /** A value the database returned for this expression, as the queryset yields it. @internal */
  fromDb(value: unknown, dialect: Dialect): unknown {
    if (value === null || value === undefined) return null;
    const field = this.outputField;
    if (field === undefined) return typeof value === 'bigint' ? Number(value) : value;
    const converted = field.fromDb === undefined ? value : field.fromDb(value, dialect);
    // Sums of integer columns come back as numeric strings from PostgreSQL.
    return typeof converted === 'string' && field.columnType().kind.startsWith('integer')
      ? Number(converted)
      : converted;
  }

  /** @internal */
  abstract compile(ctx: ExpressionContext): string;

  /** A stable description of the expression's structure, for the compiled-SQL cache. */
  abstract get shape(): string;

  /** `this + other` */
  add(other: Expression | number): Expression {
    return new Arithmetic(this, '+', other);
  }

  /** `this - other` */
  sub(other: Expression | number): Expression {
    return new Arithmetic(this, '-', other);
  }

  /** `this * other` */
  mul(other: Expression | number): Expression {
    return new Arithmetic(this, '*', other);
  }

  /** `this / other` */
  div(other: Expression | number): Expression {
    return new Arithmetic(this, '/', other);
  }
}

class Arithmetic extends Expression {
  override readonly containsAggregate: boolean;

  constructor(
    readonly left: Expression,
    readonly op: '+' | '-' | '*' | '/',
    readonly right: Expression | number,
  ) {
    super();
    this.containsAggregate =
      left.containsAggregate || (right instanceof Expression && right.containsAggregate);
  }

  compile(ctx: ExpressionContext): string {
    // An integer stays an integer literal: bound, SQLite would take it as REAL and `F('views')
    // / 50` would divide as floats, where Django's (and PostgreSQL's) division is integral.
    const right =
      this.right instanceof Expression
        ? this.right.compile(ctx)
        : Number.isSafeInteger(this.right)
          ? String(this.right)
          : ctx.param(this.right);
    const left = this.left.compile(ctx);
    this.outputField = this.left.outputField;
    return `(${left} ${this.op} ${right})`;
  }

  get shape(): string {
    return `(${this.left.shape}${this.op}${this.right instanceof Expression ? this.right.shape : String(this.right)})`;
  }
}

/**
 * A reference to a column of the row itself, so updates and filters compare columns without
 * reading them into JavaScript first.
 *
 * @example
 * ```ts
 * Post.objects.update({ views: F('views').add(1) }); // UPDATE "blog_post" SET "views" = ("blog_post"."views" + ?)
 * Entry.objects.filter({ comments__gt: F('pingbacks') }); // WHERE "comments" > "pingbacks"
 * ```
 */
export class FExpression extends Expression {
  constructor(readonly name: string) {
    super();
  }

  compile(ctx: ExpressionContext): string {
    const annotated = ctx.annotation(this.name);
    if (annotated !== undefined) return annotated;
    const { sql, field } = ctx.column(this.name);
    this.outputField = field;
    return sql;
  }

  get shape(): string {
    return `F(${this.name})`;
  }

  /**
   * Ascending order by this column, optionally with NULLs first or last.
   *
   * @example
   * ```ts
   * Author.objects.orderBy(F('rank').asc({ nullsFirst: true })); // ORDER BY "rank" ASC NULLS FIRST
   * ```
   */
  asc(options: { nullsFirst?: boolean; nullsLast?: boolean } = {}): OrderBy {
    return new OrderBy(this, false, options);
  }

  /**
   * Descending order by this column, optionally with NULLs first or last.
   *
   * @example
   * ```ts
   * Author.objects.orderBy(F('rank').desc({ nullsLast: true })); // ORDER BY "rank" DESC NULLS LAST
   * ```
   */
  desc(options: { nullsFirst?: boolean; nullsLast?: boolean } = {}): OrderBy {
    return new OrderBy(this, true, options);
  }
}

/**
 * One ORDER BY term built from an expression: `F('rank').desc({ nullsLast: true })`.
 *
 * @example
 * ```ts
 * Post.objects.orderBy(F('score').asc({ nullsLast: true }), 'id');
 * ```
 */
export class OrderBy {
  readonly nulls: 'first' | 'last' | undefined;

  constructor(
    readonly expression: FExpression,
    readonly descending: boolean,
    options: { nullsFirst?: boolean; nullsLast?: boolean } = {},
  ) {
    if (options.nullsFirst === true && options.nullsLast === true)
      throw new FieldError('nullsFirst and nullsLast are mutually exclusive.');
    this.nulls =
      options.nullsFirst === true ? 'first' : options.nullsLast === true ? 'last' : undefined;
  }

  get shape(): string {
    return `${this.expression.shape}:${this.descending ? 'D' : 'A'}:${this.nulls ?? ''}`;
  }
}

/**
 * Builds an {@link FExpression}: Django's `F('field')`.
 *
 * @example
 * ```ts
 * await Post.objects.filter({ id: 1 }).update({ views: F('views').add(1) });
 * ```
 */
export function F(name: string): FExpression {
  return new FExpression(name);
}

/**
 * A date or datetime column truncated to a kind (the start of its month, day, hour…), as
 * `dates()` and `datetimes()` select it. @internal
 */
export class Trunc extends Expression {
  constructor(
    readonly name: string,
    readonly kind: TruncKind,
    readonly asDate: boolean,
  ) {
    super();
  }

  compile(ctx: ExpressionContext): string {
    const { sql, field } = ctx.column(this.name);
    const kind = field?.columnType().kind;
    if (kind !== 'date' && kind !== 'datetime')
      throw new FieldError(`'${this.name}' isn't a DateField, TimeField, or DateTimeField.`);
    return ctx.dialect.truncate(sql, this.kind, this.asDate);
  }

  override fromDb(value: unknown): unknown {
    if (value === null || value === undefined) return null;
    if (this.asDate)
      return value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
    if (value instanceof Date) return value;
    return new Date(`${String(value).replace(' ', 'T')}Z`);
  }

  get shape(): string {
    return `Trunc(${this.name},${this.kind},${this.asDate})`;
  }
}

/**
 * A literal value, bound as a parameter.
 *
 * @example
 * ```ts
 * Post.objects.annotate({ one: Value(1) }); // SELECT …, ? AS "one"
 * ```
 */
export class ValueExpression extends Expression {
  constructor(readonly value: unknown) {
    super();
  }

  compile(ctx: ExpressionContext): string {
    return ctx.param(this.value);
  }

  get shape(): string {
    // The value is part of the shape: the compiled statement binds it as a constant.
    return `V(${typeof this.value}:${String(this.value)})`;
  }
}

/**
 * Builds a {@link ValueExpression}.
 *
 * @example
 * ```ts
 * Post.objects.annotate({ one: Value(1) }); // SELECT …, ? AS "one"
 * ```
 */
export function Value(value: unknown): ValueExpression {
  return new ValueExpression(value);
}

/**
 * An aggregate function over a column or a relation (Django's `Count`, `Sum`, `Avg`, `Min`, `Max`).
 *
 * @example
 * ```ts
 * await Post.objects.aggregate({ n: Count('id'), avgViews: Avg('views') });
 * // SELECT COUNT("blog_post"."id") AS "n", AVG("blog_post"."views") AS "avgViews" FROM "blog_post"
 * ```
 */
export class Aggregate<T = number | null> extends Expression<T> {
  override readonly containsAggregate = true;
  /** The shape of a filtered aggregate is its own: the filter's values are compiled in. */
  private readonly filterShape: string;

  constructor(
    readonly fn: 'COUNT' | 'SUM' | 'AVG' | 'MIN' | 'MAX',
    readonly source: string | Expression,
    readonly distinct = false,
    readonly filter: QNode | undefined = undefined,
  ) {
    super();
    this.filterShape = filter === undefined ? '' : ` F#${++uniqueShapes}`;
  }

  compile(ctx: ExpressionContext): string {
    let inner: string;
    let field: Field<unknown, boolean> | undefined;
    if (this.source === '*') {
      inner = '*';
    } else if (typeof this.source === 'string') {
      ({ sql: inner, field } = ctx.column(this.source));
    } else {
      inner = this.source.compile(ctx);
      field = this.source.outputField;
    }
    if (this.fn !== 'COUNT' && this.fn !== 'AVG') this.outputField = field;
    const where = this.filter === undefined ? '' : ctx.condition(this.filter);
    const decimal = field?.columnType().kind === 'decimal' && ctx.dialect.name === 'sqlite';
    // SQLite holds decimals as exact text: sum, min and max them exactly, in JavaScript.
    const fn =
      decimal && this.fn !== 'COUNT' && this.fn !== 'AVG'
        ? `stack_decimal_${this.fn.toLowerCase()}`
        : this.fn;
    const sql = `${fn}(${this.distinct ? 'DISTINCT ' : ''}${inner})`;
    return where === '' ? sql : `${sql} FILTER (WHERE ${where})`;
  }

  override fromDb(value: unknown, dialect: Dialect): unknown {
    if (this.fn === 'COUNT') return value === null || value === undefined ? 0 : Number(value);
    if (value === null || value === undefined) return null;
    if (this.fn === 'AVG') return Number(value);
    return super.fromDb(value, dialect);
  }

  get shape(): string {
    return `${this.fn}(${this.distinct ? 'D ' : ''}${typeof this.source === 'string' ? this.source : this.source.shape}${this.filterShape})`;
  }
}

/** The options of an aggregate: `distinct`, and `filter` to aggregate only matching rows. */
export interface AggregateOptions {
  distinct?: boolean;
  /** Only rows matching this condition are aggregated (SQL's `FILTER (WHERE …)`). */
  filter?: QNode<any>;
}

function aggregateFactory<T>(fn: Aggregate['fn']) {
  return (source: string | Expression, options: AggregateOptions = {}): Aggregate<T> => {
    if (typeof source === 'string' && source.length === 0)
      throw new FieldError(`${fn} needs a field name.`);
    return new Aggregate<T>(fn, source, options.distinct === true, options.filter);
  };
}

/**
 * The number of rows (or of distinct values with `{ distinct: true }`); `Count('posts')`
 * counts related rows through a JOIN and GROUP BY.
 *
 * @example
 * ```ts
 * Author.objects.annotate({ numPosts: Count('posts') }).filter({ numPosts__gt: 1 });
 * // SELECT …, COUNT("blog_post"."id") AS "numPosts" FROM "blog_author"
 * // LEFT JOIN "blog_post" ON … GROUP BY … HAVING COUNT("blog_post"."id") > ?
 * ```
 */
export const Count = aggregateFactory<number>('COUNT');
/**
 * The sum of a column.
 *
 * @example
 * ```ts
 * await Order.objects.aggregate({ total: Sum('amount') }); // SELECT SUM("amount") AS "total" …
 * ```
 */
export const Sum = aggregateFactory<number | null>('SUM');
/**
 * The average of a column.
 *
 * @example
 * ```ts
 * await Post.objects.aggregate({ avg: Avg('views') }); // SELECT AVG("views") AS "avg" …
 * ```
 */
export const Avg = aggregateFactory<number | null>('AVG');
/**
 * The smallest value of a column.
 *
 * @example
 * ```ts
 * await Post.objects.aggregate({ first: Min('created') }); // SELECT MIN("created") AS "first" …
 * ```
 */
export const Min = aggregateFactory<number | null>('MIN');
/**
 * The largest value of a column.
 *
 * @example
 * ```ts
 * await Post.objects.aggregate({ last: Max('created') }); // SELECT MAX("created") AS "last" …
 * ```
 */
export const Max = aggregateFactory<number | null>('MAX');
