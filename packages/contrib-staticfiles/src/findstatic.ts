import { realpathSync } from 'node:fs';
import path from 'node:path';
import { find, type Finder } from './finders.js';

/** What `findstatic` needs. */
export interface FindstaticOptions {
  finders: readonly Finder[];
  /** Only the first match of each name (`--first`). */
  first?: boolean;
  verbosity?: number;
  stdout?: { write(text: string): unknown };
  stderr?: { write(text: string): unknown };
}

/**
 * Prints where the finders find each name (Django's `findstatic`): the first match, or all of
 * them, or "No matching file found" on stderr. Returns the absolute paths found.
 *
 * @example
 * ```ts
 * findstatic(['css/site.css'], { finders, stdout: process.stdout });
 * // Found 'css/site.css' here:
 * //   /srv/site/static/css/site.css
 * ```
 */
export function findstatic(names: readonly string[], options: FindstaticOptions): string[] {
  const verbosity = options.verbosity ?? 1;
  const all: string[] = [];
  for (const raw of names) {
    const name = path.posix.normalize(raw);
    const found = options.first
      ? [find(options.finders, name)].filter((r): r is string => r !== null)
      : find(options.finders, name, true);
    // Django prints the real paths, links resolved.
    const result = found.map((r) => realOrSame(r));
    const searched =
      verbosity >= 2
        ? '\nLooking in the following locations:\n  ' +
          searchedLocations(options.finders, name, !options.first).join('\n  ')
        : '';
    if (result.length) {
      if (verbosity >= 1) {
        options.stdout?.write(
          `Found '${raw}' here:\n` + result.map((r) => `  ${r}`).join('\n') + searched + '\n',
        );
      } else options.stdout?.write(result.join('\n') + '\n');
      all.push(...result);
    } else if (verbosity >= 1) {
      options.stderr?.write(`No matching file found for '${raw}'.${searched && `\n${searched}`}\n`);
    }
  }
  return all;
}

/**
 * The folders the search for `name` went through, each once, in order (Django's
 * `finders.searched_locations`): with `--first`, the finders after the one that found it are
 * not asked, and that one stops at its matching folder.
 */
function searchedLocations(finders: readonly Finder[], name: string, all: boolean): string[] {
  const out: string[] = [];
  for (const finder of finders) {
    for (const location of finder.searchedLocations?.(name, { all }) ?? [])
      if (!out.includes(location)) out.push(location);
    if (!all && finder.find(name)) break;
  }
  return out;
}

function realOrSame(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}
