import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from '../command.js';
import { CommandError } from '../errors.js';
import { dumpdata, loaddata } from '../serializers/index.js';
import { getSettings } from '../settings.js';

const DATABASE = {
  type: 'string',
  default: 'default',
  help: 'The database alias to use.',
} as const;

/** `stack dumpdata [app[.Model] …]`: Django's JSON fixture of the data, on stdout or a file. */
export const dumpdataCommand: Command = {
  name: 'dumpdata',
  help:
    "Writes the data of the models (every installed app's, or those named) as a fixture in\n" +
    "Django's JSON format: `stack loaddata` and Django's loaddata read it.",
  arguments: [{ name: 'app_label[.ModelName]', help: 'Apps or models to dump.', optional: true }],
  options: {
    indent: { type: 'string', help: 'Pretty-print with this many spaces.' },
    output: { type: 'string', short: 'o', help: 'Write to this file instead of stdout.' },
    format: { type: 'string', default: 'json', help: 'The format; only json is supported.' },
    database: DATABASE,
  },
  async handle({ args, options, stdout, cwd }) {
    if (options.format !== 'json')
      throw new CommandError(`Unknown serialization format: ${String(options.format)}`);
    const indent = options.indent === undefined ? undefined : Number(options.indent);
    if (indent !== undefined && !(Number.isInteger(indent) && indent >= 0 && indent <= 16))
      throw new CommandError('--indent takes a number of spaces (0 to 16).');
    const text = await dumpdata({
      labels: args,
      ...(indent !== undefined && { indent }),
      using: String(options.database),
    });
    if (typeof options.output === 'string') writeFileSync(path.resolve(cwd, options.output), text);
    else stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  },
};

/** `stack loaddata fixture …`: installs fixtures (Django's JSON format) in one transaction. */
export const loaddataCommand: Command = {
  name: 'loaddata',
  help:
    "Installs fixtures in Django's JSON format: a name is looked for in each app's fixtures/\n" +
    'folder and in fixtureDirs; a path is read as given.',
  arguments: [{ name: 'fixture', help: 'Fixture names or paths (one or more).' }],
  options: { database: DATABASE },
  async handle({ args, options, stdout, cwd }) {
    const settings = getSettings();
    const names = args.map((a) => (a.startsWith('.') ? path.resolve(cwd, a) : a));
    const { objects, fixtures } = await loaddata(names, {
      using: String(options.database),
      fixtureDirs: settings.fixtureDirs,
      baseDir: settings.baseDir,
    });
    stdout.write(`Installed ${objects} object(s) from ${fixtures} fixture(s)\n`);
  },
};
