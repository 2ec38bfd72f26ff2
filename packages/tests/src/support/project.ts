/**
 * What the project tests set up again and again: a temporary project folder with its files, the
 * settings of a small project with contrib-auth and sessions, `stack migrate`, a logged-in test
 * client, a free port, and the `stack` binary of this checkout.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { PBKDF2PasswordHasher } from '@stack/contrib-auth';
import { Client, execute, type UserSettings } from '@stack/core';
import { connections } from '@stack/orm';
import { expect } from 'vitest';

/** `packages/tests`, where a project that resolves this checkout's packages is made. */
export const testsDir = fileURLToPath(new URL('../..', import.meta.url));
/** The `stack` command of this checkout. */
export const stackBin = fileURLToPath(new URL('../../../framework/bin/stack.js', import.meta.url));
/** `execFile`, awaited. */
export const run = promisify(execFile);
/** The environment the `stack` command runs in: this one, without colours. */
export const stackEnv = { ...process.env, NO_COLOR: '1' };

/**
 * A new folder `<parent>/<prefix>XXXXXX` (the system temp folder unless told) holding `files`
 * (relative path → content, folders made as needed); remove it with `removeProject`.
 */
export function projectFolder(
  prefix: string,
  files: Record<string, string> = {},
  parent: string = tmpdir(),
): string {
  const dir = mkdtempSync(path.join(parent, prefix));
  writeFiles(dir, files);
  return dir;
}

/** Writes `files` (relative path → content) under `dir`, making folders as needed. */
export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
}

/** Closes the project's database connections and removes its folder. */
export async function removeProject(dir: string): Promise<void> {
  await connections.closeAll();
  rmSync(dir, { recursive: true, force: true });
}

/** Django's default middleware for a project with sessions and auth (no clickjacking header). */
export const AUTH_MIDDLEWARE = [
  '@stack/middleware:SecurityMiddleware',
  '@stack/contrib-sessions:SessionMiddleware',
  '@stack/middleware:CommonMiddleware',
  '@stack/middleware:CsrfViewMiddleware',
  '@stack/contrib-auth:AuthenticationMiddleware',
];

/**
 * The settings of a small project in `dir` named `name` (its secret key says so): contrib-auth
 * and sessions on SQLite in the folder, `AUTH_MIDDLEWARE`, templates from `templates/` and the
 * apps, database sessions and a fast password hasher; `overrides` replace any of them.
 */
export function authProjectSettings(
  name: string,
  dir: string,
  overrides: UserSettings = {},
): UserSettings {
  return {
    debug: false,
    baseDir: dir,
    secretKey: `${name}-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz`,
    allowedHosts: ['testserver'],
    installedApps: ['@stack/contrib-auth', '@stack/contrib-sessions'],
    databases: { default: { engine: 'sqlite', name: path.join(dir, 'db.sqlite3') } },
    middleware: AUTH_MIDDLEWARE,
    templates: [{ backend: '@stack/templates', dirs: ['templates'], appDirs: true }],
    sessionEngine: 'db',
    passwordHashers: [new PBKDF2PasswordHasher({ iterations: 1000 })],
    ...overrides,
  };
}

/** Runs `stack migrate` in `dir` with the configured settings; it must succeed. Its output. */
export async function migrate(dir: string): Promise<string> {
  let output = '';
  const sink = { write: (text: string) => void (output += text) };
  expect(await execute(['migrate'], { stdout: sink, stderr: sink, cwd: dir })).toBe(0);
  return output;
}

/** A test client logged in with these credentials (which must be right). */
export async function loggedInClient(
  username: string,
  password: string,
  options?: ConstructorParameters<typeof Client>[0],
): Promise<Client> {
  const client = new Client(options);
  expect(await client.login({ username, password })).toBe(true);
  return client;
}

/** A TCP port free on the loopback address a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

/** Waits until a server started as `child` answers on `port`; throws if it never does (60 s). */
export async function serving(port: number, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 600 && child.exitCode === null; i++) {
    const up = await fetch(`http://127.0.0.1:${port}/`).then(
      () => true,
      () => false,
    );
    if (up) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the server did not start');
}

/** Kills the process group of each child (started `detached`) still running; waits for each. */
export async function killProcessGroups(children: readonly ChildProcess[]): Promise<void> {
  for (const child of children) {
    if (child.pid && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(-child.pid, 'SIGKILL');
      await exited;
    }
  }
}

/** What `startNode` starts a server with. */
export interface StartNodeOptions {
  cwd: string;
  /** Added to `stackEnv` (which gets `PORT` too). */
  env?: Record<string, string>;
  /** Where the child is recorded, for `killProcessGroups` in `afterAll`. */
  children: ChildProcess[];
}

/**
 * Runs `node ...argv(port)` on a free port (also in `PORT`) in its own process group, and
 * resolves once it answers HTTP on that port.
 */
export async function startNode(
  argv: (port: number) => string[],
  options: StartNodeOptions,
): Promise<{ port: number; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, argv(port), {
    cwd: options.cwd,
    env: { ...stackEnv, PORT: String(port), ...options.env },
    detached: true,
    stdio: 'ignore',
  });
  options.children.push(child);
  await serving(port, child);
  return { port, child };
}
