import { describe } from 'vitest';
import {
  base36ToInt,
  escapeLeadingSlashes,
  httpDate,
  intToBase36,
  isSameDomain,
  parseEtags,
  parseHttpDate,
  parseHttpDateSafe,
  quoteEtag,
  urlencode,
  urlHasAllowedHostAndScheme,
  urlquote,
  urlquotePlus,
  urlsafeBase64Decode,
  urlsafeBase64Encode,
  urlunquote,
  urlunquotePlus,
  type UrlencodeQuery,
} from '../src/index.js';
import { replay, type Case } from './replay.js';

function now(c: Case): { now?: Date } {
  const utcnow = c.env?.utcnow as string | undefined;
  return utcnow ? { now: new Date(`${utcnow}Z`) } : {};
}

describe("django.utils.http, as Django 3.2's tests and harvest have it", () => {
  replay('http', {
    urlencode: (_c, [query, doseq], kw) =>
      urlencode(query as UrlencodeQuery, { doseq: Boolean(kw.doseq ?? doseq) }),
    http_date: (_c, [t]) => httpDate(t as number),
    parse_http_date: (c, [date]) => parseHttpDate(date as string, now(c)),
    parse_http_date_safe: (c, [date]) => parseHttpDateSafe(date as string, now(c)) ?? null,
    base36_to_int: (_c, [s]) => base36ToInt(s as string),
    int_to_base36: (_c, [i]) => intToBase36(i as number),
    urlsafe_base64_encode: (_c, [s]) => urlsafeBase64Encode(s as Buffer),
    urlsafe_base64_decode: (_c, [s]) => urlsafeBase64Decode(s as string),
    parse_etags: (_c, [s]) => parseEtags(s as string),
    quote_etag: (_c, [s]) => quoteEtag(s as string),
    is_same_domain: (_c, [host, pattern]) => isSameDomain(host as string, pattern as string),
    url_has_allowed_host_and_scheme: (_c, [url, hosts, https], kw) =>
      urlHasAllowedHostAndScheme(
        url as string,
        (kw.allowed_hosts ?? hosts) as Set<string> | string | null,
        { requireHttps: Boolean(kw.require_https ?? https) },
      ),
    escape_leading_slashes: (_c, [url]) => escapeLeadingSlashes(url as string),
    urlquote: (_c, [url, safe], kw) => urlquote(url as string, (kw.safe ?? safe ?? '/') as string),
    urlquote_plus: (_c, [url, safe], kw) =>
      urlquotePlus(url as string, (kw.safe ?? safe ?? '') as string),
    urlunquote: (_c, [url]) => urlunquote(url as string),
    urlunquote_plus: (_c, [url]) => urlunquotePlus(url as string),
  });
});
