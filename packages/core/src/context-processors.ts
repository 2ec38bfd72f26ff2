import { type ContextProcessor, debugContextProcessor as debugFor } from '@stack/templates';
import { loggedQueries } from './internal/query-log.js';
import { getSettings } from './settings.js';

/**
 * Django's `django.template.context_processors.debug`, bound to the settings: for a request
 * from one of `internalIps` while `debug` is on, `debug` is true and `sql_queries` lists the
 * queries run since the request started (`{ sql, params, alias }`). `stack startproject`
 * lists it first, as Django does.
 *
 * @example
 * ```ts
 * templates: [{ backend: '@stack/templates', options: {
 *   contextProcessors: ['@stack/core:debugContextProcessor'] } }]
 * ```
 */
export const debugContextProcessor: ContextProcessor = (request) => {
  const settings = getSettings();
  return debugFor({
    debug: settings.debug,
    internalIps: settings.internalIps,
    sqlQueries: () => loggedQueries(),
  })(request);
};
