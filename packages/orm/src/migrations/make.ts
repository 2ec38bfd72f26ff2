import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { type Ask, detectChanges } from './autodetector.js';
import { MigrationError } from './errors.js';
import type { MigrationGraph } from './graph.js';
import { type AppInfo, buildGraph, fullState, loadMigrations } from './loader.js';
import type { MigrationKey } from './migration.js';
import type { Operation } from './operations/base.js';
import { CreateModel } from './operations/models.js';
import type { Prompt } from './questioner.js';
import { ProjectState } from './state.js';
import { type FunctionResolver, renderMigration } from './writer.js';

/** Options of {@link makemigrations} (`stack makemigrations [app] [--check] …`). */
export interface MakemigrationsOptions {
  /** Every installed app (relations may cross them). */
  readonly apps: readonly AppInfo[];
  /** Only these app labels (default: all). */
  readonly appLabels?: readonly string[];
  /** Write nothing; `ok` is false when a migration would be written (for CI). */
  readonly check?: boolean;
  /** The new migration's name (after its number). */
  readonly name?: string;
  /** Write an empty migration for each app in `appLabels` (for RunSQL/RunCode by hand). */
  readonly empty?: boolean;
  /** Show what would be written without writing. */
  readonly dryRun?: boolean;
  /** Write merge migrations for apps with conflicting leaves. */
  readonly merge?: boolean;
  /** Answers rename questions; without it (`--noinput`) renames are never assumed. */
  readonly ask?: Ask;
  /**
   * Answers choice and value questions (a one-off default for a new NOT NULL field); without
   * it (`--noinput`) such a field is a `MigrationError` telling to add a default.
   */
  readonly prompt?: Prompt;
  /** Where lines of output go (default: nowhere). */
  readonly stdout?: (line: string) => void;
  /** The module the generated files import from (default `'@stack/orm'`). */
  readonly ormModule?: string;
}

/** One migration file makemigrations wrote (or would write). */
export interface WrittenMigration {
  readonly app: string;
  readonly name: string;
  readonly path: string;
  readonly source: string;
  readonly operations: readonly string[];
}

/** What {@link makemigrations} did; `ok` is false in check mode when changes were found. */
export interface MakemigrationsResult {
  readonly ok: boolean;
  readonly migrations: readonly WrittenMigration[];
}

function nextNumber(graph: MigrationGraph, app: string): number {
  const numbers = [...graph.nodes.values()]
    .filter((m) => m.app === app)
    .map((m) => Number.parseInt(m.name.slice(0, 4), 10));
  return numbers.length === 0 ? 1 : Math.max(...numbers) + 1;
}

const NAME = /^[A-Za-z0-9_]+$/;

/** Django's automatic name: `initial`, one operation's fragment, or joined fragments. *
 * @example
 * ```ts
 * suggestName([new AddField({ modelName: 'Post', name: 'slug', field })], false); // 'add_post_slug'
 * ```
 */
export function suggestName(operations: readonly Operation[], initial: boolean): string {
  if (initial) return 'initial';
  if (operations.length === 0) return 'auto';
  if (operations.every((op) => op instanceof CreateModel))
    return operations
      .map((op) => op.migrationNameFragment)
      .join('_')
      .slice(0, 52);
  const name = operations.map((op) => op.migrationNameFragment).join('_');
  return name.length > 52
    ? `auto_${new Date().toISOString().slice(0, 16).replace(/[-:T]/g, '')}`
    : name;
}

function appInfo(apps: readonly AppInfo[], label: string): AppInfo {
  const app = apps.find((a) => a.label === label);
  if (app === undefined) throw new MigrationError(`No installed app with label '${label}'.`);
  return app;
}

interface Planned {
  app: string;
  operations: readonly Operation[];
  dependencies: MigrationKey[];
  initial: boolean;
  name: string;
}

/**
 * Finds a function among the exports of the apps' modules, named as a migration in `folder`
 * imports it (`'../models.js'` for `models.ts`), as Django's writer names a module-level function.
 */
export function functionResolver(apps: readonly AppInfo[], folder: string): FunctionResolver {
  return (fn) => {
    for (const app of apps)
      for (const module of app.modules ?? [])
        for (const [name, value] of Object.entries(module.exports))
          if (value === fn && name !== 'default') {
            let specifier = relative(folder, module.file).split(sep).join('/');
            specifier = specifier.replace(/\.([mc]?)ts$/, '.$1js');
            return { name, module: specifier.startsWith('.') ? specifier : `./${specifier}` };
          }
    return undefined;
  };
}

async function write(
  options: MakemigrationsOptions,
  planned: Planned[],
): Promise<WrittenMigration[]> {
  const out: WrittenMigration[] = [];
  const print = options.stdout ?? (() => undefined);
  for (const p of planned) {
    const folder = appInfo(options.apps, p.app).migrationsPath;
    const path = join(folder, `${p.name}.ts`);
    const source = renderMigration(
      { app: p.app, dependencies: p.dependencies, operations: p.operations, initial: p.initial },
      {
        ...(options.ormModule !== undefined && { ormModule: options.ormModule }),
        resolveFunction: functionResolver(options.apps, folder),
      },
    );
    const descriptions = p.operations.map((op) => op.describe());
    print(`Migrations for '${p.app}':`);
    print(`  ${relative(process.cwd(), path) || path}`);
    for (const d of descriptions) print(`    + ${d}`);
    if (options.dryRun !== true && options.check !== true) {
      await mkdir(folder, { recursive: true });
      await writeFile(path, source, { flag: 'wx' });
    }
    out.push({ app: p.app, name: p.name, path, source, operations: descriptions });
  }
  return out;
}

/** A `--name` checked to be letters, digits and underscores (it becomes a file name). */
export function checkedName(name: string | undefined): string | undefined {
  if (name !== undefined && !NAME.test(name))
    throw new MigrationError(
      `The migration name '${name}' must be letters, digits and underscores only.`,
    );
  return name;
}

function leafKey(graph: MigrationGraph, app: string): MigrationKey | undefined {
  const leaf = graph.leafNodes(app)[0];
  return leaf === undefined ? undefined : [app, graph.node(leaf).name];
}

/**
 * Writes the migrations that bring the files up to date with the models (Django's
 * `makemigrations`): one `NNNN_name.ts` per changed app, with dependencies on the app's last
 * migration and on the apps its new relations point into.
 *
 * @example
 * ```ts
 * const result = await makemigrations({ apps: [{ label: 'blog', models: [Post], migrationsPath: 'blog/migrations' }] });
 * // Migrations for 'blog':
 * //   blog/migrations/0002_add_post_views.ts
 * //     + Add field views to Post
 * ```
 */
export async function makemigrations(
  options: MakemigrationsOptions,
): Promise<MakemigrationsResult> {
  const name = checkedName(options.name);
  const labels = options.appLabels ?? options.apps.map((a) => a.label);
  for (const label of labels) appInfo(options.apps, label);
  const graph = buildGraph(await loadMigrations(options.apps));
  if (options.merge === true) return mergeMigrations(options, graph, labels);
  graph.ensureNoConflicts();
  const print = options.stdout ?? (() => undefined);
  if (options.empty === true) {
    const planned = labels.map((app) => {
      const dep = leafKey(graph, app);
      return {
        app,
        operations: [],
        dependencies: dep === undefined ? [] : [dep],
        initial: dep === undefined,
        name: `${String(nextNumber(graph, app)).padStart(4, '0')}_${name ?? 'auto'}`,
      };
    });
    return { ok: true, migrations: await write(options, planned) };
  }
  const from = fullState(graph);
  const to = ProjectState.fromModels(options.apps.flatMap((a) => a.models));
  const ask: Ask = options.ask ?? (() => false);
  const changes = await detectChanges(from, to, labels, ask, options.prompt);
  if (changes.size === 0) {
    print(
      labels.length === 1 ? `No changes detected in app '${labels[0]!}'` : 'No changes detected',
    );
    return { ok: true, migrations: [] };
  }
  const planned = new Map<string, Planned>();
  for (const [app, change] of changes) {
    const dep = leafKey(graph, app);
    const number = String(nextNumber(graph, app)).padStart(4, '0');
    planned.set(app, {
      app,
      operations: change.operations,
      dependencies: dep === undefined ? [] : [dep],
      initial: dep === undefined,
      name: `${number}_${name ?? suggestName(change.operations, dep === undefined)}`,
    });
  }
  for (const [app, change] of changes) {
    for (const other of [...change.dependsOn].sort()) {
      const target = planned.get(other)?.name ?? leafKey(graph, other)?.[1];
      if (target === undefined)
        throw new MigrationError(
          `${app} has a relation into '${other}', which has no migrations: run makemigrations for '${other}' too.`,
        );
      planned.get(app)!.dependencies.push([other, target]);
    }
  }
  const written = await write(options, [...planned.values()]);
  return { ok: options.check !== true, migrations: written };
}

async function mergeMigrations(
  options: MakemigrationsOptions,
  graph: MigrationGraph,
  labels: readonly string[],
): Promise<MakemigrationsResult> {
  const print = options.stdout ?? (() => undefined);
  const conflicts = graph.conflicts();
  const planned: Planned[] = [];
  for (const [app, leaves] of Object.entries(conflicts)) {
    if (!labels.includes(app)) continue;
    const question = `Merge the migration branches ${leaves.join(', ')} of '${app}'? [y/N]`;
    if (options.ask !== undefined && !(await options.ask(question))) continue;
    const number = String(nextNumber(graph, app)).padStart(4, '0');
    const suffix = options.name ?? `merge_${leaves.map((l) => l.slice(0, 4)).join('_')}`;
    planned.push({
      app,
      operations: [],
      dependencies: leaves.map((l): MigrationKey => [app, l]),
      initial: false,
      name: `${number}_${checkedName(suffix)!}`,
    });
  }
  if (planned.length === 0) {
    print('No conflicts detected to merge.');
    return { ok: true, migrations: [] };
  }
  return { ok: true, migrations: await write(options, planned) };
}
