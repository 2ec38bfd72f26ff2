import {
  ImproperlyConfigured as OrmImproperlyConfigured,
  connections,
  MigrationError,
  makemigrations,
  migrate,
  showmigrations,
  sqlmigrate,
  squashmigrations,
  type MigrationProgress,
  type Question,
} from '@stack/orm';
import { apps } from '../apps.js';
import type { Command, CommandContext, CommandOutput } from '../command.js';
import { CommandError } from '../errors.js';
import { askQuestion, askYesNo } from '../internal/ask.js';
import { isProjectApp, migrationApps, ormModuleFor } from '../internal/migration-apps.js';
import { getSettings } from '../settings.js';
import { hasMigrations, syncUnmigratedApps } from '../internal/sync-apps.js';
import { Progress } from '../progress.js';
import { afterMigrate } from './post-migrate.js';

const DATABASE = {
  type: 'string',
  default: 'default',
  help: 'The database alias to use (default: default).',
} as const;

function lines(out: CommandOutput): (line: string) => void {
  // On a terminal a progress bar may be on the current line: clear it before printing.
  return (line) => out.write(`${out.isTTY ? '\r\x1b[2K' : ''}${line}\n`);
}

function using(options: CommandContext['options']): string {
  return typeof options.database === 'string' ? options.database : 'default';
}

/** Runs an ORM migration function, turning its errors into a `CommandError` the CLI prints plainly. */
async function orm<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof MigrationError || error instanceof OrmImproperlyConfigured) {
      throw new CommandError(error.message);
    }
    throw error;
  }
}

function checkLabels(labels: readonly string[]): void {
  for (const label of labels) apps.getAppConfig(label);
}

/** `stack makemigrations [app…]`: writes the migrations the models need. */
export const makemigrationsCommand: Command = {
  name: 'makemigrations',
  help:
    'Creates new migrations from the changes to the models of the installed apps.\n' +
    'With --check, writes nothing and exits 1 when a migration is missing (for CI).',
  arguments: [
    { name: 'app', help: 'Only these app labels (default: every project app).', optional: true },
  ],
  options: {
    check: {
      type: 'boolean',
      help: 'Exit with status 1 if models have changes without migrations.',
    },
    name: { type: 'string', short: 'n', help: 'Use this name for the migration file(s).' },
    empty: { type: 'boolean', help: 'Create an empty migration (for RunSQL/RunCode by hand).' },
    'dry-run': { type: 'boolean', help: 'Show what migrations would be made; write nothing.' },
    merge: { type: 'boolean', help: 'Fix migration conflicts by writing a merge migration.' },
    noinput: {
      type: 'boolean',
      help: 'Ask no question: no rename is assumed, a new NOT NULL field needs a default.',
    },
    'no-input': { type: 'boolean', help: 'Same as --noinput.' },
  },
  async handle({ args, options, stdout }) {
    checkLabels(args);
    for (const label of args) {
      if (!isProjectApp(label)) {
        throw new CommandError(
          `'${label}' is an installed package: its migrations ship with the package.`,
        );
      }
    }
    const all = migrationApps();
    const appLabels = args.length > 0 ? args : all.map((a) => a.label).filter(isProjectApp);
    if (options.empty && args.length === 0) {
      throw new CommandError('You must supply at least one app label when using --empty.');
    }
    const interactive =
      !options.noinput && !options['no-input'] && !options.check && Boolean(process.stdin.isTTY);
    const result = await orm(() =>
      makemigrations({
        apps: all,
        appLabels,
        check: Boolean(options.check),
        dryRun: Boolean(options['dry-run']),
        empty: Boolean(options.empty),
        merge: Boolean(options.merge),
        ...(typeof options.name === 'string' && { name: options.name }),
        ormModule: ormModuleFor(getSettings().baseDir),
        ...(interactive && {
          ask: (question: string) => askYesNo(question),
          prompt: (question: Question) => askQuestion(question),
        }),
        stdout: lines(stdout),
      }),
    );
    return result.ok ? 0 : 1;
  },
};

/** `stack migrate [app] [target]`: applies or unapplies migrations, with progress. */
export const migrateCommand: Command = {
  name: 'migrate',
  help:
    'Updates the database schema to the migrations: all of them, or an app to a target.\n' +
    "The target is a migration name, a unique prefix (0002) or 'zero' to unapply them all.",
  arguments: [
    { name: 'app', help: 'Only this app label.', optional: true },
    {
      name: 'target',
      help: "Migrate the app to this migration ('zero': unapply all).",
      optional: true,
    },
  ],
  options: {
    fake: { type: 'boolean', help: 'Mark migrations as run without running their SQL.' },
    plan: { type: 'boolean', help: 'Show the operations that would run, and stop.' },
    database: DATABASE,
  },
  async handle({ args, options, stdout }) {
    const [app, target] = args;
    if (app !== undefined) checkLabels([app]);
    const all = migrationApps();
    // Installed packages that ship no migrations get their tables straight from the models.
    const unmigrated = all.filter((a) => !isProjectApp(a.label) && !hasMigrations(a));
    const migrated = all.filter((a) => !unmigrated.includes(a));
    if (app !== undefined && unmigrated.some((a) => a.label === app)) {
      throw new CommandError(`App '${app}' does not have migrations.`);
    }
    const db = using(options);
    const common = {
      apps: migrated,
      using: db,
      ...(app !== undefined && { app }),
      ...(target !== undefined && { target }),
    };
    const print = lines(stdout);
    const heading = (text: string) => print(stdout.style.MIGRATE_HEADING(text));
    const sync = app === undefined && unmigrated.some((a) => a.models.length > 0);
    if (options.plan) {
      if (sync) {
        const { created } = await syncUnmigratedApps(unmigrated, { using: db, plan: true });
        heading('Synchronize unmigrated apps:');
        for (const table of created) print(`  Create table ${table}`);
      }
      await orm(() => migrate({ ...common, plan: true, stdout: print }));
      return 0;
    }
    // On PostgreSQL the whole command holds migrate's advisory lock (migrate() takes it again
    // without waiting): nodes started at once take turns, so the tables of unmigrated apps and
    // the post-migrate rows are made once too.
    return connections.get(db).withMigrationLock(async () => {
      const { plan } = await orm(() => migrate({ ...common, plan: true }));
      heading('Operations to perform:');
      if (sync) {
        const labels = unmigrated.filter((a) => a.models.length > 0).map((a) => a.label);
        print(`  Synchronize unmigrated apps: ${labels.join(', ')}`);
      }
      print(
        app === undefined
          ? `  Apply all migrations: ${migrated.map((a) => a.label).join(', ') || '(none)'}`
          : target === undefined
            ? `  Apply all migrations: ${app}`
            : `  Target specific migration: ${target}, from ${app}`,
      );
      if (sync) {
        heading('Synchronizing apps without migrations:');
        const { created } = await syncUnmigratedApps(unmigrated, { using: db });
        for (const table of created) print(`  Creating table ${table}`);
        if (created.length === 0) print('  No tables to create.');
      }
      const bar =
        stdout.isTTY && plan.length > 0 ? new Progress(stdout, plan.length, 'Migrating') : null;
      const onProgress = (event: MigrationProgress) => {
        if (event.action.endsWith('Success')) bar?.tick(event.migration);
      };
      await orm(() =>
        migrate({ ...common, fake: Boolean(options.fake), progress: onProgress, stdout: print }),
      );
      bar?.done();
      await afterMigrate({ using: db, stdout });
      return 0;
    });
  },
};

/** `stack showmigrations [app…]`: each app's migrations, `[X]` when applied. */
export const showmigrationsCommand: Command = {
  name: 'showmigrations',
  help: 'Lists the migrations of each app, [X] marking those applied to the database.',
  arguments: [{ name: 'app', help: 'Only these app labels.', optional: true }],
  options: { database: DATABASE },
  async handle({ args, options, stdout }) {
    checkLabels(args);
    await orm(() =>
      showmigrations({
        apps: migrationApps(),
        using: using(options),
        ...(args.length > 0 && { appLabels: args }),
        stdout: lines(stdout),
      }),
    );
    return 0;
  },
};

/** `stack sqlmigrate app name`: prints a migration's SQL without running it. */
export const sqlmigrateCommand: Command = {
  name: 'sqlmigrate',
  help: 'Prints the SQL statements of a migration, for the database in use, running nothing.',
  arguments: [
    { name: 'app', help: 'The app label.' },
    { name: 'name', help: 'The migration name or a unique prefix (0002).' },
  ],
  options: {
    backwards: { type: 'boolean', help: 'The SQL that unapplies the migration instead.' },
    database: DATABASE,
  },
  async handle({ args, options, stdout }) {
    const [app, name] = args as [string, string];
    checkLabels([app]);
    await orm(() =>
      sqlmigrate({
        apps: migrationApps(),
        app,
        name,
        backwards: Boolean(options.backwards),
        using: using(options),
        stdout: lines(stdout),
      }),
    );
    return 0;
  },
};

/** `stack squashmigrations app [from] to`: writes one migration replacing several. */
export const squashmigrationsCommand: Command = {
  name: 'squashmigrations',
  help:
    "Squashes an app's migrations (from its first, or from `from`) up to `to` into one.\n" +
    'Delete the originals once every database has applied the squashed migration.',
  arguments: [
    { name: 'app', help: 'The app label.' },
    { name: 'from', help: 'The first migration to squash (default: the first).', optional: true },
    { name: 'to', help: 'The last migration to squash.' },
  ],
  options: {
    'squashed-name': { type: 'string', help: 'The name of the squashed migration.' },
    name: { type: 'string', help: 'Same as --squashed-name.' },
  },
  async handle({ args, options, stdout }) {
    if (args.length < 2 || args.length > 3) {
      throw new CommandError('usage: stack squashmigrations app [from] to');
    }
    const [app, from, to] = (args.length === 2 ? [args[0], undefined, args[1]] : args) as [
      string,
      string | undefined,
      string,
    ];
    checkLabels([app]);
    if (!isProjectApp(app)) {
      throw new CommandError(`'${app}' is an installed package: its migrations ship with it.`);
    }
    const name = options['squashed-name'] ?? options.name;
    await orm(() =>
      squashmigrations({
        apps: migrationApps(),
        app,
        to,
        ...(from !== undefined && { from }),
        ...(typeof name === 'string' && { name }),
        ormModule: ormModuleFor(getSettings().baseDir),
        stdout: lines(stdout),
      }),
    );
    return 0;
  },
};

/** The migration commands, registered as builtins of `stack`. */
export const migrationCommands: Command[] = [
  makemigrationsCommand,
  migrateCommand,
  showmigrationsCommand,
  sqlmigrateCommand,
  squashmigrationsCommand,
];
