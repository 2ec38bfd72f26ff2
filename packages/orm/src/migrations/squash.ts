import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MigrationError } from './errors.js';
import { type AppInfo, buildGraph, loadMigrations } from './loader.js';
import type { MigrationKey } from './migration.js';
import type { Operation } from './operations/base.js';
import { AddField, AlterField, RemoveField } from './operations/fields.js';
import { withDefault } from './questioner.js';
import { CreateModel, DeleteModel } from './operations/models.js';
import { RunCode } from './operations/special.js';
import { checkedName, functionResolver } from './make.js';
import { renderMigration } from './writer.js';

function createdIndex(ops: Operation[], modelName: string, upTo: number): number {
  for (let i = upTo - 1; i >= 0; i--) {
    const op = ops[i]!;
    if (op.elidable) return -1;
    if (op instanceof CreateModel && op.name.toLowerCase() === modelName.toLowerCase()) return i;
  }
  return -1;
}

/**
 * Folds field operations into the CreateModel of the same model and drops models created then
 * deleted (a small part of Django's optimizer; it never reorders across RunSQL/RunCode).
 */
export function optimize(operations: readonly Operation[]): Operation[] {
  const ops = [...operations];
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]!;
    if (!(
      op instanceof AddField ||
      op instanceof AlterField ||
      op instanceof RemoveField ||
      op instanceof DeleteModel
    ))
      continue;
    const modelName = op instanceof DeleteModel ? op.name : op.modelName;
    const at = createdIndex(ops, modelName, i);
    if (at < 0) continue;
    const create = ops[at] as CreateModel;
    const between = ops.slice(at + 1, i);
    if (op instanceof DeleteModel) {
      if (between.some((o) => o instanceof CreateModel && o.references(create.name).length > 0))
        continue;
      ops.splice(i, 1);
      ops.splice(at, 1);
      i -= 2;
      continue;
    }
    const fields = { ...create.fields };
    if (op instanceof RemoveField) delete fields[op.name];
    // A one-off default filled rows of an existing table; a table created here has none.
    else fields[op.name] = op.preserveDefault ? op.field : withDefault(op.field, undefined);
    ops[at] = new CreateModel({ name: create.name, fields, options: create.options });
    ops.splice(i, 1);
    i--;
  }
  return ops;
}

/** Options of {@link squashmigrations} (`stack squashmigrations app [from] to`). */
export interface SquashOptions {
  readonly apps: readonly AppInfo[];
  readonly app: string;
  /** The first migration to squash (default: the app's first). */
  readonly from?: string;
  readonly to: string;
  readonly name?: string;
  readonly ormModule?: string;
  readonly stdout?: (line: string) => void;
}

/**
 * Writes one migration replacing a run of an app's migrations (Django's `squashmigrations`):
 * their operations, optimized, with `replaces` so databases that applied the originals keep
 * working. Delete the originals once every database has applied the squashed one.
 *
 * @example
 * ```ts
 * await squashmigrations({ apps, app: 'blog', to: '0004' }); // blog/migrations/0001_squashed_0004_add_post_slug.ts
 * ```
 */
export async function squashmigrations(
  options: SquashOptions,
): Promise<{ name: string; path: string; source: string }> {
  checkedName(options.name);
  const app = options.apps.find((a) => a.label === options.app);
  if (app === undefined) throw new MigrationError(`No installed app with label '${options.app}'.`);
  const graph = buildGraph(await loadMigrations(options.apps));
  const find = (name: string) => {
    const matches = [...graph.nodes.values()].filter(
      (m) => m.app === options.app && m.name.startsWith(name),
    );
    if (matches.length !== 1)
      throw new MigrationError(`Cannot find exactly one migration '${name}' in '${options.app}'.`);
    return matches[0]!;
  };
  const last = find(options.to);
  const first = options.from === undefined ? undefined : find(options.from);
  const inApp = graph
    .forwardsPlan(last.key)
    .map((k) => graph.node(k))
    .filter((m) => m.app === options.app);
  const start = first === undefined ? 0 : inApp.indexOf(first);
  if (start < 0) throw new MigrationError(`${first!.name} does not come before ${last.name}.`);
  const squashed = inApp.slice(start);
  const keys = new Set(squashed.map((m) => m.key));
  const operations = squashed.flatMap((m) => [...m.operations]);
  if (operations.some((op) => op instanceof RunCode))
    throw new MigrationError(
      'RunCode operations cannot be squashed automatically: copy them into the squashed migration by hand.',
    );
  const dependencies: MigrationKey[] = [];
  for (const m of squashed)
    for (const [a, n] of m.dependencies)
      if (!keys.has(`${a}.${n}`) && !dependencies.some(([x, y]) => x === a && y === n))
        dependencies.push([a, n]);
  const name = `${squashed[0]!.name.slice(0, 4)}_${options.name ?? `squashed_${last.name}`}`;
  const source = renderMigration(
    {
      app: options.app,
      dependencies,
      operations: optimize(operations),
      replaces: squashed.map((m): MigrationKey => [m.app, m.name]),
      initial: start === 0,
    },
    {
      ...(options.ormModule !== undefined && { ormModule: options.ormModule }),
      resolveFunction: functionResolver(options.apps, app.migrationsPath),
    },
  );
  const path = join(app.migrationsPath, `${name}.ts`);
  await writeFile(path, source, { flag: 'wx' });
  options.stdout?.(`Created new squashed migration ${path}`);
  return { name, path, source };
}
