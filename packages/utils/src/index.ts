/**
 * @stack/utils: Django's `django.utils`, the text, HTML, HTTP, date, crypto and cache-header
 * helpers every layer shares. The bottom layer: it imports no other Stack package.
 *
 * Everything public is exported here by name; internals live under `src/internal/`.
 */
export { SafeString, markSafe, isSafe, htmlOf } from './safestring.js';
export type { HtmlSafe } from './safestring.js';
export {
  escape,
  escapeHtml,
  conditionalEscape,
  formatHtml,
  formatHtmlJoin,
  escapejs,
  linebreaks,
  stripTags,
  stripSpacesBetweenTags,
  avoidWrapping,
} from './html.js';
export { slugify, capfirst, normalizeNewlines, phone2numeric, wrap } from './text.js';
export { Truncator } from './truncator.js';
export type { TruncateOptions } from './truncator.js';
export {
  urlencode,
  urlquote,
  urlquotePlus,
  urlunquote,
  urlunquotePlus,
  intToBase36,
  base36ToInt,
  urlsafeBase64Encode,
  urlsafeBase64Decode,
  parseEtags,
  quoteEtag,
  isSameDomain,
  urlHasAllowedHostAndScheme,
  escapeLeadingSlashes,
} from './http.js';
export type { UrlencodeQuery, AllowedHostOptions } from './http.js';
export { httpDate, parseHttpDate, parseHttpDateSafe } from './http-date.js';
export type { ParseHttpDateOptions } from './http-date.js';
export {
  MONTHS,
  MONTHS_3,
  MONTHS_AP,
  WEEKDAYS,
  WEEKDAYS_ABBR,
  isLeapYear,
  daysInMonth,
  strftime,
  wallClock,
} from './dates.js';
export type { DateTimeFields, WallClock } from './dates.js';
export {
  iriToUri,
  uriToIri,
  escapeUriPath,
  filepathToUri,
  repercentBrokenUnicode,
} from './encoding.js';
export {
  saltedHmac,
  getRandomString,
  constantTimeCompare,
  RANDOM_STRING_CHARS,
  InvalidAlgorithm,
} from './crypto.js';
export type { BytesLike } from './crypto.js';
export {
  patchVaryHeaders,
  hasVaryHeader,
  patchCacheControl,
  getMaxAge,
  patchResponseHeaders,
  addNeverCacheHeaders,
} from './cache.js';
export type { HeaderTarget, CacheControlDirectives } from './cache.js';
export { isThenable } from './thenable.js';
export { HttpError, SuspiciousOperation, SuspiciousFileOperation } from './errors.js';
export { optionalRequire } from './module-loading.js';
export type { MissingModuleError } from './module-loading.js';
