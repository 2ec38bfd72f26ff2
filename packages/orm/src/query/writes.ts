import { FieldError, IntegrityError, ObjectDoesNotExist } from '../errors.js';
import type { Field } from '../fields/field.js';
import { AutoField } from '../fields/numeric.js';
import { ForeignKey } from '../fields/related.js';
import type { Connection, Session } from '../internal/connection.js';
import type { SqliteConnection } from '../internal/sqlite.js';
import { quoteName } from '../internal/dialect.js';
import type { Model } from '../model/model.js';
import { STATE, isModelInstance } from '../model/state.js';
import type { ModelMeta } from '../model/options.js';
import { atomic } from '../transaction.js';
import { SqlBuilder } from './builder.js';
import { compileAggregate, compileWhereOnly } from './compiler.js';
import { collectAndDelete } from './deletion.js';
import { connectionOf, sessionOf } from './execute.js';
import { Expression } from './expressions.js';
import type { QuerySet } from './queryset.js';
import type { QueryState } from './state.js';

export { bulkUpdate } from './bulk-update.js';

/** The fields an INSERT writes: all concrete ones but an auto primary key left empty. */
export function insertFields(meta: ModelMeta, instance: Model): Array<Field<unknown, boolean>> {
  const record = instance as unknown as Record<string, unknown>;
  return meta.concreteFields.filter(
    (f) =>
      !(f instanceof AutoField && (record[f.attname] === null || record[f.attname] === undefined)),
  );
}

function insertSql(
  meta: ModelMeta,
  connection: Connection,
  fields: ReadonlyArray<Field<unknown, boolean>>,
  rows: number,
): string {
  const key = `insert|${connection.dialect.name}|${rows}|${fields.map((f) => f.column).join(',')}`;
  let sql = meta.cache.get(key) as string | undefined;
  if (sql === undefined) {
    const columns = fields.map((f) => quoteName(f.column)).join(', ');
    let n = 0;
    const tuple = () => `(${fields.map(() => connection.dialect.placeholder(n++)).join(', ')})`;
    const values =
      fields.length === 0
        ? ' DEFAULT VALUES'
        : ` VALUES ${Array.from({ length: rows }, tuple).join(', ')}`;
    sql = `INSERT INTO ${quoteName(meta.dbTable)}${fields.length === 0 ? '' : ` (${columns})`}${values}`;
    meta.cache.set(key, sql);
  }
  return sql;
}

/** Inserts one instance and sets its auto primary key. @internal */
export async function insertInstance(
  meta: ModelMeta,
  instance: Model,
  connection: Connection,
  session: Session,
): Promise<void> {
  const record = instance as unknown as Record<string, unknown>;
  const fields = insertFields(meta, instance);
  const dialect = connection.dialect;
  const params = fields.map((f) => f.toDb(record[f.attname], dialect));
  const auto = meta.pk instanceof AutoField && !fields.includes(meta.pk);
  const result = await session.run(
    insertSql(meta, connection, fields, 1),
    params,
    auto && dialect.returningInsert ? quoteName(meta.pk.column) : undefined,
  );
  if (auto) record[meta.pk.attname] = result.lastInsertId;
}

/** The synchronous insert of SQLite's fast path (outside transactions). @internal */
export function insertInstanceSync(
  meta: ModelMeta,
  instance: Model,
  connection: SqliteConnection,
): void {
  const record = instance as unknown as Record<string, unknown>;
  const fields = insertFields(meta, instance);
  const dialect = connection.dialect;
  const params = new Array<unknown>(fields.length);
  for (let i = 0; i < fields.length; i++)
    params[i] = fields[i]!.toDb(record[fields[i]!.attname], dialect);
  const result = connection.runSync(insertSql(meta, connection, fields, 1), params);
  if (meta.pk instanceof AutoField && !fields.includes(meta.pk))
    record[meta.pk.attname] = result.lastInsertId;
}

/** Updates the given fields of one instance; returns the number of rows changed. @internal */
export async function updateInstance(
  meta: ModelMeta,
  instance: Model,
  fields: ReadonlyArray<Field<unknown, boolean>>,
  connection: Connection,
  session: Session,
): Promise<number> {
  if (fields.length === 0) return 1;
  const dialect = connection.dialect;
  const record = instance as unknown as Record<string, unknown>;
  if (fields.some((f) => record[f.attname] instanceof Expression))
    return updateWithExpressions(meta, instance, fields, connection, session);
  const key = `update|${dialect.name}|${fields.map((f) => f.column).join(',')}`;
  let sql = meta.cache.get(key) as string | undefined;
  if (sql === undefined) {
    const sets = fields
      .map((f, i) => `${quoteName(f.column)} = ${dialect.placeholder(i)}`)
      .join(', ');
    sql = `UPDATE ${quoteName(meta.dbTable)} SET ${sets} WHERE ${quoteName(meta.pk.column)} = ${dialect.placeholder(fields.length)}`;
    meta.cache.set(key, sql);
  }
  const params = fields.map((f) => f.toDb(record[f.attname], dialect));
  params.push(meta.pk.toDb(record[meta.pk.attname], dialect));
  return (await session.run(sql, params)).changes;
}

/**
 * The UPDATE of a save() where a field holds an expression (`choice.votes = F('votes').add(1)`,
 * the race-free increment): the database computes the value; the instance keeps the expression
 * until `refreshFromDb()`, as in Django.
 */
async function updateWithExpressions(
  meta: ModelMeta,
  instance: Model,
  fields: ReadonlyArray<Field<unknown, boolean>>,
  connection: Connection,
  session: Session,
): Promise<number> {
  const record = instance as unknown as Record<string, unknown>;
  const builder = new SqlBuilder(connection.dialect, meta);
  const sets = fields.map((f) => {
    const value = record[f.attname];
    const sql =
      value instanceof Expression
        ? value.compile(builder)
        : builder.param(f.toDb(value, connection.dialect));
    return `${quoteName(f.column)} = ${sql}`;
  });
  if (builder.joins.size > 0)
    throw new FieldError('Joined field references are not permitted in this query.');
  const pk = builder.param(meta.pk.toDb(record[meta.pk.attname], connection.dialect));
  const sql = `UPDATE ${quoteName(meta.dbTable)} SET ${sets.join(', ')} WHERE ${quoteName(meta.pk.column)} = ${pk}`;
  return (await session.run(builder.finish(sql), builder.params)).changes;
}

/** `objects.create()`: construct, then save (with signals). */
export async function create(state: QueryState, values: Record<string, unknown>): Promise<Model> {
  const Ctor = state.meta.model as unknown as new (values: Record<string, unknown>) => Model;
  const instance = new Ctor(values);
  await (
    instance as unknown as { save(o: { using?: string; forceInsert: boolean }): Promise<void> }
  ).save({
    ...(state.db !== undefined && { using: state.db }),
    forceInsert: true,
  });
  return instance;
}

function plainKeys(lookup: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(lookup)) if (!key.includes('__')) out[key] = lookup[key];
  return out;
}

/**
 * `getOrCreate()`: a get, else a create in a savepoint, re-getting when a concurrent insert won
 * (and re-raising the IntegrityError when there is still nothing to get).
 */
export async function getOrCreate(
  qs: QuerySet<Model>,
  lookup: Record<string, unknown>,
  defaults: Record<string, unknown>,
): Promise<[Model, boolean]> {
  try {
    return [await qs.get(lookup as never), false];
  } catch (error) {
    if (!(error instanceof ObjectDoesNotExist)) throw error;
  }
  try {
    const created = await atomic(() => create(qs.state, { ...plainKeys(lookup), ...defaults }), {
      using: qs.state.db ?? 'default',
    });
    return [created, true];
  } catch (error) {
    if (!(error instanceof IntegrityError)) throw error;
    // A concurrent insert won: get it. Nothing to get means the IntegrityError was about
    // something else (another unique field): re-raise it, as Django does.
    try {
      return [await qs.get(lookup as never), false];
    } catch (getError) {
      if (getError instanceof ObjectDoesNotExist) throw error;
      throw getError;
    }
  }
}

/** `updateOrCreate()`: update the matching row's `defaults`, or create it. */
export async function updateOrCreate(
  qs: QuerySet<Model>,
  lookup: Record<string, unknown>,
  defaults: Record<string, unknown>,
): Promise<[Model, boolean]> {
  return atomic(
    async () => {
      const [instance, created] = await getOrCreate(qs, lookup, defaults);
      if (created) return [instance, true] as [Model, boolean];
      Object.assign(instance, defaults);
      await (instance as unknown as { save(o: object): Promise<void> }).save({
        ...(qs.state.db !== undefined && { using: qs.state.db }),
      });
      return [instance, false] as [Model, boolean];
    },
    { using: qs.state.db ?? 'default' },
  );
}

/** `bulkCreate()`: multi-row INSERTs in batches, reading back auto primary keys. */
export async function bulkCreate(
  state: QueryState,
  objects: readonly Model[],
  options: { batchSize?: number },
): Promise<Model[]> {
  if (objects.length === 0) return [];
  const meta = state.meta;
  const connection = connectionOf(state);
  const dialect = connection.dialect;
  const fields = meta.concreteFields.filter((f) => !(f instanceof AutoField));
  const auto = meta.pk instanceof AutoField;
  const batchSize = Math.max(
    1,
    Math.min(options.batchSize ?? 500, Math.floor(30000 / Math.max(1, fields.length))),
  );
  // Uploads assigned to file fields are stored first, as save() does (Django's pre_save).
  const storing = fields.flatMap((f) => {
    const store = (f as { preSaveAsync?: (instance: Model) => Promise<void> }).preSaveAsync;
    return store === undefined ? [] : [store.bind(f)];
  });
  for (const obj of storing.length > 0 ? objects : [])
    for (const store of storing) await store(obj);
  await atomic(
    async () => {
      const session = await sessionOf(connection);
      for (let start = 0; start < objects.length; start += batchSize) {
        const batch = objects.slice(start, start + batchSize);
        const params: unknown[] = [];
        for (const obj of batch) {
          prepareForSave(meta, obj, true);
          for (const f of fields)
            params.push(f.toDb((obj as unknown as Record<string, unknown>)[f.attname], dialect));
        }
        const sql = insertSql(meta, connection, fields, batch.length);
        if (auto) {
          const rows = await session.all(`${sql} RETURNING ${quoteName(meta.pk.column)}`, params);
          batch.forEach(
            (obj, i) =>
              ((obj as unknown as Record<string, unknown>)[meta.pk.attname] = Number(rows[i]?.[0])),
          );
        } else {
          await session.run(sql, params);
        }
        for (const obj of batch) {
          obj[STATE].adding = false;
          obj[STATE].db = connection.alias;
        }
      }
    },
    { using: connection.alias },
  );
  return [...objects];
}

/** Sets `autoNow`/`autoNowAdd` fields before a save. @internal */
export function prepareForSave(meta: ModelMeta, instance: Model, adding: boolean): void {
  const record = instance as unknown as Record<string, unknown>;
  for (const field of meta.concreteFields) {
    const f = field as Field<unknown, boolean> & { autoNow?: boolean; autoNowAdd?: boolean };
    if (
      f.autoNow === true ||
      (adding &&
        f.autoNowAdd === true &&
        (record[f.attname] === undefined || record[f.attname] === null))
    ) {
      record[f.attname] = new Date();
    }
  }
}

/** `QuerySet.update()`: one UPDATE statement; expressions (`F('views').add(1)`) allowed. */
export async function update(state: QueryState, values: Record<string, unknown>): Promise<number> {
  notCombined(state, 'update');
  if (state.limit !== undefined || state.offset > 0)
    throw new FieldError('Cannot update a query once a slice has been taken.');
  if (state.empty) return 0;
  const meta = state.meta;
  const connection = connectionOf(state);
  const builder = new SqlBuilder(connection.dialect, meta);
  const sets: string[] = [];
  for (const key of Object.keys(values)) {
    const field = meta.getField(key);
    if (field === undefined || !field.concrete)
      throw new FieldError(
        `Cannot update model field '${key}' (only non-relations and foreign keys permitted).`,
      );
    let value = values[key];
    if (field instanceof ForeignKey && isModelInstance(value)) value = value.pk;
    const sql =
      value instanceof Expression
        ? value.compile(builder)
        : builder.param(field.toDb(value, connection.dialect));
    sets.push(`${quoteName(field.column)} = ${sql}`);
  }
  if (sets.length === 0) return 0;
  const where = compileWhereOnly(builder, state);
  const table = quoteName(meta.dbTable);
  let sql = `UPDATE ${table} SET ${sets.join(', ')}`;
  if (builder.joins.size > 0) {
    const pk = builder.col(table, meta.pk.column);
    sql += ` WHERE ${quoteName(meta.pk.column)} IN (SELECT ${pk} FROM ${table}${builder.joinSql()}${where === '' ? '' : ` WHERE ${where}`})`;
  } else if (where !== '') {
    sql += ` WHERE ${where}`;
  }
  const session = await sessionOf(connection);
  return (await session.run(builder.finish(sql), builder.params)).changes;
}

/** `QuerySet.delete()`. */
export async function deleteQuerySet(
  qs: QuerySet<Model>,
): Promise<[number, Record<string, number>]> {
  notCombined(qs.state, 'delete');
  if (qs.state.limit !== undefined || qs.state.offset > 0)
    throw new FieldError("Cannot use 'limit' or 'offset' with delete().");
  if (qs.state.values !== undefined)
    throw new FieldError('Cannot call delete() after .values() or .values_list()');
  const connection = connectionOf(qs.state);
  return atomic(
    async () => {
      const instances = (await qs.all()) as Model[];
      return collectAndDelete(instances, connection.alias, qs.model);
    },
    { using: connection.alias },
  );
}

const COMBINATOR_NAMES = { UNION: 'union', INTERSECT: 'intersection', EXCEPT: 'difference' };

/** Django's refusal of writes through `union()`/`intersection()`/`difference()`. */
function notCombined(state: QueryState, operation: string): void {
  if (state.combinator !== undefined)
    throw new FieldError(
      `Calling QuerySet.${operation}() after ${COMBINATOR_NAMES[state.combinator.kind]}() is not supported.`,
    );
}

/** `QuerySet.aggregate()`. */
export async function aggregate(
  state: QueryState,
  aggregates: Record<string, Expression>,
): Promise<Record<string, unknown>> {
  const entries = Object.keys(aggregates).map((name) => {
    if (!/^[A-Za-z_]\w*$/.test(name)) throw new FieldError(`Invalid aggregate name '${name}'.`);
    const expr = aggregates[name]!;
    if (!(expr instanceof Expression) || !expr.containsAggregate)
      throw new FieldError(`${name} is not an aggregate expression.`);
    return [name, expr] as const;
  });
  const connection = connectionOf(state);
  const compiled = compileAggregate(state, connection.dialect, entries);
  const session = await sessionOf(connection);
  const row = state.empty ? undefined : (await session.all(compiled.sql, compiled.params))[0];
  const out: Record<string, unknown> = {};
  entries.forEach(([name, expr], i) => {
    out[name] = expr.fromDb(row?.[i] ?? null, connection.dialect);
  });
  return out;
}
