import { FieldError } from '../errors.js';
import type { Field } from '../fields/field.js';
import { ForeignKey } from '../fields/related.js';
import type { RawRow } from '../internal/connection.js';
import type { Dialect } from '../internal/dialect.js';
import type { Model } from '../model/model.js';
import type { ResultSet } from '../model/state.js';
import { quoteName } from '../internal/dialect.js';
import type { ModelMeta } from '../model/options.js';
import { metaOf } from '../model/registry.js';
import { MARK, type ParamSource, SqlBuilder } from './builder.js';
import type { Expression } from './expressions.js';
import { QNode } from './q.js';
import type { QueryState } from './state.js';
import { compileNode, refersToAggregate } from './where.js';
import { annotationsOf, registerAnnotations } from './join-scope.js';
import { isGrouped, orderTerms, renderOrder } from './ordering.js';

/** One model's columns in a row: where they start and which fields they are. */
export interface ModelLayout {
  readonly meta: ModelMeta;
  readonly fields: ReadonlyArray<Field<unknown, boolean>>;
  readonly start: number;
  /** `author__profile` → the cache names to attach the related instance under. */
  readonly path: readonly string[];
  /** Builds an instance from a row: made on first use and kept with the compiled query. */
  hydrate?: Hydrate | undefined;
}

/**
 * Builds a model instance from the columns of its layout in a row; `result`, when given, is the
 * query result it belongs to (see `ResultSet`).
 */
export type Hydrate = (row: RawRow, dialect: Dialect, db: string, result?: ResultSet) => Model;

/** How to read the rows of a compiled SELECT. */
export type RowLayout =
  | {
      readonly kind: 'model';
      readonly main: ModelLayout;
      readonly related: readonly ModelLayout[];
      readonly annotations: ReadonlyArray<readonly [string, number, Expression]>;
    }
  | {
      readonly kind: 'values';
      readonly names: readonly string[];
      readonly fields: ReadonlyArray<Field<unknown, boolean> | undefined>;
      /** The annotation behind each name, when it is one (it converts its own values). */
      readonly exprs: ReadonlyArray<Expression | undefined>;
    };

/** A compiled statement and where its parameters come from. */
export interface Compiled {
  readonly sql: string;
  readonly params: readonly unknown[];
  readonly sources: readonly ParamSource[];
}

/** A compiled SELECT. */
export interface CompiledSelect extends Compiled {
  readonly layout: RowLayout;
}

/** The selected fields of the main model (only/defer applied; the pk always). */
function mainFields(state: QueryState): Array<Field<unknown, boolean>> {
  const all = state.meta.concreteFields;
  const deferred = state.deferred;
  if (deferred === undefined) return all;
  for (const name of deferred.names) {
    if (name.includes('__')) continue;
    if (state.meta.getField(name) === undefined)
      throw new FieldError(`${state.meta.objectName} has no field named '${name}'.`);
  }
  return all.filter((f) => {
    if (f === state.meta.pk) return true;
    const named = deferred.names.includes(f.name) || deferred.names.includes(f.attname);
    return deferred.only ? named : !named;
  });
}

/** The selectRelated paths, with every prefix (`author__profile` needs `author`). */
function relatedPaths(state: QueryState): string[][] {
  const out = new Map<string, string[]>();
  for (const path of state.selectRelated) {
    const parts = path.split('__');
    for (let i = 1; i <= parts.length; i++)
      out.set(parts.slice(0, i).join('__'), parts.slice(0, i));
  }
  return [...out.values()];
}

function joinRelated(builder: SqlBuilder, parts: string[]): ModelMeta {
  let meta = builder.meta;
  let alias = builder.rootAlias;
  for (let i = 0; i < parts.length; i++) {
    const field = meta.getField(parts[i]!);
    if (!(field instanceof ForeignKey)) {
      throw new FieldError(
        `Invalid field name given in selectRelated: '${parts[i]}'. Choices are: ${meta.foreignKeys.map((f) => f.name).join(', ')}.`,
      );
    }
    const target = metaOf(field.target);
    alias = builder.joinForward(parts.slice(0, i + 1).join('__'), field, alias, target).alias;
    meta = target;
  }
  return meta;
}

interface SelectList {
  columns: string[];
  layout: RowLayout;
  /** The GROUP BY expressions, used when the query aggregates. */
  grouping: string[];
  /** Annotation names the select list holds under their own alias. */
  aliases: Set<string>;
}

function selectList(builder: SqlBuilder, state: QueryState): SelectList {
  const columns: string[] = [];
  const grouping: string[] = [];
  const aliases = new Set<string>();
  const annotations = annotationsOf(state);
  if (state.values !== undefined) {
    const names =
      state.values.fields.length > 0 ? [...state.values.fields] : defaultValueNames(state);
    const fields: Array<Field<unknown, boolean> | undefined> = [];
    // values() then annotate() groups by the values; annotate() then values() by the row (pk).
    if (!state.groupByValues) grouping.push(builder.col(builder.rootAlias, state.meta.pk.column));
    for (const name of names) {
      const expr = annotations.get(name);
      if (expr !== undefined) {
        columns.push(`${builder.annotation(name)!} AS ${quoteName(name)}`);
        aliases.add(name);
        // By alias: rendering the expression again would bind its parameters twice.
        if (!expr.containsAggregate) grouping.push(quoteName(name));
        fields.push(expr.outputField);
      } else {
        const { sql, field } = builder.valueColumn(name);
        columns.push(sql);
        grouping.push(sql);
        fields.push(field);
      }
    }
    for (const [name, expr] of state.annotations) {
      if (!names.includes(name) && !expr.containsAggregate)
        grouping.push(builder.annotation(name)!);
    }
    const exprs = names.map((n) => annotations.get(n));
    return { columns, grouping, aliases, layout: { kind: 'values', names, fields, exprs } };
  }
  const fields = mainFields(state);
  for (const f of fields) columns.push(builder.col(builder.rootAlias, f.column));
  const main: ModelLayout = { meta: state.meta, fields, start: 0, path: [] };
  const related: ModelLayout[] = [];
  for (const parts of relatedPaths(state)) {
    const meta = joinRelated(builder, parts);
    const alias = builder.joins.get(parts.join('__'))!.alias;
    related.push({ meta, fields: meta.concreteFields, start: columns.length, path: parts });
    for (const f of meta.concreteFields) columns.push(builder.col(alias, f.column));
  }
  grouping.push(...columns);
  const annotated: Array<readonly [string, number, Expression]> = [];
  for (const [name, expr] of state.annotations) {
    columns.push(`${builder.annotation(name)!} AS ${quoteName(name)}`);
    aliases.add(name);
    if (!expr.containsAggregate) grouping.push(quoteName(name));
    annotated.push([name, columns.length - 1, expr]);
  }
  return {
    columns,
    grouping,
    aliases,
    layout: { kind: 'model', main, related, annotations: annotated },
  };
}

function defaultValueNames(state: QueryState): string[] {
  return [...state.meta.concreteFields.map((f) => f.attname), ...state.annotations.map(([n]) => n)];
}

/**
 * The WHERE and HAVING clauses. Top-level AND-ed conditions are split, so those on aggregates go
 * to HAVING and the rest stay in WHERE (leaves keep their numbering either way).
 */
function conditions(
  builder: SqlBuilder,
  state: QueryState,
  counter: { leaf: number },
  having: boolean,
): string {
  const annotations = annotationsOf(state);
  const parts: string[] = [];
  for (const [scope, node] of state.where.entries()) {
    builder.scope = scope;
    const conjuncts = node.connector === 'AND' && !node.negated ? node.children : [node];
    for (const conjunct of conjuncts) {
      const sub = conjunct instanceof QNode ? conjunct : QNode.node('AND', [conjunct]);
      if (refersToAggregate(sub, annotations) !== having) {
        counter.leaf += countLeaves(sub);
        continue;
      }
      const sql = compileNode(builder, sub, annotations, counter);
      if (sql !== '')
        parts.push(
          sub.connector === 'OR' && !sub.negated && sub.children.length > 1 ? `(${sql})` : sql,
        );
    }
  }
  builder.scope = undefined;
  return parts.join(' AND ');
}

function countLeaves(node: QueryState['where'][number]): number {
  let n = 0;
  for (const child of node.children)
    n += Array.isArray(child) ? 1 : countLeaves(child as QueryState['where'][number]);
  return n;
}

/**
 * LIMIT/OFFSET as integer literals (checked by `slice()`): SQLite plans a bound LIMIT several
 * times slower, and the values are part of the compiled-SQL cache key.
 */
function limitClause(builder: SqlBuilder, state: QueryState): string {
  let sql = '';
  if (state.limit !== undefined) sql += ` LIMIT ${integer(state.limit)}`;
  if (state.offset > 0) {
    if (state.limit === undefined && builder.dialect.name === 'sqlite') sql += ' LIMIT -1';
    sql += ` OFFSET ${integer(state.offset)}`;
  }
  return sql;
}

function integer(value: number): string {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new FieldError(`LIMIT/OFFSET must be a non-negative integer, got ${value}.`);
  return String(value);
}

/** Compiles a SELECT for a queryset's state. */
export function compileSelect(
  state: QueryState,
  dialect: Dialect,
  builder = new SqlBuilder(dialect, state.meta),
): CompiledSelect {
  registerAnnotations(builder, state);
  const { columns, layout, grouping, aliases } = selectList(builder, state);
  const counter = { leaf: 0 };
  const where = conditions(builder, state, counter, false);
  const aggregated = isGrouped(state);
  const havingCounter = { leaf: 0 };
  const having = aggregated ? conditions(builder, state, havingCounter, true) : '';
  const order = state.combinator === undefined ? orderTerms(builder, state, aliases) : [];
  for (const term of order) {
    if (term.random || term.alias !== undefined) continue;
    // DISTINCT rows are distinct over what they are ordered by too, as in Django (and
    // PostgreSQL requires it); a grouped query groups by its non-aggregate ordering.
    if (state.distinct && !columns.includes(term.sql)) columns.push(term.sql);
    if (aggregated && !term.aggregate && !grouping.includes(term.sql)) grouping.push(term.sql);
  }
  let sql = `SELECT ${state.distinct ? 'DISTINCT ' : ''}${columns.join(', ')} FROM ${quoteName(state.meta.dbTable)}`;
  if (builder.rootAlias !== quoteName(state.meta.dbTable)) sql += ` ${builder.rootAlias}`;
  const tail: string[] = [];
  if (where !== '') tail.push(` WHERE ${where}`);
  if (aggregated && grouping.length > 0) tail.push(` GROUP BY ${grouping.join(', ')}`);
  if (having !== '') tail.push(` HAVING ${having}`);
  if (state.combinator !== undefined)
    return compileCombined(builder, state, sql + builder.joinSql() + tail.join(''), layout);
  if (order.length > 0) tail.push(` ORDER BY ${renderOrder(order)}`);
  tail.push(limitClause(builder, state));
  const full = sql + builder.joinSql() + tail.join('');
  return { sql: builder.finish(full), params: builder.params, sources: builder.sources, layout };
}

function compileCombined(
  builder: SqlBuilder,
  state: QueryState,
  first: string,
  layout: RowLayout,
): CompiledSelect {
  const combinator = state.combinator!;
  const parts = [first];
  for (const other of combinator.others) {
    const inner = compileSelect(
      { ...other, order: [], limit: undefined, offset: 0, combinator: undefined },
      builder.dialect,
      new SqlBuilder(builder.dialect, other.meta),
    );
    // Inner parameters are already numbered for their own statement; renumber by re-marking.
    parts.push(inner.sql.replace(builder.dialect.name === 'sqlite' ? /\?/g : /\$\d+/g, MARK));
    builder.params.push(...inner.params);
    for (const p of inner.params) builder.sources.push({ constant: p });
  }
  let sql = parts.join(` ${combinator.kind}${combinator.all ? ' ALL' : ''} `);
  const names = layout.kind === 'values' ? layout.names : layout.main.fields.map((f) => f.name);
  const order = orderTerms(builder, state, new Set(), (path) => {
    const index = names.findIndex((n) => n === path || (path === 'pk' && n === state.meta.pk.name));
    if (index < 0)
      throw new FieldError(`ORDER BY term '${path}' does not match any column in the result set.`);
    return index + 1;
  });
  if (order.length > 0) sql += ` ORDER BY ${renderOrder(order)}`;
  sql += limitClause(builder, state);
  return { sql: builder.finish(sql), params: builder.params, sources: builder.sources, layout };
}

/**
 * `SELECT COUNT(*)`: directly, or over a subquery when the query is distinct, sliced, grouped or
 * combined. A join through a multi-valued relation counts every row it yields, as iterating
 * does (and as Django counts).
 */
export function compileCount(state: QueryState, dialect: Dialect): Compiled {
  if (
    state.distinct ||
    state.limit !== undefined ||
    state.offset > 0 ||
    isGrouped(state) ||
    state.combinator !== undefined
  ) {
    const inner = compileSelect({ ...state, order: sliced(state) ? state.order : [] }, dialect);
    return {
      sql: `SELECT COUNT(*) FROM (${inner.sql}) subquery`,
      params: inner.params,
      sources: inner.sources,
    };
  }
  const builder = new SqlBuilder(dialect, state.meta);
  registerAnnotations(builder, state);
  const where = conditions(builder, state, { leaf: 0 }, false);
  const sql = `SELECT COUNT(*) FROM ${quoteName(state.meta.dbTable)}${builder.joinSql()}${where === '' ? '' : ` WHERE ${where}`}`;
  return { sql: builder.finish(sql), params: builder.params, sources: builder.sources };
}

/** Whether LIMIT/OFFSET apply, so the ordering decides which rows are in. */
function sliced(state: QueryState): boolean {
  return state.limit !== undefined || state.offset > 0;
}

/** `SELECT <aggregates> FROM …` for `aggregate()`. */
export function compileAggregate(
  state: QueryState,
  dialect: Dialect,
  aggregates: ReadonlyArray<readonly [string, Expression]>,
): Compiled {
  if (isGrouped(state) || sliced(state) || state.distinct) {
    // Aggregates over the rows the queryset selects: its ordering decides a slice's rows.
    const inner = compileSelect({ ...state, order: sliced(state) ? state.order : [] }, dialect);
    const outer = new SqlBuilder(dialect, state.meta, 'subquery');
    const fields = new Map(state.meta.concreteFields.map((f) => [f.name, f]));
    const ctx = {
      dialect,
      column: (p: string) => ({ sql: quoteName(fields.get(p)?.column ?? p), field: fields.get(p) }),
      param: (v: unknown) => outer.param(v),
      annotation: () => undefined,
      condition: () => {
        throw new FieldError(
          'filter= is not supported in aggregate() over a sliced or grouped query.',
        );
      },
    };
    const cols = aggregates.map(([name, expr]) => `${expr.compile(ctx)} AS ${quoteName(name)}`);
    return {
      sql: `SELECT ${cols.join(', ')} FROM (${inner.sql}) subquery`,
      params: [...inner.params, ...outer.params],
      sources: [...inner.sources, ...outer.sources],
    };
  }
  const builder = new SqlBuilder(dialect, state.meta);
  registerAnnotations(builder, state);
  const cols = aggregates.map(([name, expr]) => `${expr.compile(builder)} AS ${quoteName(name)}`);
  const where = conditions(builder, state, { leaf: 0 }, false);
  const sql = `SELECT ${cols.join(', ')} FROM ${quoteName(state.meta.dbTable)}${builder.joinSql()}${where === '' ? '' : ` WHERE ${where}`}`;
  return { sql: builder.finish(sql), params: builder.params, sources: builder.sources };
}

/** The primary keys a state selects, as a subquery (for UPDATE/DELETE with joins, `__in`). */
export function compileWhereOnly(builder: SqlBuilder, state: QueryState): string {
  registerAnnotations(builder, state);
  return conditions(builder, state, { leaf: 0 }, false);
}
