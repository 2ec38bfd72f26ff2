import { realpathSync } from 'node:fs';
import path from 'node:path';

/**
 * `root/name` when that path stays inside `root` (Django's `safe_join`), else `null`. The name is
 * a storage name: `/`-separated, relative; a backslash, a NUL, a drive letter or an absolute
 * name is refused outright rather than interpreted.
 */
export function safeJoin(root: string, name: string): string | null {
  if (name.includes('\0') || name.includes('\\') || path.isAbsolute(name) || /^[a-z]:/i.test(name))
    return null;
  const base = path.resolve(root);
  const full = path.resolve(base, name);
  if (full !== base && !full.startsWith(base + path.sep)) return null;
  return full;
}

/**
 * Whether the real file behind `full` (symbolic links followed) is still inside `root`'s real
 * folder: a link that points out of the root must not serve what it points at.
 */
export function staysInside(root: string, full: string): boolean {
  try {
    const realRoot = realpathSync(root);
    const real = realpathSync(full);
    return real === realRoot || real.startsWith(realRoot + path.sep);
  } catch {
    return false;
  }
}

/**
 * A request path (already decoded by the server) as a storage name: normalised as Django's
 * `posixpath.normpath(path).lstrip('/')`; `null` for a NUL, a backslash or a climb above the root.
 */
export function normaliseName(name: string): string | null {
  if (name.includes('\0') || name.includes('\\')) return null;
  const normal = path.posix.normalize(name).replace(/^\/+/, '');
  if (normal === '..' || normal.startsWith('../')) return null;
  return normal === '.' ? '' : normal;
}
