import { parseArgs } from 'node:util';
import { CommandError } from './errors.js';
import { makeStyle, type Style, wantsColour } from './internal/style.js';

/** One option of a command, parsed by `node:util`'s `parseArgs`. */
export interface CommandOption {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  default?: string | boolean | string[];
  help: string;
}

/** One positional argument of a command. */
export interface CommandArgument {
  name: string;
  help: string;
  optional?: boolean;
}

/** Where a command writes: a stream-like sink and the colour style for it. */
export interface CommandOutput {
  write(text: string): void;
  style: Style;
  isTTY: boolean;
}

/** What a command's `handle` receives. */
export interface CommandContext {
  args: string[];
  options: Record<string, string | boolean | string[] | undefined>;
  stdout: CommandOutput;
  stderr: CommandOutput;
  /** The folder the command runs in (`execute(argv, { cwd })`, else the process's). */
  cwd: string;
}

/**
 * A `stack` management command. Other layers and apps add theirs (`migrate`, `createsuperuser`)
 * with `registerCommand`, an app's `commands/` folder, or the `commands` setting.
 */
export interface Command {
  name: string;
  /** One line for `stack help`, then as much as the command needs. */
  help: string;
  arguments?: CommandArgument[];
  options?: Record<string, CommandOption>;
  /** Load settings and apps before `handle` (default true). */
  requiresSettings?: boolean;
  /** Run the system checks first and stop on errors (default false). */
  requiresSystemChecks?: boolean;
  handle(context: CommandContext): void | number | Promise<void | number>;
}

const registry = new Map<string, Command>();

/**
 * Adds a command to `stack`; a later registration of the same name replaces the earlier one, as
 * Django lets an app override a command.
 *
 * @example
 * ```ts
 * registerCommand({
 *   name: 'hello',
 *   help: 'Greets someone.',
 *   arguments: [{ name: 'who', help: 'who to greet' }],
 *   handle: ({ args, stdout }) => stdout.write(stdout.style.SUCCESS(`Hello ${args[0]}\n`)),
 * });
 * ```
 */
export function registerCommand(command: Command): void {
  if (!/^[a-z][a-z0-9_-]*$/.test(command.name)) {
    throw new CommandError(`Invalid command name ${JSON.stringify(command.name)}.`);
  }
  registry.set(command.name, command);
}

/** The registered commands, by name. */
export function getCommands(): Map<string, Command> {
  return registry;
}

/** Whether a value has the shape of a `Command` (for modules found on disk). */
export function isCommand(value: unknown): value is Command {
  const c = value as Partial<Command> | null;
  return Boolean(c && typeof c.name === 'string' && typeof c.handle === 'function');
}

/** A writer over a stream (or a string sink) with the colour style chosen for it. */
export function commandOutput(
  sink: { write(text: string): unknown; isTTY?: boolean },
  flags: { noColor?: boolean; forceColor?: boolean } = {},
): CommandOutput {
  return {
    write: (text) => void sink.write(text),
    style: makeStyle(wantsColour(sink, flags)),
    isTTY: Boolean(sink.isTTY),
  };
}

const COMMON_OPTIONS: Record<string, CommandOption> = {
  settings: { type: 'string', help: 'The settings file (else STACK_SETTINGS_MODULE).' },
  'no-color': { type: 'boolean', help: "Don't colour the output." },
  'force-color': { type: 'boolean', help: 'Colour the output even when it is not a terminal.' },
  help: { type: 'boolean', short: 'h', help: 'Show this help.' },
};

/** Parses a command's argv against its declared options; unknown options are a `CommandError`. */
export function parseCommandArgs(
  command: Command,
  argv: string[],
): CommandContext['options'] & { _: string[] } {
  const options = { ...COMMON_OPTIONS, ...command.options };
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: Object.fromEntries(
        Object.entries(options).map(([key, o]) => [
          key,
          {
            type: o.type,
            ...(o.short && { short: o.short }),
            ...(o.multiple && { multiple: true }),
            ...(o.default !== undefined && { default: o.default }),
          },
        ]),
      ) as never,
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new CommandError(
      `${(error as Error).message}\nRun \`stack help ${command.name}\` for usage.`,
    );
  }
  const values = Object.assign(Object.create(null), parsed.values) as CommandContext['options'];
  return Object.assign(values, { _: parsed.positionals });
}

/** The help text of one command: usage, description, arguments and options. */
export function commandHelp(command: Command): string {
  const args = (command.arguments ?? []).map((a) => (a.optional ? `[${a.name}]` : a.name));
  const options = { ...command.options, ...COMMON_OPTIONS };
  const lines = [
    `usage: stack ${command.name} [options] ${args.join(' ')}`.trimEnd(),
    '',
    command.help,
    '',
  ];
  if (command.arguments?.length) {
    lines.push('positional arguments:');
    for (const a of command.arguments) lines.push(`  ${a.name.padEnd(22)}${a.help}`);
    lines.push('');
  }
  lines.push('options:');
  for (const [key, o] of Object.entries(options)) {
    const flag = `${o.short ? `-${o.short}, ` : ''}--${key}${o.type === 'string' ? ' VALUE' : ''}`;
    lines.push(`  ${flag.padEnd(22)}${o.help}`);
  }
  return lines.join('\n') + '\n';
}
