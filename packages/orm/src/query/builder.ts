import { FieldError } from '../errors.js';
import type { Field } from '../fields/field.js';
import { ForeignKey, ManyToManyField } from '../fields/related.js';
import type { Dialect } from '../internal/dialect.js';
import { quoteName } from '../internal/dialect.js';
import type { ModelMeta, RelatedObject } from '../model/options.js';
import { metaOf } from '../model/registry.js';
import type { ExpressionContext } from './expressions.js';
import type { QNode } from './q.js';

type DatePartName = Parameters<Dialect['datePart']>[1];

/** Transforms applied before a lookup or as a value (`pubDate__year__gte`, `values('created__year')`). */
export const TRANSFORMS = new Set<string>([
  'year',
  'month',
  'day',
  'week_day',
  'week',
  'quarter',
  'hour',
  'minute',
  'second',
  'date',
]);

/** Where a bound parameter's value comes from when a cached statement runs again. */
export type ParamSource =
  | { readonly leaf: number; readonly transform: ((value: unknown) => unknown) | undefined }
  | { readonly constant: unknown };

/** The placeholder marker used while compiling; numbered per dialect at the end. */
export const MARK = '\u0000';

/** A joined table. */
export interface Join {
  readonly alias: string;
  readonly meta: ModelMeta;
  readonly sql: string;
  /** Joins through a multi-valued relation (reverse FK, M2M) can multiply rows. */
  readonly multi: boolean;
}

/** A resolved field path: the column SQL, its field, the parts left over (lookups, transforms). */
export interface ResolvedPath {
  readonly sql: string;
  readonly field: Field<unknown, boolean>;
  readonly rest: string[];
  readonly meta: ModelMeta;
  readonly alias: string;
  /** Whether a join on the way may find no row, so the column can read NULL. */
  readonly nullable: boolean;
}

/**
 * Accumulates one statement: parameters (with their sources), joins by relation path, and the
 * resolution of field paths (`author__username`) against the models. Unknown names are a
 * FieldError here, before any SQL exists.
 */
export class SqlBuilder implements ExpressionContext {
  readonly params: unknown[] = [];
  readonly sources: ParamSource[] = [];
  readonly joins = new Map<string, Join>();
  /** The index of the WHERE leaf being compiled (its value feeds the next parameters). */
  leaf = -1;
  /** Annotation renderers by name (re-rendered at each use, so their parameters stay in order). */
  annotationSql = new Map<string, () => string>();
  /**
   * The `filter()` call whose conditions are being compiled (`undefined` outside WHERE). Each call
   * gets its own joins through multi-valued relations, as in Django; conditions of one call share
   * them.
   */
  scope: number | undefined;
  /**
   * Outside WHERE (annotations, ordering, values): reuse the join of the latest `filter()` call
   * before this index that went through the same multi-valued relation, as Django reuses joins.
   */
  reuseBefore = Infinity;
  /** The `filter()` calls (indexes) whose conditions go through a multi-valued path. */
  filterUses: ((path: string) => readonly number[]) | undefined;
  /** Compiles a condition tree (set by the compiler, which owns WHERE compilation). */
  compileCondition: ((node: QNode) => string) | undefined;
  /** Set while probing: the multi-valued paths a condition goes through. */
  private recording: Set<string> | undefined;
  private aliasCount = 0;

  constructor(
    readonly dialect: Dialect,
    readonly meta: ModelMeta,
    readonly rootAlias: string = quoteName(meta.dbTable),
  ) {}

  /** Binds a constant value. */
  param(value: unknown): string {
    this.params.push(value);
    this.sources.push({ constant: value });
    return MARK;
  }

  /** Binds a value drawn from the current WHERE leaf (through `transform`). */
  leafParam(raw: unknown, transform?: (value: unknown) => unknown): string {
    this.params.push(transform === undefined ? raw : transform(raw));
    this.sources.push(
      this.leaf >= 0 ? { leaf: this.leaf, transform } : { constant: this.params.at(-1) },
    );
    return MARK;
  }

  annotation(name: string): string | undefined {
    return this.annotationSql.get(name)?.();
  }

  /** A condition inside an expression (an aggregate's `filter`): its values are constants. */
  condition(node: QNode): string {
    if (this.compileCondition === undefined)
      throw new FieldError('Conditions are not supported here.');
    const leaf = this.leaf;
    try {
      return this.compileCondition(node);
    } finally {
      this.leaf = leaf;
    }
  }

  column(path: string): { sql: string; field: Field<unknown, boolean> | undefined } {
    const resolved = this.resolve(path.split('__'), false);
    return { sql: resolved.sql, field: resolved.field };
  }

  /**
   * A field path as a value, date transforms included (`created__year`, as `values()` and
   * `orderBy()` accept them); a transformed value has no field (it is a plain number or date).
   */
  valueColumn(path: string): { sql: string; field: Field<unknown, boolean> | undefined } {
    const resolved = this.resolve(path.split('__'), true);
    let sql = resolved.sql;
    for (const part of resolved.rest) {
      if (!TRANSFORMS.has(part)) throw this.unknown(part, resolved.meta, 'transform');
      sql = this.dialect.datePart(sql, part as DatePartName);
    }
    return { sql, field: resolved.rest.length === 0 ? resolved.field : undefined };
  }

  /** `"alias"."column"` */
  col(alias: string, column: string): string {
    // An empty alias (CHECK constraints) leaves the column unqualified.
    return alias === '' ? quoteName(column) : `${alias}.${quoteName(column)}`;
  }

  /** The joined SQL of every join, in the order they were added. */
  joinSql(): string {
    let out = '';
    for (const join of this.joins.values()) out += ` ${join.sql}`;
    return out;
  }

  /** Whether any join can multiply rows. */
  get hasMultiJoin(): boolean {
    for (const join of this.joins.values()) if (join.multi) return true;
    return false;
  }

  /**
   * Resolves `parts` from the root model. With `allowRest`, trailing parts that are not fields are
   * returned as lookups/transforms; otherwise they are an error.
   */
  resolve(parts: string[], allowRest: boolean): ResolvedPath {
    let meta = this.meta;
    let alias = this.rootAlias;
    let path = '';
    let suffix: string | undefined;
    // Whether a join on the way may find no row (a nullable ForeignKey, a reverse relation).
    let nullable = false;
    const key = (p: string) => (suffix === undefined || suffix === '' ? p : `${p}${suffix}`);
    // The walk stops at `field` of the current model; what follows are lookups or transforms.
    const stopAt = (field: Field<unknown, boolean>, i: number): ResolvedPath => ({
      sql: this.col(alias, field.column),
      field,
      rest: parts.slice(i + 1),
      meta,
      alias,
      nullable,
    });
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      const field = part === 'pk' ? meta.pk : meta.getField(part);
      const last = i === parts.length - 1;
      if (field instanceof ManyToManyField) {
        suffix ??= this.scopeSuffix(path === '' ? part : `${path}__${part}`);
        const throughJoin = this.joinM2M(key(path), part, field, meta, alias);
        nullable = true;
        ({ meta, alias } = throughJoin);
        path = path === '' ? part : `${path}__${part}`;
        if (last || !this.isFieldOf(meta, parts[i + 1]!)) {
          return stopAt(meta.pk, i);
        }
        continue;
      }
      if (field instanceof ForeignKey && field.attname !== part) {
        const next = parts[i + 1];
        const targetMeta = metaOf(field.target);
        // `author__pk` and `author__id` compare the ForeignKey's own column: no join.
        if (this.isTargetPk(targetMeta, field, parts, i)) return stopAt(field, i + 1);
        const continues = next !== undefined && this.isFieldOf(targetMeta, next);
        if (!continues) {
          return stopAt(field, i);
        }
        path = path === '' ? part : `${path}__${part}`;
        nullable ||= field.null;
        alias = this.joinForward(key(path), field, alias, targetMeta).alias;
        meta = targetMeta;
        continue;
      }
      if (field !== undefined) {
        if (!last && !allowRest) throw this.unknown(parts[i + 1]!, meta, 'transform');
        return stopAt(field, i);
      }
      const related = meta.getRelatedObject(part);
      if (
        related !== undefined &&
        related.accessorName !== '+' &&
        !related.queryName.endsWith('+')
      ) {
        path = path === '' ? part : `${path}__${part}`;
        nullable = true;
        if (!related.oneToOne || related.manyToMany) suffix ??= this.scopeSuffix(path);
        const join = related.manyToMany
          ? this.joinReverseM2M(key(path), related, alias, meta)
          : this.joinReverse(key(path), related, alias, meta);
        ({ meta, alias } = join);
        if (last || !this.isFieldOf(meta, parts[i + 1]!)) {
          return stopAt(meta.pk, i);
        }
        continue;
      }
      throw this.unknown(part, meta, 'field');
    }
    throw new FieldError(`Empty field path '${parts.join('__')}'.`);
  }

  /**
   * The join-key suffix for a path through a multi-valued relation: `@n` for the joins of
   * `filter()` call n; outside WHERE, those of the latest earlier call using the path, else none.
   */
  private scopeSuffix(path: string): string {
    this.recording?.add(path);
    if (this.scope !== undefined) return `@${this.scope}`;
    let latest: number | undefined;
    for (const call of this.filterUses?.(path) ?? [])
      if (call < this.reuseBefore && (latest === undefined || call > latest)) latest = call;
    return latest === undefined ? '' : `@${latest}`;
  }

  /** The multi-valued paths `parts` goes through (no joins are added). */
  multiValuedPaths(parts: string[]): Set<string> {
    const probe = new SqlBuilder(this.dialect, this.meta, this.rootAlias);
    probe.recording = new Set();
    probe.scope = 0;
    probe.resolve(parts, true);
    return probe.recording;
  }

  /** Runs `fn` outside WHERE scoping, reusing the joins of filter calls before `before`. */
  outsideWhere<T>(before: number, fn: () => T): T {
    const { scope, reuseBefore } = this;
    this.scope = undefined;
    this.reuseBefore = before;
    try {
      return fn();
    } finally {
      this.scope = scope;
      this.reuseBefore = reuseBefore;
    }
  }

  private isTargetPk(target: ModelMeta, fk: ForeignKey, parts: string[], i: number): boolean {
    const next = parts[i + 1];
    return (
      (next === 'pk' || next === target.pk.name) &&
      fk.targetField === target.pk &&
      parts.slice(i + 2).every((p) => !this.isFieldOf(target, p) || p === 'pk')
    );
  }

  private isFieldOf(meta: ModelMeta, name: string): boolean {
    return (
      name === 'pk' ||
      meta.getField(name) !== undefined ||
      meta.getRelatedObject(name) !== undefined
    );
  }

  private newAlias(meta: ModelMeta): string {
    const table = quoteName(meta.dbTable);
    for (const join of this.joins.values()) {
      if (join.alias === table) return quoteName(`T${++this.aliasCount}`);
    }
    return table === this.rootAlias ? quoteName(`T${++this.aliasCount}`) : table;
  }

  /** LEFT JOIN to the target of a ForeignKey (reused per path). */
  joinForward(path: string, field: ForeignKey, fromAlias: string, target: ModelMeta): Join {
    const existing = this.joins.get(path);
    if (existing !== undefined) return existing;
    const alias = this.newAlias(target);
    const table = quoteName(target.dbTable);
    const as = alias === table ? table : `${table} ${alias}`;
    const join: Join = {
      alias,
      meta: target,
      multi: false,
      sql: `LEFT JOIN ${as} ON ${this.col(fromAlias, field.column)} = ${this.col(alias, field.targetField.column)}`,
    };
    this.joins.set(path, join);
    return join;
  }

  private joinReverse(
    path: string,
    related: RelatedObject,
    fromAlias: string,
    fromMeta: ModelMeta,
  ): Join {
    const existing = this.joins.get(path);
    if (existing !== undefined) return existing;
    const source = metaOf(related.model);
    const field = related.field as ForeignKey;
    const alias = this.newAlias(source);
    const table = quoteName(source.dbTable);
    const as = alias === table ? table : `${table} ${alias}`;
    const join: Join = {
      alias,
      meta: source,
      multi: !related.oneToOne,
      sql: `LEFT JOIN ${as} ON ${this.col(fromAlias, fromMeta.pk.column)} = ${this.col(alias, field.column)}`,
    };
    this.joins.set(path, join);
    return join;
  }

  private joinM2M(
    path: string,
    name: string,
    field: ManyToManyField,
    meta: ModelMeta,
    fromAlias: string,
  ): Join {
    const through = field.through;
    if (through === undefined) throw new FieldError(`${meta.label}.${name} is not resolved yet.`);
    const key = path === '' ? name : `${path}__${name}`;
    const tm = metaOf(through.model);
    const mid = this.joinReverse(
      `${key}#through`,
      { model: through.model, field: through.source } as RelatedObject,
      fromAlias,
      meta,
    );
    void tm;
    return this.joinForwardMulti(key, through.target, mid.alias, metaOf(field.target));
  }

  private joinReverseM2M(
    path: string,
    related: RelatedObject,
    fromAlias: string,
    fromMeta: ModelMeta,
  ): Join {
    const field = related.field as ManyToManyField;
    const through = field.through;
    if (through === undefined)
      throw new FieldError(`${fromMeta.label}.${related.queryName} is not resolved yet.`);
    const mid = this.joinReverse(
      `${path}#through`,
      { model: through.model, field: through.target } as RelatedObject,
      fromAlias,
      fromMeta,
    );
    return this.joinForwardMulti(path, through.source, mid.alias, metaOf(related.model));
  }

  private joinForwardMulti(
    path: string,
    fk: ForeignKey,
    fromAlias: string,
    target: ModelMeta,
  ): Join {
    const join = this.joinForward(path, fk, fromAlias, target);
    const multi = { ...join, multi: true };
    this.joins.set(path, multi);
    return multi;
  }

  unknown(name: string, meta: ModelMeta, what: 'field' | 'transform'): FieldError {
    const choices = [
      ...meta.fields.map((f) => f.name),
      ...meta.relatedObjects.filter((r) => !r.queryName.endsWith('+')).map((r) => r.queryName),
      ...[...this.annotationSql.keys()],
    ].sort();
    return what === 'field'
      ? new FieldError(
          `Cannot resolve keyword '${name}' into field. Choices are: ${choices.join(', ')}.`,
        )
      : new FieldError(`Unsupported lookup '${name}' on ${meta.label}.`);
  }

  /** Replaces the markers with the dialect's placeholders. */
  finish(sql: string): string {
    let i = 0;
    const dialect = this.dialect;
    return sql
      .split(MARK)
      .reduce(
        (out, part, index) => (index === 0 ? part : `${out}${dialect.placeholder(i++)}${part}`),
        '',
      );
  }
}
