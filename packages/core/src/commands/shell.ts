import { inspect } from 'node:util';
import { apps as modelRegistry } from '@stack/orm';
import { apps } from '../apps.js';
import type { Command } from '../command.js';
import { projectImport } from '../internal/project-import.js';
import { getSettings, settings } from '../settings.js';

/**
 * The names `stack shell` puts in scope: settings, apps, and the models of every installed app
 * (a package app's too, such as contrib-auth's `User`), by class name.
 */
export function shellContext(): Record<string, unknown> {
  const context: Record<string, unknown> = { settings, apps };
  for (const app of apps.getAppConfigs()) {
    for (const model of modelRegistry.getModels(app.label)) context[model.name] ??= model;
    for (const [name, value] of Object.entries(app.modelsModule ?? {})) {
      if (typeof value === 'function' && /^[A-Z]/.test(name)) context[name] = value;
    }
  }
  return context;
}

const AsyncFunction = (async () => {}).constructor as new (
  ...args: string[]
) => (...a: unknown[]) => Promise<unknown>;

/**
 * Runs a snippet with the context in scope, awaited: as an expression when it is one (`await`
 * included), else as statements. `import()` resolves from the project, as in one of its modules.
 */
async function evaluate(source: string, context: Record<string, unknown>): Promise<unknown> {
  const code = source.replace(/\bimport\s*\(/g, '__import(');
  const scope = { ...context, __import: projectImport(getSettings().baseDir) };
  let body: string;
  try {
    new AsyncFunction(`return (${code}\n);`);
    body = `return (${code}\n);`;
  } catch {
    body = code;
  }
  return new AsyncFunction(...Object.keys(scope), body)(...Object.values(scope));
}

/** `stack shell`: a REPL with the settings and models loaded; `-c` runs one snippet. */
export const shellCommand: Command = {
  name: 'shell',
  help: 'Starts a Node REPL with the settings, the app registry and every model loaded.',
  options: {
    command: {
      type: 'string',
      short: 'c',
      help: 'Run this code (awaited) and print the result, then exit.',
    },
  },
  async handle({ options, stdout }) {
    const context = shellContext();
    if (typeof options.command === 'string') {
      const result: unknown = await evaluate(options.command, context);
      if (result !== undefined) stdout.write(inspect(result, { colors: stdout.isTTY }) + '\n');
      return 0;
    }
    const names = Object.keys(context).join(', ');
    stdout.write(`Stack shell. In scope: ${names}. Top-level await works.\n`);
    // Loaded on demand: node:repl loads node:domain, which slows every EventEmitter of the
    // process (each server request and response) once any module imports @stack/core.
    const { default: repl } = await import('node:repl');
    const server = repl.start({ prompt: '>>> ', useGlobal: false });
    Object.assign(server.context, context);
    await new Promise<void>((resolve) => server.on('exit', resolve));
    return 0;
  },
};
