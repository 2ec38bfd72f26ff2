import { createRequire } from 'node:module';

/** Builds the error a missing optional package raises (default: `Error`). */
export type MissingModuleError = (message: string, options: { cause: unknown }) => Error;

/**
 * A loader for optional dependencies, read the first time a feature needs them, as Django
 * imports a database backend's driver or bcrypt only when they are first used. `from` is the
 * calling package's `import.meta.url`, so each name resolves from that package's own
 * dependencies. The loader `require`s CommonJS packages synchronously, so callers stay
 * synchronous (see CONTRIBUTING, "Optional dependencies load at first use"). A package that is
 * not installed fails with Django's "Error loading <name> module" message, naming what needs it,
 * built by `makeError`; any other error while loading it is rethrown as it is.
 *
 * @example
 * ```ts
 * const load = optionalRequire(import.meta.url);
 * const pg = load<typeof import('pg')>('pg', "the 'postgres' database engine");
 * ```
 */
export function optionalRequire(
  from: string | URL,
  makeError: MissingModuleError = (message, options) => new Error(message, options),
): <T>(name: string, neededBy: string) => T {
  const require = createRequire(from);
  return <T>(name: string, neededBy: string): T => {
    try {
      return require(name) as T;
    } catch (error) {
      if (isMissing(error, name)) {
        throw makeError(`Error loading ${name} module (needed by ${neededBy}): is it installed?`, {
          cause: error,
        });
      }
      throw error;
    }
  };
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
