import { createRequire } from 'node:module';
import { ImproperlyConfigured } from '../errors.js';

const require = createRequire(import.meta.url);

/**
 * Loads an optional CommonJS dependency the first time it is needed, as Django imports a
 * database backend's driver (psycopg2) only when that backend is used: a server that never opens
 * a PostgreSQL connection does not read `pg` and its 40 files at start-up. `require` keeps the
 * callers synchronous (these packages ship CommonJS, so it returns the same objects an `import`
 * would). A missing package fails here, at first use, naming the package and what needs it.
 */
export function loadDriver<T>(name: string, usedFor: string): T {
  try {
    return require(name) as T;
  } catch (error) {
    if (isMissing(error, name)) {
      throw new ImproperlyConfigured(
        `Error loading ${name} module (needed by ${usedFor}): is it installed?`,
        { cause: error },
      );
    }
    throw error;
  }
}

/** Whether `error` says that `name` itself (not one of its own imports) cannot be found. */
function isMissing(error: unknown, name: string): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  return (
    code === 'MODULE_NOT_FOUND' &&
    typeof message === 'string' &&
    message.startsWith(`Cannot find module '${name}'`)
  );
}
