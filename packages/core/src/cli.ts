import path from 'node:path';
import { CheckLevel, formatCheckMessages, runChecks } from './checks.js';
import {
  type Command,
  commandHelp,
  commandOutput,
  type CommandOutput,
  getCommands,
  parseCommandArgs,
  registerCommand,
} from './command.js';
import { builtinCommands } from './commands/index.js';
import { CommandError, ImproperlyConfigured } from './errors.js';
import { getSettings, loadSettings, settingsConfigured } from './settings.js';
import { discoverSettingsModule, setup } from './setup.js';

/** Streams the CLI writes to; tests pass string sinks. */
export interface CliIO {
  stdout?: { write(text: string): unknown; isTTY?: boolean };
  stderr?: { write(text: string): unknown; isTTY?: boolean };
  cwd?: string;
}

function ensureBuiltins(): void {
  const commands = getCommands();
  for (const command of builtinCommands())
    if (!commands.has(command.name)) registerCommand(command);
}

function globalFlag(argv: string[], name: string): string | boolean | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === `--${name}`) return name === 'settings' ? argv[i + 1] : true;
    if (arg.startsWith(`--${name}=`)) return arg.slice(name.length + 3);
  }
  return undefined;
}

function mainHelp(out: CommandOutput): string {
  const lines = [
    "Type 'stack help <subcommand>' for help on a specific subcommand.",
    '',
    'Available subcommands:',
    '',
  ];
  for (const command of [...getCommands().values()].sort((a, b) => a.name.localeCompare(b.name))) {
    const summary = command.help.split('\n')[0] ?? '';
    lines.push(`    ${out.style.MIGRATE_LABEL(command.name.padEnd(18))}${summary}`);
  }
  return lines.join('\n') + '\n';
}

function suggest(name: string): string {
  const names = [...getCommands().keys()];
  const close = names.find((n) => n.startsWith(name.slice(0, 3)) || name.startsWith(n.slice(0, 3)));
  return close ? ` Did you mean ${close}?` : '';
}

async function loadProject(argv: string[], cwd: string): Promise<boolean> {
  const fromFlag = globalFlag(argv, 'settings');
  if (typeof fromFlag === 'string') process.env.STACK_SETTINGS_MODULE = path.resolve(cwd, fromFlag);
  if (!process.env.STACK_SETTINGS_MODULE) {
    const found = discoverSettingsModule(cwd);
    if (found) process.env.STACK_SETTINGS_MODULE = found;
    else if (!settingsConfigured()) return false;
  }
  if (process.env.STACK_SETTINGS_MODULE) await loadSettings();
  await setup();
  return true;
}

async function runCommand(
  command: Command,
  argv: string[],
  io: { stdout: CommandOutput; stderr: CommandOutput; cwd: string },
) {
  const { stdout, stderr } = io;
  const parsed = parseCommandArgs(command, argv);
  if (parsed.help) {
    stdout.write(commandHelp(command));
    return 0;
  }
  const required = (command.arguments ?? []).filter((a) => !a.optional).length;
  if (parsed._.length < required) {
    throw new CommandError(
      `missing argument ${command.arguments![parsed._.length]!.name}.\n` + commandHelp(command),
    );
  }
  if (command.requiresSystemChecks) {
    const messages = await runChecks(getSettings());
    if (messages.length > 0) stderr.write(formatCheckMessages(messages) + '\n');
    if (messages.some((m) => m.level >= CheckLevel.ERROR)) {
      throw new CommandError('System check identified errors; fix them first.');
    }
  }
  const { _: args, ...options } = parsed;
  return (await command.handle({ args, options, ...io })) ?? 0;
}

/**
 * Runs the `stack` command line with these arguments and returns the exit code; Django's
 * `execute_from_command_line`. The `stack` binary of `@stack/framework` calls it.
 *
 * @example
 * ```ts
 * process.exitCode = await execute(process.argv.slice(2));
 * ```
 */
export async function execute(argv: string[], io: CliIO = {}): Promise<number> {
  const flags = {
    noColor: argv.includes('--no-color'),
    forceColor: argv.includes('--force-color'),
  };
  const stdout = commandOutput(io.stdout ?? process.stdout, flags);
  const stderr = commandOutput(io.stderr ?? process.stderr, flags);
  const cwd = io.cwd ?? process.cwd();
  ensureBuiltins();
  const [name = 'help', ...rest] = argv;
  try {
    let command = getCommands().get(name);
    const needsProject = !command || command.requiresSettings !== false;
    if (needsProject && name !== 'help' && name !== '--help' && name !== '-h') {
      const loaded = await loadProject(rest, cwd);
      if (!loaded && command) {
        throw new ImproperlyConfigured(
          'No settings found: set STACK_SETTINGS_MODULE, pass --settings, or run stack in a ' +
            'project folder (one with <name>/settings.ts).',
        );
      }
      command = getCommands().get(name);
    }
    if (name === 'help' || name === '--help' || name === '-h') {
      // App commands appear in the list when a project is at hand; help works without one.
      await loadProject([], cwd).catch(() => false);
      const topic = name === 'help' ? rest[0] : undefined;
      const target = topic ? getCommands().get(topic) : undefined;
      if (topic && !target) throw new CommandError(`Unknown command: '${topic}'.${suggest(topic)}`);
      stdout.write(target ? commandHelp(target) : mainHelp(stdout));
      return 0;
    }
    if (!command) {
      throw new CommandError(
        `Unknown command: '${name}'.${suggest(name)}\nType 'stack help' for usage.`,
      );
    }
    return await runCommand(command, rest, { stdout, stderr, cwd });
  } catch (error) {
    if (error instanceof CommandError || error instanceof ImproperlyConfigured) {
      stderr.write(stderr.style.ERROR(`${error.name}: ${error.message}`) + '\n');
      return error instanceof CommandError ? error.returncode : 1;
    }
    stderr.write(stderr.style.ERROR(String((error as Error)?.stack ?? error)) + '\n');
    return 1;
  }
}
