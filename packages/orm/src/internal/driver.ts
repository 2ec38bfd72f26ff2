import { optionalRequire } from '@stack/utils';
import { ImproperlyConfigured } from '../errors.js';

/**
 * Loads a database driver (or another optional package of the ORM) the first time it is
 * needed, as Django imports psycopg2 only when the postgresql backend is used: a server that
 * never opens a PostgreSQL connection does not read `pg` at start-up. A missing one raises
 * `ImproperlyConfigured`, naming it and what needs it.
 */
export const loadDriver = optionalRequire(
  import.meta.url,
  (message, options) => new ImproperlyConfigured(message, options),
);
