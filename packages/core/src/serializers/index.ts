import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  AutoField,
  type AnyModelClass,
  type Field,
  ForeignKey,
  type ManyToManyField,
  type Model,
  type ModelMeta,
  apps as modelRegistry,
  atomic,
  connections,
  snakeCase,
} from '@stack/orm';
import { apps } from '../apps.js';
import { CommandError } from '../errors.js';
import { pythonJson } from './json.js';
import { deserializeValue, serializeValue } from './values.js';

/** One object of a fixture, in Django's shape. */
export interface FixtureObject {
  model: string;
  pk?: unknown;
  fields: Record<string, unknown>;
}

type Meta = ModelMeta;

function metaOf(model: AnyModelClass): Meta {
  return (model as unknown as { _meta: Meta })._meta;
}

/** The name a field has in a fixture: Django's (snake_case) name for it. */
function fixtureName(field: Field<unknown, boolean> | ManyToManyField): string {
  return snakeCase(field.name);
}

/** The join models many-to-many fields create: their rows are dumped with the field. */
function autoCreated(models: readonly AnyModelClass[]): Set<AnyModelClass> {
  return new Set(
    models.flatMap((m) =>
      metaOf(m)
        .manyToMany.filter((f) => f.through?.auto === true)
        .map((f) => metaOf(f.through!.model).model),
    ),
  );
}

/** The models `dumpdata` writes for these labels (`app` or `app.Model`), in Django's order. */
export function modelsFor(labels: readonly string[]): AnyModelClass[] {
  const all = modelRegistry.getModels();
  const joins = autoCreated(all);
  return modelsNamed(labels).filter((m) => !joins.has(m));
}

function modelsNamed(labels: readonly string[]): AnyModelClass[] {
  if (labels.length === 0)
    return apps.getAppConfigs().flatMap((app) => modelRegistry.getModels(app.label));
  return labels.flatMap((label) => {
    if (label.includes('.')) {
      const found = findModel(label);
      if (!found) throw new CommandError(`Unknown model: ${label}`);
      return [found];
    }
    const models = modelRegistry.getModels(label);
    if (models.length === 0 && !apps.getAppConfigs().some((a) => a.label === label))
      throw new CommandError(`No installed app with label '${label}'.`);
    return models;
  });
}

function findModel(label: string): AnyModelClass | undefined {
  const wanted = label.toLowerCase();
  return modelRegistry.getModels().find((m) => metaOf(m).label.toLowerCase() === wanted);
}

/** One instance as Django's serializer writes it: model label, pk, then each field in order. */
export async function serializeInstance(instance: Model): Promise<FixtureObject> {
  const meta = metaOf(instance.constructor as AnyModelClass);
  const record = instance as unknown as Record<string, unknown>;
  const fields: Record<string, unknown> = {};
  for (const field of meta.concreteFields) {
    if (field.primaryKey) continue;
    const value = record[field.attname];
    fields[fixtureName(field)] =
      field instanceof ForeignKey
        ? serializeValue(field.targetField, value)
        : serializeValue(field, value);
  }
  for (const field of meta.manyToMany) {
    const related = (await (
      record[field.name] as { all(): PromiseLike<Model[]> }
    ).all()) as Model[];
    fields[fixtureName(field)] = related.map((r) => (r as unknown as { pk: unknown }).pk);
  }
  return {
    model: meta.label.toLowerCase(),
    pk: serializeValue(meta.pk, record[meta.pk.attname]),
    fields,
  };
}

/**
 * Django's `dumpdata` as text: every object of the models (all installed apps' when none are
 * named), ordered by primary key, in Django's JSON format and spacing.
 */
export async function dumpdata(
  options: { labels?: readonly string[]; indent?: number; using?: string } = {},
): Promise<string> {
  const objects: FixtureObject[] = [];
  for (const model of modelsFor(options.labels ?? [])) {
    const rows = await (model as any).objects
      .using(options.using ?? 'default')
      .orderBy(metaOf(model).pk.name);
    for (const row of rows as Model[]) objects.push(await serializeInstance(row));
  }
  // Django writes the list itself, each object at the top level: `[\n{…},\n{…}\n]\n`.
  const items = objects.map((o) => pythonJson(o, options.indent));
  if (options.indent === undefined) return `[${items.join(', ')}]`;
  return `[${items.map((i) => `\n${i}`).join(',')}\n]\n`;
}

function fieldFor(meta: Meta, key: string): Field<unknown, boolean> | ManyToManyField | undefined {
  return (
    meta.concreteFields.find(
      (f: Field<unknown, boolean>) => fixtureName(f) === key || f.name === key,
    ) ?? meta.manyToMany.find((f: ManyToManyField) => fixtureName(f) === key || f.name === key)
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks the fixture's shape before anything is written; hostile keys are refused. */
export function parseFixture(text: string, name: string): FixtureObject[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new CommandError(`Problem installing fixture '${name}': ${(error as Error).message}`);
  }
  if (!Array.isArray(data))
    throw new CommandError(`Problem installing fixture '${name}': not a list of objects.`);
  return data.map((item, i) => {
    if (!isObject(item) || typeof item.model !== 'string' || !isObject(item.fields ?? {})) {
      throw new CommandError(
        `Problem installing fixture '${name}': object ${i} needs "model" and "fields".`,
      );
    }
    return {
      model: item.model,
      pk: item.pk,
      fields: (item.fields ?? {}) as Record<string, unknown>,
    };
  });
}

async function saveObject(object: FixtureObject, using: string, name: string): Promise<void> {
  const model = findModel(object.model);
  if (!model)
    throw new CommandError(
      `Problem installing fixture '${name}': Invalid model identifier: '${object.model}'`,
    );
  const meta = metaOf(model);
  const values: Record<string, unknown> = Object.create(null);
  const m2m: [ManyToManyField, unknown[]][] = [];
  for (const [key, raw] of Object.entries(object.fields)) {
    const field = fieldFor(meta, key);
    if (!field) {
      throw new CommandError(
        `Problem installing fixture '${name}': ${meta.label} has no field named '${key}'.`,
      );
    }
    if (!field.concrete) {
      if (!Array.isArray(raw))
        throw new CommandError(`Problem installing fixture '${name}': '${key}' is not a list.`);
      m2m.push([field as ManyToManyField, raw]);
    } else if (field instanceof ForeignKey) {
      values[field.attname] = raw === null ? null : deserializeValue(field.targetField, raw);
    } else values[field.attname] = deserializeValue(field, raw);
  }
  if (object.pk !== undefined && object.pk !== null)
    values[meta.pk.attname] = deserializeValue(meta.pk, object.pk);
  const instance = new (model as unknown as new (v: object) => Model)(values);
  await instance.save({ using });
  for (const [field, pks] of m2m) {
    await (instance as unknown as Record<string, { set(v: unknown[]): Promise<void> }>)[
      field.name
    ]!.set(pks);
  }
}

/** After rows were written with explicit ids, PostgreSQL's sequences must move past them. */
async function resetSequences(models: Set<AnyModelClass>, using: string): Promise<void> {
  const connection = connections.get(using);
  if (connection.settings.engine !== 'postgres') return;
  for (const model of models) {
    const { pk, dbTable } = metaOf(model);
    if (!(pk instanceof AutoField)) continue;
    const table = `"${dbTable.replace(/"/g, '""')}"`;
    const column = `"${pk.column.replace(/"/g, '""')}"`;
    await (model as any).objects.raw(
      `SELECT setval(pg_get_serial_sequence(%s, %s), coalesce(max(${column}), 1), ` +
        `max(${column}) IS NOT null) AS ${column} FROM ${table}`,
      [table, pk.column],
      { using },
    );
  }
}

/** Where a fixture named in `loaddata` or a test case's `fixtures` is looked for. */
export function findFixture(name: string, fixtureDirs: readonly string[], baseDir: string): string {
  const file = /\.json$/i.test(name) ? name : `${name}.json`;
  if (path.isAbsolute(file) || file.startsWith('.')) {
    const resolved = path.resolve(baseDir, file);
    if (existsSync(resolved)) return resolved;
    throw new CommandError(`No fixture named '${name}' found (${resolved}).`);
  }
  if (file.split(/[/\\]/).includes('..'))
    throw new CommandError(`No fixture named '${name}' found.`);
  const dirs = [
    ...apps
      .getAppConfigs()
      .filter((a) => a.path)
      .map((a) => path.join(a.path, 'fixtures')),
    ...fixtureDirs.map((d) => path.resolve(baseDir, d)),
  ];
  const found = dirs
    .map((d) => path.join(d, file))
    .filter((f) => existsSync(f) && statSync(f).isFile());
  if (found.length > 1)
    throw new CommandError(`Multiple fixtures named '${name}' in ${found.join(', ')}. Aborting.`);
  if (found.length === 0) throw new CommandError(`No fixture named '${name}' found.`);
  return found[0]!;
}

/**
 * Django's `loaddata`: reads each fixture (Django's JSON format), saves every object in one
 * transaction (all or nothing), and returns how many objects were installed.
 */
export async function loaddata(
  names: readonly string[],
  options: { using?: string; fixtureDirs?: readonly string[]; baseDir: string },
): Promise<{ objects: number; fixtures: number }> {
  const using = options.using ?? 'default';
  const files = names.map((n) => [n, findFixture(n, options.fixtureDirs ?? [], options.baseDir)]);
  let objects = 0;
  await atomic(
    async () => {
      const models = new Set<AnyModelClass>();
      for (const [name, file] of files as [string, string][]) {
        for (const object of parseFixture(readFileSync(file, 'utf8'), name)) {
          await saveObject(object, using, name);
          models.add(findModel(object.model)!);
          objects++;
        }
      }
      await resetSequences(models, using);
    },
    { using },
  );
  return { objects, fixtures: files.length };
}
