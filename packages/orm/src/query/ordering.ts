import { FieldError } from '../errors.js';
import { ForeignKey } from '../fields/related.js';
import { quoteName } from '../internal/dialect.js';
import { metaOf } from '../model/registry.js';
import type { SqlBuilder } from './builder.js';
import { OrderBy } from './expressions.js';
import { annotationsOf } from './join-scope.js';
import type { QueryState } from './state.js';

/** One ORDER BY term: what is ordered by, which way, and where NULLs go. */
export interface OrderTerm {
  readonly sql: string;
  readonly desc: boolean;
  readonly nulls: 'first' | 'last' | undefined;
  /** `?`: random order, no direction. */
  readonly random: boolean;
  /** An aggregate (never part of a GROUP BY). */
  readonly aggregate: boolean;
  /** The select-list alias it names, if it orders by a selected annotation. */
  readonly alias: string | undefined;
}

/** `ORDER BY` terms as SQL. */
export function renderOrder(terms: readonly OrderTerm[]): string {
  return terms
    .map((t) =>
      t.random
        ? t.sql
        : `${t.sql} ${t.desc ? 'DESC' : 'ASC'}${t.nulls === undefined ? '' : ` NULLS ${t.nulls.toUpperCase()}`}`,
    )
    .join(', ');
}

/** Whether the query groups rows (an aggregate annotation): Meta.ordering does not apply then. */
export function isGrouped(state: QueryState): boolean {
  return state.annotations.some(([, e]) => e.containsAggregate);
}

/**
 * ORDER BY terms, every name checked against the model (user input never becomes SQL). An
 * annotation is ordered by its alias when the select list has it (`selected`), else by its
 * expression. As in Django since 3.1, Meta.ordering does not order a GROUP BY query.
 */
export function orderTerms(
  builder: SqlBuilder,
  state: QueryState,
  selected: ReadonlySet<string> = new Set(),
  columnIndex?: (path: string) => number,
): OrderTerm[] {
  let order = state.order ?? (isGrouped(state) ? [] : state.meta.ordering);
  if (state.reversed && order.length === 0) order = [];
  const annotations = annotationsOf(state);
  const terms: OrderTerm[] = [];
  const term = (sql: string, desc: boolean, extra: Partial<OrderTerm> = {}): OrderTerm => ({
    sql,
    desc: state.reversed ? !desc : desc,
    nulls: undefined,
    random: false,
    aggregate: false,
    alias: undefined,
    ...extra,
  });
  for (const raw of order) {
    if (raw instanceof OrderBy) {
      const { sql } = builder.valueColumn(raw.expression.name);
      // Reversing an ordering swaps where NULLs go too, as Django's reverse() does.
      const nulls =
        raw.nulls === undefined || !state.reversed
          ? raw.nulls
          : raw.nulls === 'first'
            ? 'last'
            : 'first';
      terms.push(term(sql, raw.descending, { nulls }));
      continue;
    }
    if (raw === '?') {
      terms.push(term(builder.dialect.random, false, { random: true }));
      continue;
    }
    const desc = raw.startsWith('-');
    const name = desc ? raw.slice(1) : raw;
    if (columnIndex !== undefined) {
      terms.push(term(String(columnIndex(name)), desc));
      continue;
    }
    const annotation = annotations.get(name);
    if (annotation !== undefined) {
      const alias = selected.has(name) ? name : undefined;
      const sql = alias !== undefined ? quoteName(name) : builder.annotation(name)!;
      terms.push(term(sql, desc, { aggregate: annotation.containsAggregate, alias }));
      continue;
    }
    relationOrder(builder, name.split('__'), desc, new Set(), (sql, d) => terms.push(term(sql, d)));
  }
  return terms;
}

/**
 * The ORDER BY terms of one path. A path ending on a ForeignKey (`orderBy('author')`) orders by
 * the related model's Meta.ordering (its pk when it has none), as Django does; a descending path
 * flips each of those terms.
 */
function relationOrder(
  builder: SqlBuilder,
  parts: string[],
  desc: boolean,
  seen: Set<string>,
  push: (sql: string, desc: boolean) => void,
): void {
  const resolved = builder.resolve(parts, true);
  const field = resolved.field;
  const last = parts.at(-1)!;
  if (resolved.rest.length > 0) {
    // A transform (`created__year`).
    push(builder.valueColumn(parts.join('__')).sql, desc);
    return;
  }
  const ordering =
    field instanceof ForeignKey && last !== field.attname && last !== 'pk'
      ? metaOf(field.target).ordering
      : [];
  if (ordering.length === 0) {
    push(orderable(builder, resolved.sql, resolved.field), desc);
    return;
  }
  const key = `${resolved.meta.label}.${last}`;
  if (seen.has(key)) throw new FieldError('Infinite loop caused by ordering.');
  seen.add(key);
  for (const raw of ordering) {
    if (raw === '?') {
      push(builder.dialect.random, false);
      continue;
    }
    const inner = raw.startsWith('-');
    const name = inner ? raw.slice(1) : raw;
    const target = metaOf((field as ForeignKey).target);
    if (
      (name === 'pk' || name === target.pk.name) &&
      (field as ForeignKey).targetField === target.pk
    ) {
      // The related pk is the ForeignKey's own column: no join.
      push(resolved.sql, desc !== inner);
      continue;
    }
    relationOrder(builder, [...parts, ...name.split('__')], desc !== inner, seen, push);
  }
}

/** A column as it sorts: decimals through the dialect's exact numeric form. */
function orderable(
  builder: SqlBuilder,
  sql: string,
  field: { columnType(): { kind: string } } | undefined,
): string {
  return field?.columnType().kind === 'decimal' ? builder.dialect.numeric(sql) : sql;
}
