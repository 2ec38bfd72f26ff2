import { connections, type QueryLogEntry } from '@stack/orm';
import { requestStarted } from '../signals.js';

/** Django keeps the last 9000 queries of a connection (`queries_log`'s `maxlen`). */
const LIMIT = 9000;
let log: QueryLogEntry[] = [];
const attached = new Set<string>();
let resetting = false;

/**
 * Records the queries of every configured connection, as Django's `connection.queries` does
 * under `DEBUG`, emptied when a request starts. Only started in debug mode with `internalIps`,
 * for the `debug` context processor's `sql_queries`.
 */
export function startQueryLog(): void {
  for (const alias of connections.aliases) {
    if (attached.has(alias)) continue;
    attached.add(alias);
    connections.get(alias).addQueryListener((entry) => {
      log.push(entry);
      if (log.length > LIMIT) log.shift();
    });
  }
  if (!resetting) {
    resetting = true;
    requestStarted.connect(() => {
      log = [];
    });
  }
}

/** The queries since the current request started (all connections), oldest first. */
export function loggedQueries(): readonly QueryLogEntry[] {
  return [...log];
}
