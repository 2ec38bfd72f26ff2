import { FieldError } from '../errors.js';
import { ForeignKey, ManyToManyField } from '../fields/related.js';
import type { Model } from '../model/model.js';
import { STATE } from '../model/state.js';
import type { ModelMeta, RelatedObject } from '../model/options.js';
import { metaOf } from '../model/registry.js';
import { fetchRows } from './execute.js';
import { QNode } from './q.js';
import { type QueryState, initialState } from './state.js';

const CHUNK = 900;

function groupBy<T>(items: readonly T[], key: (item: T) => unknown): Map<unknown, T[]> {
  const out = new Map<unknown, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list === undefined) out.set(k, [item]);
    else list.push(item);
  }
  return out;
}

async function fetchIn(
  meta: ModelMeta,
  column: string,
  ids: readonly unknown[],
  db: string | undefined,
  extra: Partial<QueryState> = {},
): Promise<Model[]> {
  const out: Model[] = [];
  const unique = [...new Set(ids.filter((v) => v !== null && v !== undefined))];
  for (let i = 0; i < unique.length; i += CHUNK) {
    const where = [QNode.of({ [`${column}__in`]: unique.slice(i, i + CHUNK) })];
    const state: QueryState = { ...initialState(meta), db, where, ...extra };
    out.push(...((await fetchRows(state)) as Model[]));
  }
  return out;
}

type Level = (instances: Model[], db: string | undefined) => Promise<Model[]>;

function forwardLevel(field: ForeignKey): Level {
  return async (instances, db) => {
    const target = metaOf(field.target);
    const rows = await fetchIn(
      target,
      'pk',
      instances.map((i) => (i as unknown as Record<string, unknown>)[field.attname]),
      db,
    );
    const byPk = new Map<unknown, Model>(rows.map((r) => [r.pk as unknown, r]));
    for (const inst of instances) {
      const id = (inst as unknown as Record<string, unknown>)[field.attname];
      inst[STATE].cache[field.name] =
        id === null || id === undefined ? null : (byPk.get(id) ?? null);
    }
    return rows;
  };
}

function reverseLevel(related: RelatedObject): Level {
  return async (instances, db) => {
    const field = related.field as ForeignKey;
    const rows = await fetchIn(
      metaOf(related.model),
      field.attname,
      instances.map((i) => i.pk),
      db,
    );
    const groups = groupBy(rows, (r) => (r as unknown as Record<string, unknown>)[field.attname]);
    for (const inst of instances) {
      const list = groups.get(inst.pk) ?? [];
      inst[STATE].cache[related.accessorName] = related.oneToOne ? (list[0] ?? null) : list;
      if (!related.oneToOne) for (const child of list) child[STATE].cache[field.name] = inst;
    }
    return rows;
  };
}

/** Many-to-many: one query on the join table with the target JOINed in. */
function manyLevel(field: ManyToManyField, name: string, reverse: boolean): Level {
  return async (instances, db) => {
    const through = field.through!;
    const from = reverse ? through.target : through.source;
    const to = reverse ? through.source : through.target;
    const links = await fetchIn(
      metaOf(through.model),
      from.attname,
      instances.map((i) => i.pk),
      db,
      { selectRelated: [to.name], order: targetOrdering(to) },
    );
    const groups = groupBy(links, (l) => (l as unknown as Record<string, unknown>)[from.attname]);
    const targets: Model[] = [];
    for (const inst of instances) {
      const list = (groups.get(inst.pk) ?? []).map((l) => l[STATE].cache[to.name] as Model);
      inst[STATE].cache[name] = list;
      targets.push(...list);
    }
    return targets;
  };
}

/** The related model's Meta.ordering, seen from the join model (`tag__name`). */
function targetOrdering(to: ForeignKey): string[] {
  return metaOf(to.target).ordering.map((term) =>
    term === '?'
      ? term
      : term.startsWith('-')
        ? `-${to.name}__${term.slice(1)}`
        : `${to.name}__${term}`,
  );
}

/** The objects already loaded for `name` (by selectRelated or an earlier prefetch), if all are. */
function alreadyLoaded(instances: readonly Model[], name: string): Model[] | undefined {
  const out: Model[] = [];
  for (const instance of instances) {
    const cache = instance[STATE].cache;
    if (!(name in cache)) return undefined;
    const value = cache[name];
    if (Array.isArray(value)) out.push(...(value as Model[]));
    else if (value !== null && value !== undefined) out.push(value as Model);
  }
  return [...new Set(out)];
}

function levelFor(meta: ModelMeta, name: string): { level: Level; target: ModelMeta } {
  const field = meta.getField(name);
  if (field instanceof ForeignKey && field.name === name)
    return { level: forwardLevel(field), target: metaOf(field.target) };
  if (field instanceof ManyToManyField)
    return { level: manyLevel(field, name, false), target: metaOf(field.target) };
  const related = meta.relatedObjects.find((r) => r.accessorName === name);
  if (related !== undefined && !related.accessorName.endsWith('+')) {
    if (related.manyToMany) {
      return {
        level: manyLevel(related.field as ManyToManyField, name, true),
        target: metaOf(related.model),
      };
    }
    return { level: reverseLevel(related), target: metaOf(related.model) };
  }
  throw new FieldError(
    `Cannot find '${name}' on ${meta.objectName} object, '${name}' is an invalid parameter to prefetchRelated().`,
  );
}

/**
 * Loads the relations named by `paths` (`comments__author`) onto `instances`: one query per
 * relation level, whatever the number of instances (chunked for very large sets).
 */
export async function prefetchRelatedObjects(
  instances: readonly Model[],
  paths: readonly string[],
): Promise<void> {
  if (instances.length === 0) return;
  const done = new Map<string, Model[]>();
  for (const path of paths) {
    const parts = path.split('__');
    let current: Model[] = [...instances];
    let meta = metaOf(instances[0]!.constructor as never);
    let prefix = '';
    for (const part of parts) {
      prefix = prefix === '' ? part : `${prefix}__${part}`;
      const { level, target } = levelFor(meta, part);
      let next = done.get(prefix) ?? alreadyLoaded(current, part);
      if (next === undefined) {
        next = await level(current, current[0]?.[STATE].db);
        done.set(prefix, next);
      }
      current = next;
      meta = target;
      if (current.length === 0) break;
    }
  }
}
