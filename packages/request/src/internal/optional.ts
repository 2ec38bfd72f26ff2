import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * Loads a dependency the first time its feature is used, as Django imports what a feature needs
 * when it runs: a server that parses no multipart body, decodes no non-UTF-8 charset, parses no
 * JSON body and serves no file does not read `@fastify/busboy`, `iconv-lite`, `secure-json-parse`
 * or `mime-types` at start-up. Each is CommonJS only (no `exports` map, no ES build), so `require`
 * returns the one copy an `import` would, and the callers stay synchronous. A missing package
 * fails here, at first use, with an error naming it and what needs it.
 */
export function loadDependency<T>(name: string, usedFor: string): T {
  try {
    return require(name) as T;
  } catch (error) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    if (
      code === 'MODULE_NOT_FOUND' &&
      typeof message === 'string' &&
      message.startsWith(`Cannot find module '${name}'`)
    ) {
      throw new Error(`Error loading ${name} module (needed by ${usedFor}): is it installed?`, {
        cause: error,
      });
    }
    throw error;
  }
}
