import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command, CommandOutput } from '../command.js';
import { CommandError } from '../errors.js';
import { appFiles, missingMiddleware, projectFiles } from '../internal/project-template.js';
import { checkoutFramework, coreVersion } from '../internal/version.js';

const RESERVED = new Set([
  'stack',
  'node_modules',
  'test',
  'tests',
  'src',
  'dist',
  'static',
  'templates',
]);

function validateName(name: string, what: string): void {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    throw new CommandError(
      `'${name}' is not a valid ${what} name. Please make sure the name is a valid identifier ` +
        '(letters, digits and underscores, not starting with a digit).',
    );
  }
  if (RESERVED.has(name.toLowerCase())) {
    throw new CommandError(
      `'${name}' conflicts with a name Stack or Node uses; pick another ${what} name.`,
    );
  }
}

function write(root: string, files: Record<string, string>, out: CommandOutput, cwd: string): void {
  for (const relative of Object.keys(files)) {
    const file = path.join(root, relative);
    if (existsSync(file))
      throw new CommandError(`${file} already exists; nothing was overwritten.`);
  }
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(root, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
    out.write(`  ${out.style.SUCCESS('created')} ${path.relative(cwd, file) || file}\n`);
  }
}

/**
 * What the project depends on: from a Stack checkout, its framework folder, linked (`file:`), so
 * the project runs the checkout's packages and nothing comes from a registry; else the
 * published @stack/framework, released in lockstep with @stack/core.
 */
function frameworkVersion(root: string): string {
  const checkout = checkoutFramework();
  if (!checkout) return `^${coreVersion()}`;
  const relative = path.relative(root, checkout).split(path.sep).join('/');
  return `file:${relative.startsWith('.') ? relative : `./${relative}`}`;
}

/** `stack startproject name [directory]`: writes a project that runs at once. */
export const startprojectCommand: Command = {
  name: 'startproject',
  help: 'Creates a Stack project folder: settings, urls and a package.json, ready to run.',
  requiresSettings: false,
  arguments: [
    { name: 'name', help: 'Name of the project (a valid identifier).' },
    { name: 'directory', help: 'Folder to create it in (default: ./<name>).', optional: true },
  ],
  async handle({ args, stdout, cwd }) {
    const [name, directory] = args as [string, string | undefined];
    validateName(name, 'project');
    const root = path.resolve(cwd, directory ?? name);
    if (!directory && existsSync(root)) throw new CommandError(`'${root}' already exists.`);
    if (directory && existsSync(path.join(root, name))) {
      throw new CommandError(`'${path.join(root, name)}' already exists.`);
    }
    const version = frameworkVersion(root);
    const files = projectFiles(name, {
      frameworkVersion: version,
      missingMiddleware: await missingMiddleware(),
    });
    write(root, files, stdout, cwd);
    if (version.startsWith('file:')) {
      stdout.write(
        `\nIt depends on this Stack checkout (${version}): npm install links it, and the ` +
          "project runs the checkout's packages from source.\n",
      );
    }
    stdout.write(
      `\n${stdout.style.SUCCESS('Project created.')} Next:\n` +
        `  cd ${path.relative(cwd, root) || '.'}\n  npm install\n  npx stack runserver\n`,
    );
  },
};

/** `stack startapp name [directory]`: writes an app with a view, a URL and a template. */
export const startappCommand: Command = {
  name: 'startapp',
  help: 'Creates a Stack app folder: apps, models, views, urls and a template.',
  requiresSettings: false,
  arguments: [
    { name: 'name', help: 'Name of the app (a valid identifier).' },
    {
      name: 'directory',
      help: 'The project folder (default: the current folder).',
      optional: true,
    },
  ],
  handle({ args, stdout, cwd }) {
    const [name, directory] = args as [string, string | undefined];
    validateName(name, 'app');
    const root = path.resolve(cwd, directory ?? '.');
    if (existsSync(path.join(root, name)))
      throw new CommandError(`'${path.join(root, name)}' already exists.`);
    write(root, appFiles(name), stdout, cwd);
    stdout.write(
      `\n${stdout.style.SUCCESS('App created.')} Add './${name}' to installedApps and ` +
        `include its urls in your project's urls.ts.\n`,
    );
  },
};
