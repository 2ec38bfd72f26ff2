import type { CheckConstraint, Index, UniqueConstraint } from '../model/options.js';
import { fieldSignature } from './deconstruct.js';
import type { Operation } from './operations/base.js';
import {
  AddField,
  AlterField,
  RemoveField,
  RenameField,
  isRelationField,
} from './operations/fields.js';
import { AddConstraint, AddIndex, RemoveConstraint, RemoveIndex } from './operations/indexes.js';
import { AlterModelTable, CreateModel, DeleteModel, RenameModel } from './operations/models.js';
import {
  type Prompt,
  askNotNullAddition,
  askNotNullAlteration,
  withDefault,
} from './questioner.js';
import { type AnyField, type ModelState, type ProjectState, relationLabel } from './state.js';

/** Asks a yes/no question (a rename); resolves true for yes. */
export type Ask = (question: string) => boolean | Promise<boolean>;

/** The operations one app needs, and the other apps its new relations point into. */
export interface AppChanges {
  readonly operations: Operation[];
  readonly dependsOn: Set<string>;
}

function modelSignature(model: ModelState): string {
  return JSON.stringify([...model.fields].map(([n, f]) => [n, fieldSignature(f, model.app)]));
}

function relationTargets(fields: Iterable<AnyField>, app: string): string[] {
  return [...fields].filter(isRelationField).map((f) => relationLabel(f, app).toLowerCase());
}

function byName<T extends { name: string }>(items: readonly T[] | undefined): Map<string, T> {
  return new Map((items ?? []).map((i) => [i.name, i]));
}

function sameOptions(
  a: Index | UniqueConstraint | CheckConstraint,
  b: Index | UniqueConstraint | CheckConstraint,
): boolean {
  return a.constructor === b.constructor && JSON.stringify(a.options) === JSON.stringify(b.options);
}

/** New models ordered so a model comes after the models of the same batch it points at. */
function sortByDependencies(models: ModelState[]): ModelState[] {
  const keys = new Set(models.map((m) => m.key));
  const out: ModelState[] = [];
  const done = new Set<string>();
  const visit = (model: ModelState, path: Set<string>) => {
    if (done.has(model.key) || path.has(model.key)) return;
    path.add(model.key);
    for (const target of relationTargets(model.fields.values(), model.app)) {
      const dep = models.find((m) => m.key === target);
      if (dep !== undefined && keys.has(target) && dep !== model) visit(dep, path);
    }
    done.add(model.key);
    out.push(model);
  };
  for (const model of models) visit(model, new Set());
  return out;
}

/**
 * Compares the state the migration files build with the state of the models, and returns the
 * operations each app needs (Django's `MigrationAutodetector`). Renames are guessed when a
 * removed and an added model or field look the same, and confirmed through `ask`. A NOT NULL
 * field without a default added to an existing model (or a nullable field made NOT NULL) asks
 * `prompt` for a one-off default; without `prompt` the addition is a `MigrationError`.
 *
 * @example
 * ```ts
 * const changes = await detectChanges(fullState(graph), ProjectState.fromModels([Post]), ['blog'], () => false);
 * changes.get('blog')?.operations.map((op) => op.describe()); // ['Add field views to Post']
 * ```
 */
export async function detectChanges(
  from: ProjectState,
  to: ProjectState,
  apps: readonly string[],
  ask: Ask,
  prompt?: Prompt,
): Promise<Map<string, AppChanges>> {
  const out = new Map<string, AppChanges>();
  for (const app of apps) {
    const current = from.clone();
    const changes: AppChanges = { operations: [], dependsOn: new Set() };
    const emit = (op: Operation, fields: Iterable<AnyField> = []) => {
      op.stateForwards(app, current);
      changes.operations.push(op);
      for (const target of relationTargets(fields, app)) {
        const targetApp = target.slice(0, target.indexOf('.'));
        if (targetApp !== app) changes.dependsOn.add(targetApp);
      }
    };
    await detectModels(app, current, to, ask, emit);
    for (const model of to.appModels(app)) {
      if (current.has(app, model.name))
        await detectFields(current.model(app, model.name), model, { ask, prompt }, emit);
    }
    const removed = current.appModels(app).filter((m) => !to.has(app, m.name));
    for (const model of sortByDependencies(removed).reverse())
      emit(new DeleteModel({ name: model.name }));
    if (changes.operations.length > 0) out.set(app, changes);
  }
  return out;
}

async function detectModels(
  app: string,
  current: ProjectState,
  to: ProjectState,
  ask: Ask,
  emit: (op: Operation, fields?: Iterable<AnyField>) => void,
): Promise<void> {
  const added = to.appModels(app).filter((m) => !current.has(app, m.name));
  const created: ModelState[] = [];
  for (const model of added) {
    const removed = current.appModels(app).filter((m) => !to.has(app, m.name));
    const candidate = removed.find((old) => modelSignature(old) === modelSignature(model));
    if (
      candidate !== undefined &&
      (await ask(`Was the model ${app}.${candidate.name} renamed to ${model.name}? [y/N]`))
    ) {
      emit(new RenameModel({ oldName: candidate.name, newName: model.name }));
    } else created.push(model);
  }
  // A relation to a model of this batch not created yet (a cycle) is added after the CreateModels.
  const pending = new Set(created.map((m) => m.key));
  const deferred: AddField[] = [];
  for (const model of sortByDependencies(created)) {
    pending.delete(model.key);
    const fields: Record<string, AnyField> = {};
    for (const [name, field] of model.fields) {
      const target = isRelationField(field) ? relationLabel(field, app).toLowerCase() : undefined;
      if (target !== undefined && pending.has(target))
        deferred.push(new AddField({ modelName: model.name, name, field }));
      else fields[name] = field;
    }
    emit(
      new CreateModel({ name: model.name, fields, options: { ...model.options } }),
      Object.values(fields),
    );
  }
  for (const op of deferred) emit(op, [op.field]);
  for (const model of to.appModels(app)) {
    const old = current.has(app, model.name) ? current.model(app, model.name) : undefined;
    if (old !== undefined && old.options.dbTable !== model.options.dbTable)
      emit(
        new AlterModelTable({
          name: model.name,
          ...(model.options.dbTable !== undefined && { table: model.options.dbTable }),
        }),
      );
  }
}

function isAutoDate(field: AnyField): boolean {
  const { autoNow, autoNowAdd } = field as unknown as { autoNow?: boolean; autoNowAdd?: boolean };
  return autoNow === true || autoNowAdd === true;
}

/** A NOT NULL column without a default, whose existing rows need a value. */
function needsDefault(field: AnyField): boolean {
  return !field.null && field.concrete && field.options.default === undefined && !isAutoDate(field);
}

/**
 * Django adds a blank field that takes `''` (text, file) without asking: its existing rows get
 * `''` (Django's `effective_default`). Our migration files leave `blank` out, so the `''` is
 * written as the one-off default instead, which gives the same rows and the same schema.
 */
function blankTakesEmptyString(field: AnyField): boolean {
  return field.options.blank === true && field.emptyStringsAllowed;
}

async function detectFields(
  old: ModelState,
  model: ModelState,
  questions: { ask: Ask; prompt: Prompt | undefined },
  emit: (op: Operation, fields?: Iterable<AnyField>) => void,
): Promise<void> {
  const { ask, prompt } = questions;
  const app = model.app;
  const modelName = model.name;
  const sig = (f: AnyField) => fieldSignature(f, app);
  for (const [name, field] of model.fields) {
    if (old.fields.has(name)) continue;
    const candidate = [...old.fields].find(
      ([n, f]) => !model.fields.has(n) && sig(f) === sig(field),
    );
    if (
      candidate !== undefined &&
      (await ask(
        `Was ${modelName}.${candidate[0]} renamed to ${modelName}.${name} (a ${field.constructor.name})? [y/N]`,
      ))
    )
      emit(new RenameField({ modelName, oldName: candidate[0], newName: name }));
  }
  const oldIndexes = byName(old.options.indexes);
  const newIndexes = byName(model.options.indexes);
  const oldConstraints = byName(old.options.constraints);
  const newConstraints = byName(model.options.constraints);
  for (const [name, index] of oldIndexes) {
    const next = newIndexes.get(name);
    if (next === undefined || !sameOptions(index, next)) emit(new RemoveIndex({ modelName, name }));
  }
  for (const [name, constraint] of oldConstraints) {
    const next = newConstraints.get(name);
    if (next === undefined || !sameOptions(constraint, next))
      emit(new RemoveConstraint({ modelName, name }));
  }
  for (const name of old.fields.keys())
    if (!model.fields.has(name)) emit(new RemoveField({ modelName, name }));
  for (const [name, field] of model.fields) {
    if (old.fields.has(name)) continue;
    if (needsDefault(field)) {
      const value = blankTakesEmptyString(field)
        ? ''
        : await askNotNullAddition(prompt, field, name, modelName);
      const oneOff = withDefault(field, value);
      emit(new AddField({ modelName, name, field: oneOff, preserveDefault: false }), [field]);
    } else emit(new AddField({ modelName, name, field }), [field]);
  }
  for (const [name, field] of model.fields) {
    const before = old.fields.get(name);
    if (before === undefined || sig(before) === sig(field)) continue;
    const value =
      before.null && needsDefault(field)
        ? await askNotNullAlteration(prompt, field, name, modelName)
        : undefined;
    if (value === undefined) emit(new AlterField({ modelName, name, field }), [field]);
    else {
      const oneOff = withDefault(field, value);
      emit(new AlterField({ modelName, name, field: oneOff, preserveDefault: false }), [field]);
    }
  }
  for (const [name, index] of newIndexes) {
    const prev = oldIndexes.get(name);
    if (prev === undefined || !sameOptions(prev, index)) emit(new AddIndex({ modelName, index }));
  }
  for (const [name, constraint] of newConstraints) {
    const prev = oldConstraints.get(name);
    if (prev === undefined || !sameOptions(prev, constraint))
      emit(new AddConstraint({ modelName, constraint }));
  }
}
