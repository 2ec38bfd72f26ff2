import { createInterface } from 'node:readline/promises';
import type { Command, CommandContext } from '../command.js';
import { CommandError } from '../errors.js';
import {
  staticfilesFinders,
  staticfilesInstalled,
  staticfilesStorage,
  staticPrefix,
} from '../internal/staticfiles.js';
import { Progress } from '../progress.js';
import { getSettings } from '../settings.js';
import type { Settings } from '../settings-types.js';

/** At least this many files before `collectstatic` shows a progress bar on a terminal. */
const PROGRESS_FROM = 200;

function installed(name: string): Settings {
  const settings = getSettings();
  if (!staticfilesInstalled(settings)) {
    throw new CommandError(
      `${name} needs '@stack/contrib-staticfiles' in installedApps (Django's django.contrib.staticfiles).`,
    );
  }
  return settings;
}

/** Re-throws contrib-staticfiles' own errors (a `CommandError` keeps its return code) as core's. */
async function contrib<T>(work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof Error && ['CommandError', 'ImproperlyConfigured'].includes(error.name)) {
      const code = (error as { returncode?: unknown }).returncode;
      throw new CommandError(error.message, typeof code === 'number' ? code : 1);
    }
    throw error;
  }
}

async function askLine(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}

function verbosity(options: CommandContext['options']): number {
  const value = Number(options.verbosity ?? 1);
  if (![0, 1, 2, 3].includes(value)) throw new CommandError('--verbosity is 0, 1, 2 or 3.');
  return value;
}

const VERBOSITY = {
  type: 'string',
  short: 'v',
  default: '1',
  help: '0 quiet, 1 normal, 2 every file, 3 very verbose.',
} as const;

/** `stack collectstatic`: copies the static files into `staticRoot` (Django's command). */
export const collectstaticCommand: Command = {
  name: 'collectstatic',
  help: 'Collects static files in a single location (staticRoot), for nginx or the middleware to serve.',
  options: {
    noinput: { type: 'boolean', help: 'Do NOT prompt the user for input of any kind.' },
    'no-input': { type: 'boolean', help: 'Same as --noinput.' },
    'no-post-process': { type: 'boolean', help: 'Do NOT post process (hash) collected files.' },
    ignore: {
      type: 'string',
      short: 'i',
      multiple: true,
      help: 'Ignore files or folders matching this glob-style pattern. Use multiple times to ignore more.',
    },
    'dry-run': { type: 'boolean', short: 'n', help: 'Do everything except modify the filesystem.' },
    clear: {
      type: 'boolean',
      short: 'c',
      help: 'Clear the existing files before trying to copy or link the original file.',
    },
    link: {
      type: 'boolean',
      short: 'l',
      help: 'Create a symbolic link to each file instead of copying.',
    },
    'no-default-ignore': {
      type: 'boolean',
      help: "Don't ignore the common private glob-style patterns ('CVS', '.*' and '*~').",
    },
    verbosity: VERBOSITY,
  },
  async handle({ options, stdout, stderr }) {
    const settings = installed('collectstatic');
    const { collectstatic } = await import('@stack/contrib-staticfiles');
    let bar: Progress | null = null;
    await contrib(async () =>
      collectstatic({
        finders: await staticfilesFinders(settings),
        storage: await staticfilesStorage(settings),
        interactive: !(options.noinput || options['no-input']),
        confirm: askLine,
        noPostProcess: Boolean(options['no-post-process']),
        ignorePatterns: (options.ignore as string[] | undefined) ?? [],
        useDefaultIgnorePatterns: !options['no-default-ignore'],
        dryRun: Boolean(options['dry-run']),
        clear: Boolean(options.clear),
        link: Boolean(options.link),
        verbosity: verbosity(options),
        stdout,
        stderr,
        progress: {
          start: (total, label) => {
            if (stdout.isTTY && total >= PROGRESS_FROM && verbosity(options) === 1)
              bar = new Progress(stdout, total, label);
          },
          tick: (name) => (bar as Progress | null)?.tick(name),
          done: () => (bar as Progress | null)?.done(),
        },
      }),
    );
    return 0;
  },
};

/** `stack findstatic name…`: where the finders find each static file. */
export const findstaticCommand: Command = {
  name: 'findstatic',
  help: 'Finds the absolute paths for the given static file(s).',
  arguments: [{ name: 'staticfile', help: 'One or more static file names.' }],
  options: {
    first: { type: 'boolean', help: 'Only return the first match for each static file.' },
    verbosity: VERBOSITY,
  },
  async handle({ args, options, stdout, stderr }) {
    const settings = installed('findstatic');
    if (args.length === 0) throw new CommandError('Enter at least one staticfile.');
    const { findstatic } = await import('@stack/contrib-staticfiles');
    const finders = await staticfilesFinders(settings);
    await contrib(() =>
      findstatic(args, {
        finders,
        first: Boolean(options.first),
        verbosity: verbosity(options),
        stdout,
        stderr,
      }),
    );
    return 0;
  },
};

/** `stack nginxconfig`: an nginx server block for the project's static, media and proxy set-up. */
export const nginxconfigCommand: Command = {
  name: 'nginxconfig',
  help:
    'Prints an nginx server block: /static/ from staticRoot (hashed names immutable), /media/\n' +
    'from mediaRoot, everything else proxied to the Stack server with X-Forwarded-* headers.',
  options: {
    upstream: {
      type: 'string',
      default: '127.0.0.1:8000',
      help: 'Where the Stack server listens (host:port or unix:/path).',
    },
    'server-name': { type: 'string', default: '_', help: 'nginx server_name.' },
    listen: { type: 'string', default: '80', help: 'nginx listen (port or address:port).' },
    'client-max-body-size': {
      type: 'string',
      default: '10m',
      help: 'Largest request body nginx passes on (larger ones get 413 from nginx).',
    },
  },
  async handle({ options, stdout }) {
    const settings = getSettings();
    const { nginxConfig } = await import('@stack/contrib-staticfiles');
    const path = await import('node:path');
    const under = (p: string | null) => (p ? path.resolve(settings.baseDir, p) : null);
    if (!settings.staticRoot)
      stdout.write('# staticRoot is not set: static files are not served by nginx.\n');
    stdout.write(
      nginxConfig({
        upstream: String(options.upstream),
        serverName: String(options['server-name']),
        listen: String(options.listen),
        clientMaxBodySize: String(options['client-max-body-size']),
        staticUrl: staticPrefix(settings.staticUrl),
        staticRoot: under(settings.staticRoot),
        mediaUrl: settings.mediaUrl || null,
        mediaRoot: under(settings.mediaRoot || null),
      }),
    );
    return 0;
  },
};

/** contrib-staticfiles' commands. */
export const staticfilesCommands: Command[] = [
  collectstaticCommand,
  findstaticCommand,
  nginxconfigCommand,
];
