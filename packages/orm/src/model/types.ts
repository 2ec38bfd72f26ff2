import type { FieldFile, PendingFile } from '../fields/files.js';
import type { Field, ValueOf } from '../fields/field.js';
import type { ForeignKey, ManyToManyField } from '../fields/related.js';
import type { Expression } from '../query/expressions.js';
import type { ManyRelatedManager } from '../query/related-managers.js';
import type { Model } from './model.js';

/** Phantom key carrying a model's field map in its instance type (types only). */
export declare const FIELDS: unique symbol;

/** A model class, whatever its fields. */

export type AnyModelClass = (abstract new (...args: any[]) => Model) & { readonly label?: string };

/** A concrete model class producing `M`. */

export type ModelClass<M extends Model = Model> = (new (...args: any[]) => M) & typeof Model;

/** How a relation names its target: a thunk (`() => User`), `'auth.User'`, `'User'` (same app) or `'self'`. */

export type ModelReference<R = unknown> = (() => abstract new (...args: any[]) => R) | string;

/** A model's field map. */
export type FieldMap = Record<string, Field<unknown, boolean>>;

type Target<F> =
  F extends ForeignKey<infer R, boolean> ? R : F extends ManyToManyField<infer R> ? R : never;

/** The instance properties a field map gives: values, `<fk>Id` keys and M2M managers. */
export type InstanceFields<Fs> = {
  -readonly [
    K in keyof Fs as Fs[K] extends ManyToManyField<unknown> ? never : K
  ]: Fs[K] extends ForeignKey<infer R, infer N> ? (N extends true ? R | null : R) : ValueOf<Fs[K]>;
} & {
  -readonly [
    K in keyof Fs as Fs[K] extends ForeignKey<unknown, boolean> ? `${K & string}Id` : never
  ]: Fs[K] extends ForeignKey<unknown, infer N> ? (N extends true ? number | null : number) : never;
} & {
  readonly [
    K in keyof Fs as Fs[K] extends ManyToManyField<unknown> ? K : never
  ]: ManyRelatedManager<Target<Fs[K]> & Model>;
};

/** The field map carried by a model instance type. */
export type FieldsOf<M> = M extends { readonly [FIELDS]: infer Fs } ? Fs : Record<never, never>;

type Depth = [never, 0, 1, 2];

type ReverseKeys<M> = {
  [K in keyof M]: M[K] extends { readonly __reverse: infer C }
    ? K extends string
      ? [K, C]
      : never
    : never;
}[keyof M];

/**
 * Every path `values()` and `filter()` accept on `M`, with the value found there: own fields,
 * `<fk>Id`, `pk`, and (two levels deep) fields across forward and reverse relations
 * (`author__username`, `comments__approved`).
 */
export type PathMap<M, D extends number = 2> = { pk: number } & (M extends { id: infer I }
  ? { id: I }
  : unknown) & {
    [
      K in keyof FieldsOf<M> as FieldsOf<M>[K] extends ManyToManyField<unknown> ? never : K & string
    ]: FieldsOf<M>[K] extends ForeignKey<unknown, infer N>
      ? N extends true
        ? number | null
        : number
      : ValueOf<FieldsOf<M>[K]>;
  } & {
    [
      K in keyof FieldsOf<M> as FieldsOf<M>[K] extends ForeignKey<unknown, boolean>
        ? `${K & string}Id`
        : never
    ]: number;
  } & ([D] extends [0] ? unknown : ForwardPaths<M, Depth[D]> & ReversePaths<M, Depth[D]>);

type ForwardPaths<M, D extends number> = UnionToIntersection<
  {
    [K in keyof FieldsOf<M>]: FieldsOf<M>[K] extends
      ForeignKey<unknown, boolean> | ManyToManyField<unknown>
      ? RelatedPaths<K & string, Target<FieldsOf<M>[K]>, D> &
          (FieldsOf<M>[K] extends ManyToManyField<unknown>
            ? { [Q in K & string]: number }
            : unknown)
      : never;
  }[keyof FieldsOf<M>]
>;

type ReversePaths<M, D extends number> = UnionToIntersection<ReverseEntry<ReverseKeys<M>, D>>;

type ReverseEntry<T, D extends number> = T extends [infer K extends string, infer C]
  ? RelatedPaths<K, C, D> & { [Q in K]: number }
  : never;

type RelatedPaths<K extends string, R, D extends number> = {
  [P in keyof PathMap<R, D> as `${K}__${P & string}`]: PathMap<R, D>[P];
};

/** The date parts a date/datetime path accepts as transforms (`pubDate__year`). */
export type DatePart =
  'year' | 'month' | 'day' | 'week_day' | 'week' | 'quarter' | 'hour' | 'minute' | 'second';

type Comparison = 'exact' | 'gt' | 'gte' | 'lt' | 'lte' | 'in' | 'range';
type Common = 'exact' | 'in' | 'isnull';
type Ordered = Common | 'gt' | 'gte' | 'lt' | 'lte' | 'range';
type Text =
  | Ordered
  | 'iexact'
  | 'contains'
  | 'icontains'
  | 'startswith'
  | 'istartswith'
  | 'endswith'
  | 'iendswith'
  | 'regex'
  | 'iregex';
type Dated = Ordered | DatePart | `${DatePart}__${Comparison}` | 'date' | `date__${Comparison}`;

/** The lookups a value type allows. */
export type LookupsFor<T> = [NonNullable<T>] extends [string]
  ? Text
  : [NonNullable<T>] extends [number]
    ? Ordered
    : [NonNullable<T>] extends [Date]
      ? Dated
      : [NonNullable<T>] extends [boolean]
        ? Common
        : Common | 'contains' | 'gt' | 'gte' | 'lt' | 'lte';

/** Anything a lookup may compare with besides a plain value: `F('x')`, an expression. */
export type Comparable<T> = T | Expression | ([T] extends [FieldFile] ? string : never);

/** What a field takes on creation: its value, or for a file field a stored name or an upload. */
type Assignable<T> = [T] extends [FieldFile] ? T | string | PendingFile : T;

/** Something whose rows can feed an `__in` lookup (a values queryset). */
export interface SubqueryLike {
  readonly query: unknown;
}

/** The value a lookup takes. */
export type LookupValue<T, L> = L extends 'in'
  ? ReadonlyArray<NonNullable<T> | Model> | SubqueryLike
  : L extends 'range'
    ? readonly [Comparable<NonNullable<T>>, Comparable<NonNullable<T>>]
    : L extends 'isnull'
      ? boolean
      : L extends
            | 'contains'
            | 'icontains'
            | 'startswith'
            | 'istartswith'
            | 'endswith'
            | 'iendswith'
            | 'regex'
            | 'iregex'
            | 'iexact'
        ? string
        : L extends DatePart | `${DatePart}__${'exact' | 'gt' | 'gte' | 'lt' | 'lte'}`
          ? number | Expression
          : L extends `${string}__in`
            ? readonly number[]
            : L extends `${string}__range`
              ? readonly [number, number]
              : L extends 'date' | `date__${string}`
                ? string | Date
                : Comparable<T | (T extends number ? Model : never)>;

/** The filter keywords of a path map: each path, and each path with each of its lookups. */
export type FilterOf<P> = {
  [K in keyof P]?: Comparable<P[K]> | (P[K] extends number | null ? Model | null : never);
} & UnionToIntersection<
  {
    [K in keyof P]: {
      [L in LookupsFor<P[K]> as `${K & string}__${L & string}`]?: LookupValue<P[K], L>;
    };
  }[keyof P]
>;

type UnionToIntersection<U> = (U extends any ? (x: U) => void : never) extends (x: infer I) => void
  ? I
  : never;

/**
 * The keyword arguments `filter`/`exclude`/`get` accept on `M` with annotations `A`.
 *
 * @example
 * ```ts
 * const where: Filter<Post> = { title__icontains: 'orm', author__name: 'ann' };
 * ```
 */
export type Filter<M, A = unknown> = FilterOf<PathMap<M> & A>;

/** A path `values()`/`orderBy()` accept. */
export type PathOf<M, A = unknown> = keyof (PathMap<M> & A) & string;

/** An `orderBy` argument: a path, `-path` for descending, or `?` for random. */
export type OrderKey<M, A = unknown> = PathOf<M, A> | `-${PathOf<M, A>}` | '?';

/** The row type of `values(...keys)`. */
export type ValuesRow<M, A, K extends string> = {
  [P in K]: P extends keyof (PathMap<M> & A) ? (PathMap<M> & A)[P] : unknown;
};

/** The values `create()`/the constructor accept: the instance's fields, all optional. */
export type CreateValues<M> = Partial<{
  [K in keyof M as M[K] extends (...args: never[]) => unknown ? never : K]: M[K] extends {
    readonly __manager: true;
  }
    ? never
    : Assignable<M[K]>;
}> & { pk?: unknown };
