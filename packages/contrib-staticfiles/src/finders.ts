import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { ImproperlyConfigured } from './errors.js';
import { matchesPatterns } from './internal/fnmatch.js';
import { staysInside } from './internal/safe-path.js';
import { FileSystemStorage } from './storage.js';

/** The glob patterns `collectstatic` skips unless told otherwise (Django's defaults). */
export const DEFAULT_IGNORE_PATTERNS: readonly string[] = ['CVS', '.*', '*~'];

/**
 * A static files finder (Django's `BaseFinder`): `find` turns a name into an absolute path (or
 * all of them), `list` walks every file it knows with the storage holding it. A custom finder
 * is any object or class with these two methods.
 */
export interface Finder {
  find(name: string, options?: { all?: false }): string | null;
  find(name: string, options: { all: true }): string[];
  list(ignorePatterns: readonly string[]): Iterable<[name: string, storage: FileSystemStorage]>;
  /** Problems with its configuration, for the system checks. */
  check?(): string[];
  /**
   * The folders `find(name, options)` searches, in order (`findstatic -v 2` lists them): without
   * `all`, up to the one holding the first match; every folder without a name.
   */
  searchedLocations?(name?: string, options?: { all?: boolean }): string[];
}

/** One `staticfilesDirs` entry: a folder, or `[prefix, folder]` to serve it under `prefix/`. */
export type StaticfilesDir = string | [prefix: string, folder: string];

/**
 * Every file of `storage` under `location`, skipping ignored names (Django's `get_files`) and
 * symbolic links that lead out of the storage's folder, which `find` refuses as well (unless
 * `followLinksOut`: `collectstatic --link` fills `staticRoot` with such links on purpose).
 */
export function* getFiles(
  storage: FileSystemStorage,
  ignorePatterns: readonly string[] = [],
  location = '',
  options: { followLinksOut?: boolean } = {},
): Generator<string> {
  const ok = (name: string) => options.followLinksOut === true || inside(storage, name);
  const [dirs, files] = storage.listdir(location);
  for (const file of files) {
    if (matchesPatterns(file, ignorePatterns)) continue;
    const name = location ? `${location}/${file}` : file;
    if (location && matchesPatterns(name, ignorePatterns)) continue;
    if (!ok(name)) continue;
    yield name;
  }
  for (const dir of dirs) {
    if (matchesPatterns(dir, ignorePatterns)) continue;
    const name = location ? `${location}/${dir}` : dir;
    if (ok(name)) yield* getFiles(storage, ignorePatterns, name, options);
  }
}

function inside(storage: FileSystemStorage, name: string): boolean {
  return storage.location !== null && staysInside(storage.location, storage.path(name));
}

/** The file `name` names in `root`, if it is a file that really lies inside `root`. */
function findIn(root: string, name: string): string | null {
  const storage = new FileSystemStorage({ location: root, baseUrl: null });
  let full: string;
  try {
    full = storage.path(name);
  } catch {
    return null;
  }
  if (!existsSync(full) || !staysInside(root, full)) return null;
  return statSync(full).isFile() ? full : null;
}

/** The file `name` names in `root` served under `prefix` (`''`: none), if any. */
function findAt(prefix: string, root: string, name: string): string | null {
  if (!prefix) return findIn(root, name);
  if (!name.startsWith(`${prefix}/`)) return null;
  return findIn(root, name.slice(prefix.length + 1));
}

function* findAll(locations: Array<[prefix: string, root: string]>, name: string) {
  for (const [prefix, root] of locations) {
    const found = findAt(prefix, root, name);
    if (found) yield found;
  }
}

/** The roots a search for `name` goes through: all, or up to the first match (Django's list). */
function searched(
  locations: Array<[prefix: string, root: string]>,
  name: string | undefined,
  all: boolean | undefined,
): string[] {
  const roots: string[] = [];
  for (const [prefix, root] of locations) {
    roots.push(root);
    if (name !== undefined && all !== true && findAt(prefix, root, name)) break;
  }
  return roots;
}

/**
 * Looks in the `staticfilesDirs` setting's folders, each optionally under a prefix (Django's
 * `FileSystemFinder`).
 *
 * @example
 * ```ts
 * const finder = new FileSystemFinder([path.join(baseDir, 'static'), ['vendor', '/opt/vendor']]);
 * finder.find('vendor/jquery.js'); // '/opt/vendor/jquery.js'
 * ```
 */
export class FileSystemFinder implements Finder {
  readonly locations: Array<[prefix: string, root: string]>;
  readonly storages = new Map<string, FileSystemStorage>();

  constructor(
    dirs: readonly StaticfilesDir[],
    private readonly options: { staticRoot?: string | null } = {},
  ) {
    if (!Array.isArray(dirs)) {
      throw new ImproperlyConfigured(
        'Your staticfilesDirs setting is not an array; it should be a list of folders.',
      );
    }
    this.locations = dirs.map((d) => {
      const [prefix, root] = typeof d === 'string' ? ['', d] : d;
      return [prefix.replace(/\/+$/, ''), path.resolve(root)];
    });
    for (const [prefix, root] of this.locations) {
      const storage = new FileSystemStorage({ location: root, baseUrl: null });
      storage.prefix = prefix || undefined;
      this.storages.set(root, storage);
    }
  }

  check(): string[] {
    const problems: string[] = [];
    const staticRoot = this.options.staticRoot ? path.resolve(this.options.staticRoot) : null;
    for (const [prefix, root] of this.locations) {
      if (prefix.endsWith('/'))
        problems.push(
          `The prefix ${JSON.stringify(prefix)} in staticfilesDirs must not end with a slash.`,
        );
      if (staticRoot && root === staticRoot)
        problems.push('The staticfilesDirs setting should not contain the staticRoot setting.');
    }
    return problems;
  }

  searchedLocations(name?: string, options: { all?: boolean } = {}): string[] {
    return searched(this.locations, name, options.all);
  }

  find(name: string, options?: { all?: false }): string | null;
  find(name: string, options: { all: true }): string[];
  find(name: string, options: { all?: boolean } = {}): string | string[] | null {
    const found = [...findAll(this.locations, name)];
    return options.all ? found : (found[0] ?? null);
  }

  *list(ignorePatterns: readonly string[]): Generator<[string, FileSystemStorage]> {
    for (const [, root] of this.locations) {
      if (!existsSync(root)) continue;
      const storage = this.storages.get(root) as FileSystemStorage;
      for (const name of getFiles(storage, ignorePatterns)) yield [name, storage];
    }
  }
}

/** One installed app as the app finder sees it: its name and its folder. */
export interface AppLocation {
  name: string;
  path: string;
}

/**
 * Looks in each installed app's `static/` folder, in `installedApps` order (Django's
 * `AppDirectoriesFinder`).
 *
 * @example
 * ```ts
 * const finder = new AppDirectoriesFinder([{ name: 'polls', path: '/srv/site/polls' }]);
 * finder.find('polls/style.css'); // '/srv/site/polls/static/polls/style.css'
 * ```
 */
export class AppDirectoriesFinder implements Finder {
  readonly sourceDir = 'static';
  readonly storages = new Map<string, FileSystemStorage>();

  constructor(apps: readonly AppLocation[]) {
    for (const app of apps) {
      if (!app.path) continue;
      const root = path.join(app.path, this.sourceDir);
      if (existsSync(root) && statSync(root).isDirectory())
        this.storages.set(app.name, new FileSystemStorage({ location: root, baseUrl: null }));
    }
  }

  searchedLocations(name?: string, options: { all?: boolean } = {}): string[] {
    return searched(
      [...this.storages.values()].map((s) => ['', s.location as string]),
      name,
      options.all,
    );
  }

  find(name: string, options?: { all?: false }): string | null;
  find(name: string, options: { all: true }): string[];
  find(name: string, options: { all?: boolean } = {}): string | string[] | null {
    const found = [
      ...findAll(
        [...this.storages.values()].map((s) => ['', s.location as string]),
        name,
      ),
    ];
    return options.all ? found : (found[0] ?? null);
  }

  *list(ignorePatterns: readonly string[]): Generator<[string, FileSystemStorage]> {
    for (const storage of this.storages.values())
      for (const name of getFiles(storage, ignorePatterns)) yield [name, storage];
  }
}

/** Asks each finder in turn (Django's `finders.find`): the first match, or all of them. */
export function find(finders: readonly Finder[], name: string, all?: false): string | null;
export function find(finders: readonly Finder[], name: string, all: true): string[];
export function find(
  finders: readonly Finder[],
  name: string,
  all = false,
): string | string[] | null {
  const matches: string[] = [];
  for (const finder of finders) {
    if (all) {
      for (const m of finder.find(name, { all: true })) if (!matches.includes(m)) matches.push(m);
    } else {
      const m = finder.find(name);
      if (m) return m;
    }
  }
  return all ? matches : null;
}
