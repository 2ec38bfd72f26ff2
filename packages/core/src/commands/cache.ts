import type { Command } from '../command.js';
import { CommandError } from '../errors.js';

/**
 * `stack createcachetable [tableName…]`: creates the table of every database cache in `caches`
 * (or only those named), as Django's `createcachetable`; a table that exists is left alone.
 */
export const createcachetableCommand: Command = {
  name: 'createcachetable',
  help: 'Creates the tables the database caches (backend "db") of the caches setting need.',
  arguments: [{ name: 'tableName', help: 'Only these tables (default: all).', optional: true }],
  async handle({ args, stdout }) {
    const { DatabaseCache, caches } = await import('@stack/cache');
    const wanted = new Set(args);
    const tables = caches
      .all()
      .filter((cache) => cache instanceof DatabaseCache)
      .filter((cache) => wanted.size === 0 || wanted.has(cache.table));
    const unknown = [...wanted].filter((name) => !tables.some((cache) => cache.table === name));
    if (unknown.length > 0) {
      throw new CommandError(`No database cache uses the table ${unknown.join(', ')}.`);
    }
    for (const cache of tables) {
      if (await cache.createTable()) stdout.write(`Cache table '${cache.table}' created.\n`);
    }
    return 0;
  },
};
