import { connections } from '../connections.js';
import { DecimalField } from '../fields/decimal.js';
import type { Field } from '../fields/field.js';
import type { Connection, RawRow, Session } from '../internal/connection.js';
import { SqliteConnection } from '../internal/sqlite.js';
import type { Dialect } from '../internal/dialect.js';
import type { Model } from '../model/model.js';
import { HYDRATE, ResultSet, STATE } from '../model/state.js';
import { sessionFor } from '../transaction.js';
import type { ParamSource } from './builder.js';
import {
  type Compiled,
  type CompiledSelect,
  type Hydrate,
  type ModelLayout,
  compileSelect,
} from './compiler.js';
import { type QueryState, isPlain, leafValues, plainShape, shapeOf } from './state.js';

const CACHE_LIMIT = 500;

/** The connection a state runs on. */
export function connectionOf(state: QueryState): Connection {
  return connections.get(state.db ?? 'default');
}

/** The session to run on (inside the current transaction when there is one). */
export function sessionOf(connection: Connection): Session | Promise<Session> {
  return connection.activeTransactions === 0 ? connection.session : sessionFor(connection);
}

/** Cache keys of plain states (a manager's `all()`), by dialect and purpose, made once. */
const plainKeys = new Map<string, Map<string, string>>();

/** The cache key of a plain state: the same as `shapeOf` gives, without building it each time. */
function plainKey(dialect: Dialect, purpose: string): string {
  let byPurpose = plainKeys.get(dialect.name);
  if (byPurpose === undefined) plainKeys.set(dialect.name, (byPurpose = new Map()));
  let key = byPurpose.get(purpose);
  if (key === undefined) byPurpose.set(purpose, (key = `${dialect.name}|${plainShape(purpose)}`));
  return key;
}

/**
 * Compiles through the per-model cache: the SQL of a state is compiled once per shape (and
 * dialect); later queries of that shape only gather their parameters.
 */
export function cachedCompile<C extends Compiled>(
  state: QueryState,
  dialect: Dialect,
  purpose: string,
  compile: () => C,
): { compiled: C; params: readonly unknown[] } {
  let key = isPlain(state) ? plainKey(dialect, purpose) : undefined;
  if (key === undefined) {
    const shape = shapeOf(state, purpose);
    if (shape === undefined) {
      const compiled = compile();
      return { compiled, params: compiled.params };
    }
    key = `${dialect.name}|${shape}`;
  }
  const cache = state.meta.cache;
  const hit = cache.get(key) as C | undefined;
  if (hit !== undefined) return { compiled: hit, params: paramsFor(hit.sources, state) };
  const compiled = compile();
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(key, compiled);
  return { compiled, params: compiled.params };
}

const NO_PARAMS: readonly unknown[] = Object.freeze([]);

function paramsFor(sources: readonly ParamSource[], state: QueryState): readonly unknown[] {
  if (sources.length === 0) return NO_PARAMS;
  const params = new Array<unknown>(sources.length);
  let leaves: unknown[] | undefined;
  for (let i = 0; i < sources.length; i++) {
    const source = sources[i]!;
    if ('leaf' in source) {
      leaves ??= leafValues(state);
      const value = leaves[source.leaf];
      params[i] = source.transform === undefined ? value : source.transform(value);
    } else {
      params[i] = source.constant;
    }
  }
  return params;
}

/**
 * The synchronous fast path: a plain query on SQLite outside any transaction runs on the cached
 * prepared statement directly, without the async session layers. `undefined` when not possible.
 */
export function runSelectSync(
  state: QueryState,
): { rows: RawRow[]; compiled: CompiledSelect; connection: Connection } | undefined {
  const connection = connectionOf(state);
  if (
    !(connection instanceof SqliteConnection) ||
    connection.activeTransactions !== 0 ||
    !connection.syncReadable
  )
    return undefined;
  const { compiled, params } = cachedCompile(state, connection.dialect, 'select', () =>
    compileSelect(state, connection.dialect),
  );
  return { rows: connection.allSync(compiled.sql, params), compiled, connection };
}

/** Runs a SELECT and returns its raw rows with the layout to read them. */
export async function runSelect(
  state: QueryState,
): Promise<{ rows: RawRow[]; compiled: CompiledSelect; connection: Connection }> {
  const connection = connectionOf(state);
  const { compiled, params } = cachedCompile(state, connection.dialect, 'select', () =>
    compileSelect(state, connection.dialect),
  );
  const session =
    connection.activeTransactions === 0 ? connection.session : await sessionFor(connection);
  const rows = await session.all(compiled.sql, params);
  return { rows, compiled, connection };
}

/** Runs a state's SELECT and returns what it yields: instances, dicts, lists or flat values. */
export async function fetchRows(state: QueryState): Promise<unknown[]> {
  const { rows, compiled, connection } = await runSelect(state);
  const mode = state.values?.mode;
  return materialize(
    compiled,
    rows,
    connection.dialect,
    connection.alias,
    mode === 'flat',
    mode,
    state.known,
  );
}

type Hydrated = new (hydrate: typeof HYDRATE) => Model;

/**
 * Builds a model instance from the columns of `layout` in `row`, field by field (the generic
 * path: what a generated hydrator does, and the fallback where code generation is refused).
 */
export function buildInstance(
  layout: ModelLayout,
  row: RawRow,
  dialect: Dialect,
  db: string,
  result?: ResultSet,
): Model {
  const instance = new (layout.meta.model as unknown as Hydrated)(HYDRATE);
  const state = instance[STATE];
  state.adding = false;
  state.db = db;
  if (result !== undefined) state.result = result;
  const target = instance as unknown as Record<string, unknown>;
  const fields = layout.fields;
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i]!;
    const value = row[layout.start + i];
    const convert = field.fromDb;
    target[field.attname] =
      value === null || value === undefined || convert === undefined
        ? (value ?? null)
        : convert(value, dialect);
  }
  return instance;
}

/**
 * Whether hydrators (and models' value assigners, see model.ts) may be generated; tests turn it
 * off to check the generic paths.
 */
const generation = { enabled: true };

/**
 * @internal For tests: use the generic `buildInstance` for layouts hydrated from now on, and the
 * generic assignment for models first constructed with values from now on.
 */
export function setHydratorGeneration(enabled: boolean): void {
  generation.enabled = enabled;
}

/** @internal Whether code may be generated for models (hydrators, `new Model(values)`). */
export function hydratorGeneration(): boolean {
  return generation.enabled;
}

/**
 * A function that builds instances of one layout: the same steps as `buildInstance`, generated
 * once per layout (so once per compiled query shape) with each field's store written out in
 * column order. Every store site then sees one property name, so V8 keeps them monomorphic
 * instead of the generic loop's megamorphic keyed stores, and the instances of a layout share
 * one hidden class. Property names are written as JSON string literals and values reach the
 * code as arguments, so nothing from a model definition is ever parsed as code. Where the
 * runtime refuses code generation (`--disallow-code-generation-from-strings`), the generic
 * builder is used. The class is read from the meta on every call, as the generic path does: it
 * becomes the user's subclass once that is first seen (see `metaOf`).
 */
export function hydratorFor(layout: ModelLayout): Hydrate {
  if (layout.hydrate !== undefined) return layout.hydrate;
  let hydrate: Hydrate = (row, dialect, db, result) =>
    buildInstance(layout, row, dialect, db, result);
  if (generation.enabled) {
    const fields = layout.fields;
    const locals: string[] = [];
    const lines: string[] = [
      'const o = new meta.model(HYDRATE);',
      'const s = o[STATE];',
      's.adding = false;',
      's.db = db;',
      'if (result !== undefined) s.result = result;',
      'let v;',
    ];
    for (let i = 0; i < fields.length; i++) {
      const name = JSON.stringify(fields[i]!.attname);
      lines.push(`v = row[${layout.start + i}];`);
      lines.push(
        fields[i]!.fromDb === undefined
          ? `o[${name}] = v ?? null;`
          : `o[${name}] = v === null || v === undefined ? null : c${i}(v, dialect);`,
      );
      if (fields[i]!.fromDb !== undefined) locals.push(`const c${i} = convert[${i}];`);
    }
    lines.push('return o;');
    try {
      const make = new Function(
        'meta',
        'HYDRATE',
        'STATE',
        'convert',
        `${locals.join('\n')}\nreturn function hydrate(row, dialect, db, result) {\n${lines.join('\n')}\n};`,
      ) as (
        meta: { readonly model: unknown },
        hydrate: typeof HYDRATE,
        state: typeof STATE,
        convert: ReadonlyArray<Field<unknown, boolean>['fromDb']>,
      ) => Hydrate;
      hydrate = make(
        layout.meta,
        HYDRATE,
        STATE,
        fields.map((f) => f.fromDb),
      );
    } catch {
      // Code generation refused: keep the generic builder.
    }
  }
  layout.hydrate = hydrate;
  return hydrate;
}

/** Reads a plain value (values(), aggregates) through its field's conversion. */
export function readValue(
  field: Field<unknown, boolean> | undefined,
  value: unknown,
  dialect: Dialect,
): unknown {
  if (value === null || value === undefined) return null;
  if (field === undefined) return typeof value === 'bigint' ? Number(value) : value;
  if (field instanceof DecimalField) return field.fromDb(value);
  return field.fromDb === undefined ? value : field.fromDb(value, dialect);
}

/** Turns raw rows into what the queryset yields: instances, dicts, lists or flat values. */
export function materialize(
  compiled: CompiledSelect,
  rows: RawRow[],
  dialect: Dialect,
  db: string,
  flat: boolean,
  mode: string | undefined,
  known?: QueryState['known'],
): unknown[] {
  const layout = compiled.layout;
  const out = new Array<unknown>(rows.length);
  if (layout.kind === 'values') {
    const { names, fields, exprs } = layout;
    const read = (i: number, v: unknown) =>
      exprs[i] === undefined ? readValue(fields[i], v, dialect) : exprs[i].fromDb(v, dialect);
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r]!;
      if (flat) {
        out[r] = read(0, row[0]);
      } else if (mode === 'list') {
        // Only the named columns: DISTINCT may have added its ordering columns after them.
        const list = new Array<unknown>(names.length);
        for (let i = 0; i < names.length; i++) list[i] = read(i, row[i]);
        out[r] = list;
      } else {
        const obj: Record<string, unknown> = {};
        for (let i = 0; i < names.length; i++) obj[names[i]!] = read(i, row[i]);
        out[r] = obj;
      }
    }
    return out;
  }
  // The instances of one result share it, so the debug-mode N+1 hint can see lazy loads add up.
  const result = rows.length > 1 ? new ResultSet(rows.length) : undefined;
  const hydrate = hydratorFor(layout.main);
  const related = layout.related.length > 0 ? layout.related : undefined;
  const annotations = layout.annotations.length > 0 ? layout.annotations : undefined;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    const instance = hydrate(row, dialect, db, result);
    if (known !== undefined) instance[STATE].cache[known.name] = known.instance;
    if (related !== undefined) attachRelated(instance, related, row, dialect, db);
    if (annotations !== undefined) {
      for (const [name, index, expr] of annotations) {
        (instance as unknown as Record<string, unknown>)[name] = expr.fromDb(row[index], dialect);
      }
    }
    out[r] = instance;
  }
  return out;
}

function attachRelated(
  root: Model,
  related: readonly ModelLayout[],
  row: RawRow,
  dialect: Dialect,
  db: string,
): void {
  const byPath = new Map<string, Model | null>([['', root]]);
  for (const layout of related) {
    const parent = byPath.get(layout.path.slice(0, -1).join('__'));
    const pkIndex = layout.start + layout.fields.indexOf(layout.meta.pk);
    const instance = row[pkIndex] === null ? null : hydratorFor(layout)(row, dialect, db);
    byPath.set(layout.path.join('__'), instance);
    if (parent !== null && parent !== undefined)
      parent[STATE].cache[layout.path.at(-1)!] = instance;
  }
}
