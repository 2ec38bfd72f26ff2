import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AnyModelClass } from '../model/types.js';
import { MigrationError } from './errors.js';
import { MigrationGraph } from './graph.js';
import { Migration } from './migration.js';
import { ProjectState } from './state.js';

/** An installed app as the migration commands see it (what `@stack/core` knows). *
 * @example
 * ```ts
 * const blog: AppInfo = { label: 'blog', models: [Author, Post], migrationsPath: join(import.meta.dirname, 'migrations') };
 * ```
 */
export interface AppInfo {
  /** The app label (`blog`). */
  readonly label: string;
  /** The app's model classes. */
  readonly models: readonly AnyModelClass[];
  /** The folder holding the app's migration files (created by `makemigrations`). */
  readonly migrationsPath: string;
  /**
   * The app's loaded modules (its models module) and their exports: a function option a
   * migration records (a `FileField`'s `uploadTo`) is written as an import of the export that
   * is this function.
   */
  readonly modules?: readonly AppModule[];
}

/** A loaded module of an app: its file and what it exports. */
export interface AppModule {
  readonly file: string;
  readonly exports: Readonly<Record<string, unknown>>;
}

const FILE = /^(\d{4}_[A-Za-z0-9_]+)\.(?:ts|mts|js|mjs)$/;

/** The migration file names of a folder (`0001_initial.ts`), by migration name. */
export async function migrationFiles(folder: string): Promise<Map<string, string>> {
  let entries: string[];
  try {
    entries = await readdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw error;
  }
  const out = new Map<string, string>();
  for (const entry of entries.sort()) {
    if (entry.endsWith('.d.ts') || entry.includes('.test.')) continue;
    const match = FILE.exec(entry);
    if (match === null) continue;
    const name = match[1]!;
    if (out.has(name))
      throw new MigrationError(`Two files define migration '${name}' in ${folder}.`);
    out.set(name, join(folder, entry));
  }
  return out;
}

/** Imports every migration file of the apps (dynamic `import()`; TypeScript under tsx/vitest). *
 * @example
 * ```ts
 * const migrations = await loadMigrations([{ label: 'blog', models: [Post], migrationsPath: 'blog/migrations' }]);
 * migrations[0]!.key; // 'blog.0001_initial'
 * ```
 */
export async function loadMigrations(apps: readonly AppInfo[]): Promise<Migration[]> {
  const out: Migration[] = [];
  for (const app of apps) {
    for (const [name, path] of await migrationFiles(app.migrationsPath)) {
      const module = (await import(pathToFileURL(path).href)) as { default?: unknown };
      if (!(module.default instanceof Migration))
        throw new MigrationError(`${path} must \`export default new Migration({ … })\`.`);
      const migration = module.default;
      migration.app = app.label;
      migration.name = name;
      out.push(migration);
    }
  }
  return out;
}

/**
 * The graph of the loaded migrations. A squashed migration stands in for the ones it replaces
 * when they are all applied or none is; otherwise the originals are kept until they are.
 *
 * @example
 * ```ts
 * const graph = buildGraph(await loadMigrations(apps), await new MigrationRecorder(connection).applied());
 * ```
 */
export function buildGraph(
  migrations: readonly Migration[],
  applied: ReadonlySet<string> = new Set(),
): MigrationGraph {
  const byKey = new Map(migrations.map((m) => [m.key, m]));
  const replacedBy = new Map<string, string>();
  const dropped = new Set<string>();
  for (const migration of migrations) {
    if (migration.replaces.length === 0) continue;
    const keys = migration.replaces.map(([a, n]) => `${a}.${n}`);
    const count = keys.filter((k) => applied.has(k)).length;
    if (count === 0 || count === keys.length) {
      for (const key of keys) {
        replacedBy.set(key, migration.key);
        dropped.add(key);
      }
    } else dropped.add(migration.key);
  }
  const graph = new MigrationGraph();
  for (const migration of migrations) {
    if (dropped.has(migration.key)) continue;
    const deps = migration.dependencies.map(([a, n]): readonly [string, string] => {
      const target = byKey.get(replacedBy.get(`${a}.${n}`) ?? '');
      return target === undefined ? [a, n] : [target.app, target.name];
    });
    graph.add(
      migration,
      deps.filter(([a, n]) => `${a}.${n}` !== migration.key),
    );
  }
  graph.link();
  return graph;
}

/** The project state after the given migrations, applied in graph order. */
export function stateAfter(graph: MigrationGraph, keys: Iterable<string>): ProjectState {
  const wanted = new Set(keys);
  const state = new ProjectState();
  for (const key of graph.topologicalOrder())
    if (wanted.has(key)) graph.node(key).mutateState(state);
  return state;
}

/** The state the whole graph builds (every leaf applied). */
export function fullState(graph: MigrationGraph): ProjectState {
  return stateAfter(graph, graph.nodes.keys());
}
