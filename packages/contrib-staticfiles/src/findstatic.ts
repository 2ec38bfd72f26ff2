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
          options.finders.flatMap((f) => f.searchedLocations?.() ?? []).join('\n  ')
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

function realOrSame(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}
