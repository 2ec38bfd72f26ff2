/**
 * @stack/cache: Django's cache framework: backends (locmem, Redis, database, file, dummy), cachePage and the cache middleware.
 *
 * Everything public is exported here by name; internals live under `src/internal/`.
 */
export {};
