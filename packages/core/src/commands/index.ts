import type { Command } from '../command.js';
import { createcachetableCommand } from './cache.js';
import { checkCommand } from './check.js';
import { contribCommands } from './contrib.js';
import { dumpdataCommand, loaddataCommand } from './fixtures.js';
import { startappCommand, startprojectCommand } from './generate.js';
import { migrationCommands } from './migrations.js';
import { runserverCommand } from './runserver.js';
import { shellCommand } from './shell.js';
import { staticfilesCommands } from './staticfiles.js';
import { testCommand } from './test.js';

/** The commands `stack` always has; apps and layers add more through the registry. */
export function builtinCommands(): Command[] {
  return [
    checkCommand,
    runserverCommand,
    shellCommand,
    startprojectCommand,
    startappCommand,
    ...migrationCommands,
    ...contribCommands,
    dumpdataCommand,
    loaddataCommand,
    testCommand,
    createcachetableCommand,
    ...staticfilesCommands,
  ];
}
