import { capfirst } from '@stack/utils';
import { connections } from '../connections.js';
import { FieldError, ValidationError } from '../errors.js';
import { AutoField } from '../fields/numeric.js';
import type { Field } from '../fields/field.js';
import { ForeignKey } from '../fields/related.js';
import { collectAndDelete } from '../query/deletion.js';
import { sessionOf } from '../query/execute.js';
import { prefetchRelatedObjects } from '../query/prefetch.js';
import { QuerySet } from '../query/queryset.js';
import {
  insertInstance,
  insertInstanceSync,
  prepareForSave,
  updateInstance,
} from '../query/writes.js';
import { SqliteConnection } from '../internal/sqlite.js';
import { postSave, preSave } from '../signals.js';
import { atomic } from '../transaction.js';
import type { Model } from './model.js';
import { STATE } from './state.js';
import { metaOf } from './registry.js';
import type { AnyModelClass } from './types.js';

/**
 * Options of `save()`.
 *
 * @example
 * ```ts
 * await post.save({ updateFields: ['title'] });
 * ```
 */
export interface SaveOptions {
  /** The database alias (default: where the instance came from, else `'default'`). */
  using?: string;
  /** Only these fields are written (an UPDATE; Django's `update_fields`). */
  updateFields?: readonly string[];
  forceInsert?: boolean;
  forceUpdate?: boolean;
}

function fieldsNamed(instance: Model, names: readonly string[]): Array<Field<unknown, boolean>> {
  const meta = metaOf(instance.constructor as AnyModelClass);
  return names.map((name) => {
    const field = meta.getField(name);
    if (field === undefined || !field.concrete) {
      throw new FieldError(
        `The following fields do not exist in this model, are m2m fields, or are non-concrete fields: ${name}`,
      );
    }
    return field;
  });
}

/** `instance.save()`: INSERT when adding (or the UPDATE changed nothing), UPDATE otherwise. @internal */
export async function saveInstance(instance: Model, options: SaveOptions = {}): Promise<void> {
  const model = instance.constructor as AnyModelClass;
  const meta = metaOf(model);
  const using = options.using ?? instance[STATE].db ?? 'default';
  const connection = connections.get(using);
  const updateFields = options.updateFields;
  if (updateFields !== undefined && updateFields.length === 0) return;
  const state = instance[STATE];
  const record = instance as unknown as Record<string, unknown>;
  const pkMissing = record[meta.pk.attname] === null || record[meta.pk.attname] === undefined;
  if (options.forceUpdate === true && pkMissing)
    throw new FieldError('Cannot force an update in save() with no primary key.');
  await storePendingFiles(meta.concreteFields, instance, updateFields);
  const signals = preSave.hasListeners(model) || postSave.hasListeners(model);
  if (
    !signals &&
    options.forceInsert === true &&
    connection instanceof SqliteConnection &&
    connection.activeTransactions === 0 &&
    connection.syncWritable
  ) {
    // The fast path of create(): no signal receivers, no transaction, a synchronous insert.
    prepareForSave(meta, instance, true);
    insertInstanceSync(meta, instance, connection);
    state.adding = false;
    state.db = using;
    return;
  }
  const run = async (): Promise<void> => {
    if (signals) await preSave.send(model, { instance, updateFields, using, raw: false });
    const adding =
      options.forceInsert === true ||
      pkMissing ||
      (state.adding && !(meta.pk instanceof AutoField)
        ? !(await existsByPk(model, record[meta.pk.attname], using))
        : false);
    prepareForSave(meta, instance, adding);
    const session = await sessionOf(connection);
    let created = false;
    if (adding) {
      await insertInstance(meta, instance, connection, session);
      created = true;
    } else {
      const fields =
        updateFields === undefined
          ? meta.concreteFields.filter((f) => !f.primaryKey)
          : fieldsNamed(instance, updateFields);
      const changed = await updateInstance(meta, instance, fields, connection, session);
      if (changed === 0) {
        if (updateFields !== undefined)
          throw new FieldError('Save with updateFields did not affect any rows.');
        if (options.forceUpdate === true)
          throw new FieldError('Forced update did not affect any rows.');
        await insertInstance(meta, instance, connection, session);
        created = true;
      }
    }
    state.adding = false;
    state.db = using;
    if (signals) await postSave.send(model, { instance, created, updateFields, using, raw: false });
  };
  // Signal receivers may write too: run them and the save atomically.
  if (signals) await atomic(run, { using });
  else await run();
}

/** A file field's upload assigned since the last save is stored first (Django's `pre_save`). */
async function storePendingFiles(
  fields: ReadonlyArray<Field<unknown, boolean>>,
  instance: Model,
  updateFields: readonly string[] | undefined,
): Promise<void> {
  for (const field of fields) {
    const store = (field as { preSaveAsync?: (instance: Model) => Promise<void> }).preSaveAsync;
    if (store !== undefined && (updateFields === undefined || updateFields.includes(field.name)))
      await store.call(field, instance);
  }
}

async function existsByPk(model: AnyModelClass, pk: unknown, using: string): Promise<boolean> {
  return new QuerySet<Model>(model)
    .using(using)
    .filter({ pk } as never)
    .exists();
}

/** `instance.delete()`. @internal */
export async function deleteInstance(
  instance: Model,
  options: { using?: string } = {},
): Promise<[number, Record<string, number>]> {
  const meta = metaOf(instance.constructor as AnyModelClass);
  if (instance.pk === null || instance.pk === undefined) {
    throw new FieldError(
      `${meta.objectName} object can't be deleted because its ${meta.pk.attname} attribute is set to null.`,
    );
  }
  return collectAndDelete(
    [instance],
    options.using ?? instance[STATE].db ?? 'default',
    instance.constructor as AnyModelClass,
  );
}

/** `instance.refreshFromDb()`: reloads fields (all, or those named). @internal */
export async function refreshInstance(
  instance: Model,
  options: { fields?: readonly string[]; using?: string } = {},
): Promise<void> {
  const model = instance.constructor as AnyModelClass;
  const meta = metaOf(model);
  let qs = new QuerySet<Model>(model).using(options.using ?? instance[STATE].db ?? 'default');
  if (options.fields !== undefined) qs = qs.only(...(options.fields as never[]));
  const fresh = await qs.get({ pk: instance.pk } as never);
  const fields =
    options.fields === undefined ? meta.concreteFields : fieldsNamed(instance, options.fields);
  for (const field of fields) {
    (instance as unknown as Record<string, unknown>)[field.attname] = (
      fresh as unknown as Record<string, unknown>
    )[field.attname];
    if (field instanceof ForeignKey) delete instance[STATE].cache[field.name];
  }
}

/** `instance.fullClean()`: field validation, `clean()`, then unique checks. @internal */
export async function fullCleanInstance(
  instance: Model,
  options: { exclude?: readonly string[]; validateUnique?: boolean } = {},
): Promise<void> {
  const meta = metaOf(instance.constructor as AnyModelClass);
  const errors: Record<string, string[]> = {};
  const exclude = new Set(options.exclude ?? []);
  const record = instance as unknown as Record<string, unknown>;
  for (const field of meta.concreteFields) {
    if (exclude.has(field.name) || field.options.editable === false || field instanceof AutoField)
      continue;
    const messages = field.validate(record[field.attname]);
    if (messages.length > 0) errors[field.name] = messages;
  }
  const clean = (instance as unknown as { clean?: () => void | Promise<void> }).clean;
  if (typeof clean === 'function') {
    try {
      await clean.call(instance);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      for (const [key, list] of Object.entries(error.errorDict))
        errors[key] = [...(errors[key] ?? []), ...list];
    }
  }
  const codes = new Map<string, string>();
  if (options.validateUnique !== false) await checkUnique(instance, errors, exclude, codes);
  if (Object.keys(errors).length > 0) {
    const byField = Object.fromEntries(
      Object.entries(errors).map(([key, list]) => [key, list.map((m) => codes.get(m) ?? null)]),
    );
    throw new ValidationError(errors, byField);
  }
}

async function checkUnique(
  instance: Model,
  errors: Record<string, string[]>,
  exclude: ReadonlySet<string>,
  codes: Map<string, string>,
): Promise<void> {
  const model = instance.constructor as AnyModelClass;
  const meta = metaOf(model);
  const record = instance as unknown as Record<string, unknown>;
  const groups: string[][] = meta.concreteFields
    .filter((f) => f.unique && !f.primaryKey)
    .map((f) => [f.name]);
  for (const together of meta.options.uniqueTogether ?? []) groups.push([...together]);
  for (const constraint of meta.options.constraints ?? []) {
    if (constraint.kind === 'unique' && constraint.options.condition === undefined)
      groups.push([...constraint.options.fields]);
  }
  for (const names of groups) {
    if (names.some((n) => exclude.has(n) || errors[n] !== undefined)) continue;
    const fields = names.map((n) => meta.getField(n)!);
    if (fields.some((f) => record[f.attname] === null || record[f.attname] === undefined)) continue;
    let qs = new QuerySet<Model>(model).filter(
      Object.fromEntries(fields.map((f) => [f.attname, record[f.attname]])) as never,
    );
    if (instance.pk !== null && instance.pk !== undefined)
      qs = qs.exclude({ pk: instance.pk } as never);
    if (await qs.exists()) {
      const key = names.length === 1 ? names[0]! : '__all__';
      const message = `${capfirst(meta.verboseName)} with this ${textList(fields.map((f) => capfirst(verboseNameOf(f))))} already exists.`;
      errors[key] = [...(errors[key] ?? []), message];
      codes.set(message, names.length === 1 ? 'unique' : 'unique_together');
    }
  }
}

/** A field's verbose name: given, or its name in words (`pubDate` → `pub date`), as Django's. */
function verboseNameOf(field: Field<unknown, boolean>): string {
  return (
    field.options.verboseName ??
    field.name
      .replace(/_/g, ' ')
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .toLowerCase()
  );
}

/** Django's `get_text_list(items, 'and')`: `A`, `A and B`, `A, B and C`. */
function textList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)!}`;
}

/** `instance.fetchRelated(name)`: loads and caches one relation (FK or reverse one-to-one). @internal */
export async function fetchRelated(instance: Model, name: string): Promise<unknown> {
  delete instance[STATE].cache[name];
  await prefetchRelatedObjects([instance], [name]);
  return instance[STATE].cache[name] ?? null;
}
