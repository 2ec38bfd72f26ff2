import type { ModelMeta } from '../model/options.js';
import { Expression, type OrderBy } from './expressions.js';
import { QNode, type QLeaf } from './q.js';

/** How a queryset returns rows. */
export type ValuesMode = 'dict' | 'list' | 'flat' | 'named';

/**
 * The immutable description of a query: what a `QuerySet` holds and clones. The compiler turns it
 * into SQL; nothing here touches a database.
 */
export interface QueryState {
  readonly meta: ModelMeta;
  readonly db: string | undefined;
  /** Conditions, AND-ed. */
  readonly where: readonly QNode[];
  readonly annotations: ReadonlyArray<readonly [string, Expression]>;
  /** For each annotation, how many `filter()` calls came before it (whose joins it reuses). */
  readonly annotatedAt: readonly number[];
  /** `undefined`: the model's default ordering; `[]`: none. */
  readonly order: ReadonlyArray<string | OrderBy> | undefined;
  /** `values()` came before an aggregate `annotate()`: rows group by the values (Django's rule). */
  readonly groupByValues: boolean;
  readonly reversed: boolean;
  readonly distinct: boolean;
  readonly limit: number | undefined;
  readonly offset: number;
  readonly selectRelated: readonly string[];
  readonly prefetch: readonly string[];
  readonly values: { readonly fields: readonly string[]; readonly mode: ValuesMode } | undefined;
  readonly deferred: { readonly only: boolean; readonly names: readonly string[] } | undefined;
  readonly combinator:
    | {
        readonly kind: 'UNION' | 'INTERSECT' | 'EXCEPT';
        readonly all: boolean;
        readonly others: readonly QueryState[];
      }
    | undefined;
  /** `none()`: no query runs, the result is empty. */
  readonly empty: boolean;
  /**
   * An object every row points at (a reverse manager's instance: `user.posts.all()` rows get
   * `post.author === user` without a query), by the ForeignKey's name.
   */
  readonly known: { readonly name: string; readonly instance: object } | undefined;
}

/** A fresh state for a model. */
export function initialState(meta: ModelMeta): QueryState {
  return {
    meta,
    db: undefined,
    where: [],
    annotations: [],
    annotatedAt: [],
    order: undefined,
    groupByValues: false,
    reversed: false,
    distinct: false,
    limit: undefined,
    offset: 0,
    selectRelated: [],
    prefetch: [],
    values: undefined,
    deferred: undefined,
    combinator: undefined,
    empty: false,
    known: undefined,
  };
}

function collectLeaves(node: QNode, out: unknown[]): void {
  for (const child of node.children) {
    if (child instanceof QNode) collectLeaves(child, out);
    else out.push((child as QLeaf)[1]);
  }
}

/** The leaf values, in compile order (what a cached statement's parameters are drawn from). */
export function leafValues(state: QueryState): unknown[] {
  const values: unknown[] = [];
  for (const node of state.where) collectLeaves(node, values);
  return values;
}

function valueShape(value: unknown): string | undefined {
  if (value === null || value === undefined) return 'n';
  if (Array.isArray(value)) return `a${value.length}`;
  if (value instanceof Set) return `a${value.size}`;
  if (value instanceof Expression) return value.shape;
  if (typeof value === 'object' && 'query' in value && !(value instanceof Date)) return undefined; // a subquery
  return 'v';
}

function nodeShape(node: QNode): string | undefined {
  let out = `${node.negated ? '!' : ''}${node.connector}(`;
  for (const child of node.children) {
    if (child instanceof QNode) {
      const inner = nodeShape(child);
      if (inner === undefined) return undefined;
      out += inner;
    } else {
      // `isnull` renders IS NULL or IS NOT NULL: its value is part of the SQL, not a parameter.
      const v = child[0].endsWith('isnull') ? `i${String(child[1])}` : valueShape(child[1]);
      if (v === undefined) return undefined;
      out += `${child[0]}=${v},`;
    }
  }
  return `${out})`;
}

/** Whether a state is a model's whole table as the manager gives it (no clause changed). */
export function isPlain(state: QueryState): boolean {
  return (
    state.where.length === 0 &&
    state.order === undefined &&
    state.annotations.length === 0 &&
    state.selectRelated.length === 0 &&
    state.values === undefined &&
    state.deferred === undefined &&
    state.combinator === undefined &&
    state.limit === undefined &&
    state.offset === 0 &&
    !state.groupByValues &&
    !state.reversed &&
    !state.distinct
  );
}

/** `shapeOf` of a plain state (see `isPlain`). */
export function plainShape(purpose: string): string {
  return `${purpose}||~|`;
}

/**
 * A key describing everything about the state except its parameter values, so SQL compiled once
 * serves every query of the same shape; `undefined` when the state holds a subquery.
 */
export function shapeOf(state: QueryState, purpose: string): string | undefined {
  if (state.combinator !== undefined) return undefined;
  let where = '';
  for (const node of state.where) {
    const shape = nodeShape(node);
    if (shape === undefined) return undefined;
    where += shape;
  }
  const order =
    state.order === undefined
      ? '~'
      : state.order.map((o) => (typeof o === 'string' ? o : o.shape)).join(',');
  let key = `${purpose}|${where}|${order}|`;
  if (state.groupByValues) key += 'G|';
  if (state.annotations.length > 0)
    key += state.annotations
      .map(([n, e], i) => `${n}:${e.shape}@${state.annotatedAt[i]}`)
      .join(',');
  if (state.reversed) key += '|r';
  if (state.distinct) key += '|d';
  if (state.limit !== undefined) key += `|L${state.limit}`;
  if (state.offset !== 0) key += `|O${state.offset}`;
  if (state.selectRelated.length > 0) key += `|s:${state.selectRelated.join(',')}`;
  if (state.values !== undefined) key += `|v:${state.values.mode}:${state.values.fields.join(',')}`;
  if (state.deferred !== undefined)
    key += `|${state.deferred.only ? 'only' : 'defer'}:${state.deferred.names.join(',')}`;
  return key;
}
