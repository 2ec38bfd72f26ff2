import { connections } from '../connections.js';
import { MigrationEditor } from './editor.js';
import {
  type MigrationProgress,
  type PlanStep,
  loadProject,
  migrationPlan,
  resolveMigration,
  runStep,
  targetsOf,
} from './executor.js';
import { detectChanges } from './autodetector.js';
import type { MigrationGraph } from './graph.js';
import { type AppInfo, fullState, stateAfter } from './loader.js';
import { ProjectState } from './state.js';

/** Options of {@link migrate} (`stack migrate [app] [target] [--fake] [--plan]`). */
export interface MigrateOptions {
  readonly apps: readonly AppInfo[];
  /** Only this app (with `target`: migrate it to that migration, or `'zero'`). */
  readonly app?: string;
  /** A migration name (or unique prefix like `0002`) of `app`, or `'zero'` to unapply them all. */
  readonly target?: string;
  /** Record the migrations as applied (or unapplied) without running their SQL. */
  readonly fake?: boolean;
  /** Only report the plan. */
  readonly plan?: boolean;
  /** The database alias (default `'default'`). */
  readonly using?: string;
  readonly progress?: (event: MigrationProgress) => void;
  readonly stdout?: (line: string) => void;
}

/** The apps whose models differ from their migrations (Django's warning after `migrate`). */
async function unmigratedApps(apps: readonly AppInfo[], graph: MigrationGraph): Promise<string[]> {
  try {
    const to = ProjectState.fromModels(apps.flatMap((a) => a.models));
    const changes = await detectChanges(
      fullState(graph),
      to,
      apps.map((a) => a.label),
      () => false,
    );
    return [...changes.keys()];
  } catch {
    return []; // makemigrations reports the reason (a missing default) when it is run
  }
}

/** What {@link migrate} did or, with `plan`, would do. */
export interface MigrateResult {
  /** Apps whose models have changes no migration holds yet. */
  readonly unmigrated?: readonly string[];
  readonly plan: ReadonlyArray<{
    readonly migration: string;
    readonly backwards: boolean;
    readonly operations: readonly string[];
  }>;
}

function describePlan(plan: readonly PlanStep[]) {
  return plan.map(({ migration, backwards }) => ({
    migration: migration.key,
    backwards,
    operations: migration.operations.map((op) => op.describe()),
  }));
}

/**
 * Applies (or unapplies) migrations to reach the targets (Django's `migrate`): each migration
 * in its own transaction, recorded in `stack_migrations`. On PostgreSQL the whole run holds an
 * advisory lock, so several nodes started at once apply each migration once (Django has none).
 *
 * @example
 * ```ts
 * await migrate({ apps, stdout: console.log });
 * //   Applying blog.0001_initial... OK
 * await migrate({ apps, app: 'blog', target: 'zero' });
 * //   Unapplying blog.0001_initial... OK
 * ```
 */
export async function migrate(options: MigrateOptions): Promise<MigrateResult> {
  return connections
    .get(options.using ?? 'default')
    .withMigrationLock(() => migrateLocked(options));
}

async function migrateLocked(options: MigrateOptions): Promise<MigrateResult> {
  const print = options.stdout ?? (() => undefined);
  const loaded = await loadProject(options.apps, options.using);
  loaded.graph.ensureNoConflicts();
  const targets = targetsOf(loaded.graph, options.app, options.target);
  const plan = migrationPlan(loaded.graph, loaded.applied, targets);
  if (options.plan === true) {
    print('Planned operations:');
    if (plan.length === 0) print('  No planned migration operations.');
    for (const step of plan) {
      print(`${step.migration.key}${step.backwards ? ' (backwards)' : ''}`);
      for (const op of step.migration.operations) print(`    ${op.describe()}`);
    }
    return { plan: describePlan(plan) };
  }
  print('Running migrations:');
  if (plan.length === 0) print('  No migrations to apply.');
  const fake = options.fake === true;
  for (const step of plan) {
    const key = step.migration.key;
    options.progress?.({
      action: step.backwards ? 'unapplyStart' : 'applyStart',
      migration: key,
      fake,
    });
    await runStep(loaded, step, fake);
    options.progress?.({
      action: step.backwards ? 'unapplySuccess' : 'applySuccess',
      migration: key,
      fake,
    });
    print(`  ${step.backwards ? 'Unapplying' : 'Applying'} ${key}...${fake ? ' FAKED' : ' OK'}`);
  }
  const unmigrated = await unmigratedApps(options.apps, loaded.graph);
  if (unmigrated.length > 0) {
    print(
      `  Your models in app(s): ${unmigrated.map((a) => `'${a}'`).join(', ')} have changes that are not yet reflected in a migration, and so won't be applied.`,
    );
    print(
      "  Run 'stack makemigrations' to make new migrations, and then re-run 'stack migrate' to apply them.",
    );
  }
  return { plan: describePlan(plan), unmigrated };
}

/** Options of {@link showmigrations}. */
export interface ShowmigrationsOptions {
  readonly apps: readonly AppInfo[];
  readonly appLabels?: readonly string[];
  readonly using?: string;
  readonly stdout?: (line: string) => void;
}

/**
 * Lists each app's migrations with `[X]` for applied ones (Django's `showmigrations`).
 *
 * @example
 * ```ts
 * await showmigrations({ apps, stdout: console.log });
 * // blog
 * //  [X] 0001_initial
 * //  [ ] 0002_add_post_views
 * ```
 */
export async function showmigrations(
  options: ShowmigrationsOptions,
): Promise<Record<string, Array<{ name: string; applied: boolean }>>> {
  const print = options.stdout ?? (() => undefined);
  const { graph, applied } = await loadProject(options.apps, options.using);
  const out: Record<string, Array<{ name: string; applied: boolean }>> = {};
  const order = graph.topologicalOrder();
  for (const app of options.appLabels ?? options.apps.map((a) => a.label)) {
    print(app);
    const list = order
      .map((k) => graph.node(k))
      .filter((m) => m.app === app)
      .map((m) => ({ name: m.name, applied: applied.has(m.key) }));
    if (list.length === 0) print(' (no migrations)');
    for (const item of list) print(` [${item.applied ? 'X' : ' '}] ${item.name}`);
    out[app] = list;
  }
  return out;
}

/** Options of {@link sqlmigrate}. */
export interface SqlmigrateOptions {
  readonly apps: readonly AppInfo[];
  readonly app: string;
  readonly name: string;
  /** The SQL that unapplies the migration instead. */
  readonly backwards?: boolean;
  readonly using?: string;
  readonly stdout?: (line: string) => void;
}

/**
 * The SQL statements of one migration for the database's dialect, collected without running
 * anything (Django's `sqlmigrate`), wrapped in BEGIN/COMMIT when the migration is atomic.
 *
 * @example
 * ```ts
 * await sqlmigrate({ apps, app: 'blog', name: '0001' });
 * // ['BEGIN;', 'CREATE TABLE "blog_post" (…);', 'COMMIT;']
 * ```
 */
export async function sqlmigrate(options: SqlmigrateOptions): Promise<string[]> {
  const { graph, connection } = await loadProject(options.apps, options.using);
  const migration = resolveMigration(graph, options.app, options.name);
  const editor = new MigrationEditor(connection, true);
  const before = stateAfter(
    graph,
    graph.forwardsPlan(migration.key).filter((k) => k !== migration.key),
  );
  if (options.backwards === true) await migration.unapply(before, editor);
  else await migration.apply(before, editor);
  const lines = migration.atomic ? ['BEGIN;', ...editor.collected, 'COMMIT;'] : editor.collected;
  for (const line of lines) options.stdout?.(line);
  return lines;
}
