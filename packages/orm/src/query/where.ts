import { quoteName } from '../internal/dialect.js';
import { SqlBuilder } from './builder.js';
import type { Expression } from './expressions.js';
import { compileLookup, LOOKUPS, TRANSFORMS } from './lookups.js';
import { QNode, type QLeaf } from './q.js';

/** Annotations visible to a WHERE/HAVING clause, by name. */
export type AnnotationMap = ReadonlyMap<string, Expression>;

/** Whether a condition tree refers to an aggregate annotation (and so belongs in HAVING). */
export function refersToAggregate(node: QNode, annotations: AnnotationMap): boolean {
  return node.children.some((child) =>
    child instanceof QNode
      ? refersToAggregate(child, annotations)
      : annotations.get(child[0].split('__')[0]!)?.containsAggregate === true,
  );
}

/**
 * Renders a condition tree. Leaves are numbered in visiting order (`builder.leaf`) so a cached
 * statement can draw its parameters from a new query's leaves.
 */
export function compileNode(
  builder: SqlBuilder,
  node: QNode,
  annotations: AnnotationMap,
  counter: { leaf: number } | undefined,
  negated = false,
): string {
  const neg = negated !== node.negated;
  const parts: string[] = [];
  for (const child of node.children) {
    if (child instanceof QNode) {
      const sql = compileNode(builder, child, annotations, counter, neg);
      if (sql !== '') parts.push(child.children.length > 1 && !child.negated ? `(${sql})` : sql);
    } else {
      // Without a counter the leaves are not the query's WHERE leaves: bind them as constants.
      builder.leaf = counter === undefined ? -1 : counter.leaf++;
      parts.push(compileLeaf(builder, child, annotations, neg));
    }
  }
  builder.leaf = -1;
  if (parts.length === 0) return '';
  const joined = parts.join(` ${node.connector} `);
  if (!node.negated) return joined;
  return `NOT (${joined})`;
}

function compileLeaf(
  builder: SqlBuilder,
  [key, value]: QLeaf,
  annotations: AnnotationMap,
  negated: boolean,
): string {
  const parts = key.split('__');
  const annotation = annotations.get(parts[0]!);
  if (annotation !== undefined) {
    const rest = parts.slice(1);
    const sql = builder.annotation(parts[0]!) ?? annotation.compile(builder);
    return compileLookup(builder, sql, annotation.outputField, rest, value);
  }
  if (negated && crossesMultiValued(builder, parts)) return excludeSubquery(builder, [key, value]);
  const resolved = builder.resolve(parts, true);
  for (const part of resolved.rest) {
    if (!LOOKUPS.has(part) && !TRANSFORMS.has(part)) {
      throw builder.unknown(
        part,
        resolved.meta,
        resolved.rest.length === parts.length ? 'field' : 'transform',
      );
    }
  }
  const sql = compileLookup(builder, resolved.sql, resolved.field, resolved.rest, value);
  // SQL's NOT (NULL = x) is NULL, not true: keep the rows whose value is NULL (a nullable
  // column, or a LEFT JOIN through a nullable relation that found nothing) in an exclude(), as
  // Django does.
  if (
    negated &&
    (resolved.field.null || resolved.nullable) &&
    !resolved.rest.includes('isnull') &&
    value !== null
  ) {
    return `(${sql} AND ${resolved.sql} IS NOT NULL)`;
  }
  return sql;
}

/** Whether a path goes through a reverse ForeignKey or a many-to-many relation. */
function crossesMultiValued(builder: SqlBuilder, parts: string[]): boolean {
  const probe = new SqlBuilder(builder.dialect, builder.meta);
  probe.resolve(parts, true);
  return probe.hasMultiJoin;
}

/**
 * A negated condition across a multi-valued relation, as Django's `split_exclude`:
 * `pk IN (SELECT pk … WHERE condition)`, which the enclosing NOT turns into "no related row
 * matches". A JOIN plus NOT would instead keep any row with one non-matching related row.
 */
function excludeSubquery(builder: SqlBuilder, leaf: QLeaf): string {
  const meta = builder.meta;
  const inner = new SqlBuilder(builder.dialect, meta, quoteName('U0'));
  inner.leaf = builder.leaf;
  const condition = compileLeaf(inner, leaf, new Map(), false);
  builder.params.push(...inner.params);
  builder.sources.push(...inner.sources);
  const pk = meta.pk.column;
  const from = `${quoteName(meta.dbTable)} ${inner.rootAlias}${inner.joinSql()}`;
  return `${builder.col(builder.rootAlias, pk)} IN (SELECT ${inner.col(inner.rootAlias, pk)} FROM ${from} WHERE ${condition})`;
}
