/**
 * @stack/urls: Django's URL dispatcher: path, rePath, include, converters, resolve and reverse.
 *
 * Everything public is exported here by name; internals live under `src/internal/`.
 */
export { checkUrlconf } from './checks.js';
export { include, Included, path, rePath } from './conf.js';
export { registerConverter } from './converters.js';
export { ImproperlyConfigured, NoReverseMatch, Resolver404, UrlsError } from './errors.js';
export { RegexPattern, RoutePattern, URLPattern, URLResolver } from './patterns.js';
export { clearUrlCaches, getUrlconf, isValidPath, resolve, setUrlconf } from './resolve.js';
export { ResolverMatch } from './resolver-match.js';
export {
  clearScriptPrefix,
  getScriptPrefix,
  reverse,
  reverseLazy,
  setScriptPrefix,
} from './reverse.js';
export { iriToUri } from '@stack/utils';

export type { UrlCheckMessage } from './checks.js';
export type { PathOptions } from './conf.js';
export type { Converter } from './converters.js';
export type { TriedEntry } from './internal/types.js';
export type { Pattern, Urlconf, UrlEntry } from './patterns.js';
export type { ResolverMatchInit } from './resolver-match.js';
export type { ReverseOptions } from './reverse.js';
