import { existsSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

type Exports = string | null | { [key: string]: Exports } | Exports[];

function splitSpecifier(spec: string): { name: string; subpath: string } {
  const parts = spec.split('/');
  const count = spec.startsWith('@') ? 2 : 1;
  const rest = parts.slice(count).join('/');
  return { name: parts.slice(0, count).join('/'), subpath: rest ? `./${rest}` : '.' };
}

function packageFolder(name: string, from: string): string | null {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (dir === path.dirname(dir)) return null;
  }
}

function pickTarget(value: Exports, conditions: readonly string[]): string | null {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = pickTarget(item, conditions);
      if (found) return found;
    }
    return null;
  }
  if (!value || typeof value !== 'object') return null;
  for (const [key, target] of Object.entries(value)) {
    if (key === 'default' || conditions.includes(key)) {
      const found = pickTarget(target, conditions);
      if (found) return found;
    }
  }
  return null;
}

/**
 * The file a package specifier names, resolved from the project folder as Node would resolve it
 * from a module there (`node_modules` upwards, then the package's `exports`). Packages outside
 * any `node_modules` (a Stack checkout linked into the project) resolve to their sources, as the
 * `stack` binary runs them.
 */
export function resolveFromProject(spec: string, baseDir: string): string | null {
  const { name, subpath } = splitSpecifier(spec);
  const folder = packageFolder(name, baseDir);
  if (!folder) return null;
  const pkg = JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8')) as {
    exports?: Exports;
    main?: string;
  };
  const real = realpathSync(folder);
  const conditions = real.includes(`${path.sep}node_modules${path.sep}`)
    ? ['import', 'node']
    : ['@stack/source', 'import', 'node'];
  let target: string | null;
  if (pkg.exports === undefined) target = subpath === '.' ? (pkg.main ?? 'index.js') : subpath;
  else {
    const exportsMap =
      typeof pkg.exports === 'object' &&
      pkg.exports !== null &&
      !Array.isArray(pkg.exports) &&
      Object.keys(pkg.exports).some((k) => k.startsWith('.'))
        ? pkg.exports
        : { '.': pkg.exports };
    const entry = Object.hasOwn(exportsMap, subpath) ? exportsMap[subpath] : undefined;
    target = entry === undefined ? null : pickTarget(entry, conditions);
  }
  return target === null ? null : path.join(real, target);
}

/**
 * `import()` as a module in the project folder would do it: relative paths from `baseDir`, and
 * packages from the project's `node_modules`, even when this code is installed elsewhere (linked).
 */
export function projectImport(baseDir: string): (spec: string) => Promise<unknown> {
  return async (spec) => {
    if (spec.startsWith('.') || path.isAbsolute(spec))
      return import(pathToFileURL(path.resolve(baseDir, spec)).href);
    if (spec.startsWith('node:') || spec.includes(':')) return import(spec);
    const file = resolveFromProject(spec, baseDir);
    return import(file ? pathToFileURL(file).href : spec);
  };
}
