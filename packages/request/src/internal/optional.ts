import { optionalRequire } from '@stack/utils';

/**
 * Loads a dependency the first time its feature is used (`@fastify/busboy`, `iconv-lite`,
 * `secure-json-parse`, `mime-types`: each CommonJS only, so `require` returns the one copy an
 * `import` would), failing with an error naming it and what needs it.
 */
export const loadDependency = optionalRequire(import.meta.url);
