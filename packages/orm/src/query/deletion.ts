import { ProtectedError, RestrictedError } from '../errors.js';
import type { ForeignKey } from '../fields/related.js';
import { quoteName } from '../internal/dialect.js';
import type { Model } from '../model/model.js';
import { STATE } from '../model/state.js';
import type { ModelMeta } from '../model/options.js';
import { metaOf } from '../model/registry.js';
import type { AnyModelClass } from '../model/types.js';
import { postDelete, preDelete } from '../signals.js';
import { atomic } from '../transaction.js';
import { connections } from '../connections.js';
import { fetchRows, sessionOf } from './execute.js';
import { QNode } from './q.js';
import { initialState } from './state.js';

const CHUNK = 500;

interface Collected {
  readonly order: ModelMeta[];
  readonly instances: Map<ModelMeta, Map<unknown, Model>>;
  readonly updates: Array<{ meta: ModelMeta; field: ForeignKey; value: unknown; pks: unknown[] }>;
  readonly restricted: Array<{ field: ForeignKey; objects: Model[] }>;
}

function add(collected: Collected, meta: ModelMeta, objects: readonly Model[]): Model[] {
  let bucket = collected.instances.get(meta);
  if (bucket === undefined) {
    bucket = new Map();
    collected.instances.set(meta, bucket);
    collected.order.push(meta);
  }
  const fresh: Model[] = [];
  for (const obj of objects) {
    if (!bucket.has(obj.pk)) {
      bucket.set(obj.pk, obj);
      fresh.push(obj);
    }
  }
  return fresh;
}

async function collect(
  collected: Collected,
  meta: ModelMeta,
  objects: readonly Model[],
  alias: string,
): Promise<void> {
  const fresh = add(collected, meta, objects);
  if (fresh.length === 0) return;
  const pks = fresh.map((o) => o.pk);
  for (const related of meta.relatedObjects) {
    if (related.manyToMany) continue; // the join model's own ForeignKeys cascade
    const field = related.field as ForeignKey;
    if (field.onDelete === 'DO_NOTHING') continue;
    const sourceMeta = metaOf(related.model);
    const found: Model[] = [];
    for (let i = 0; i < pks.length; i += CHUNK) {
      const where = [QNode.of({ [`${field.attname}__in`]: pks.slice(i, i + CHUNK) })];
      found.push(
        ...((await fetchRows({ ...initialState(sourceMeta), db: alias, where })) as Model[]),
      );
    }
    if (found.length === 0) continue;
    switch (field.onDelete) {
      case 'CASCADE':
        await collect(collected, sourceMeta, found, alias);
        break;
      case 'PROTECT':
        throw new ProtectedError(
          `Cannot delete some instances of model '${meta.objectName}' because they are referenced through protected foreign keys: '${sourceMeta.objectName}.${field.name}'.`,
          found,
        );
      case 'RESTRICT':
        collected.restricted.push({ field, objects: found });
        break;
      case 'SET_NULL':
      case 'SET_DEFAULT':
        collected.updates.push({
          meta: sourceMeta,
          field,
          value: field.onDelete === 'SET_NULL' ? null : field.getDefault(),
          pks: found.map((o) => o.pk),
        });
        break;
    }
  }
}

/**
 * Deletes `instances` and everything that cascades from them, in a transaction: collects the
 * related rows per `onDelete`, refuses on PROTECT/RESTRICT, sends preDelete/postDelete per
 * instance, and deletes children before parents.
 * @internal
 */
export async function collectAndDelete(
  instances: readonly Model[],
  alias: string,
  model: AnyModelClass,
): Promise<[number, Record<string, number>]> {
  if (instances.length === 0) return [0, {}];
  return atomic(
    async () => {
      const collected: Collected = { order: [], instances: new Map(), updates: [], restricted: [] };
      await collect(collected, metaOf(model), instances, alias);
      for (const { field, objects } of collected.restricted) {
        const sourceMeta = metaOf(field.model!);
        const stillThere = objects.filter((o) => !collected.instances.get(sourceMeta)?.has(o.pk));
        if (stillThere.length > 0) {
          throw new RestrictedError(
            `Cannot delete some instances of model '${metaOf(field.target).objectName}' because they are referenced through restricted foreign keys: '${sourceMeta.objectName}.${field.name}'.`,
            stillThere,
          );
        }
      }
      const connection = connections.get(alias);
      const session = await sessionOf(connection);
      for (const meta of collected.order) {
        if (!preDelete.hasListeners(meta.model)) continue;
        for (const obj of collected.instances.get(meta)!.values())
          await preDelete.send(meta.model, { instance: obj, using: alias, origin: instances[0] });
      }
      for (const { meta, field, value, pks } of collected.updates) {
        const rows = pks.filter((pk) => !collected.instances.get(meta)?.has(pk));
        for (let i = 0; i < rows.length; i += CHUNK) {
          const chunk = rows.slice(i, i + CHUNK);
          const marks = chunk.map((_, j) => connection.dialect.placeholder(j + 1)).join(', ');
          await session.run(
            `UPDATE ${quoteName(meta.dbTable)} SET ${quoteName(field.column)} = ${connection.dialect.placeholder(0)} WHERE ${quoteName(meta.pk.column)} IN (${marks})`,
            [field.toDb(value, connection.dialect), ...chunk],
          );
        }
      }
      const counts: Record<string, number> = {};
      let total = 0;
      for (const meta of [...collected.order].reverse()) {
        const objs = [...collected.instances.get(meta)!.values()];
        let deleted = 0;
        for (let i = 0; i < objs.length; i += CHUNK) {
          const chunk = objs.slice(i, i + CHUNK);
          const marks = chunk.map((_, j) => connection.dialect.placeholder(j)).join(', ');
          const result = await session.run(
            `DELETE FROM ${quoteName(meta.dbTable)} WHERE ${quoteName(meta.pk.column)} IN (${marks})`,
            chunk.map((o) => meta.pk.toDb(o.pk, connection.dialect)),
          );
          deleted += result.changes;
        }
        if (deleted > 0) counts[meta.label] = (counts[meta.label] ?? 0) + deleted;
        total += deleted;
      }
      for (const meta of collected.order) {
        for (const obj of collected.instances.get(meta)!.values()) {
          if (postDelete.hasListeners(meta.model))
            await postDelete.send(meta.model, {
              instance: obj,
              using: alias,
              origin: instances[0],
            });
          obj[STATE].adding = true;
          (obj as unknown as Record<string, unknown>)[meta.pk.attname] = null;
        }
      }
      return [total, counts];
    },
    { using: alias },
  );
}
