import { domainToASCII } from 'node:url';

/** Python's `urllib.parse.urlsplit` result: scheme, netloc, path, query, fragment. */
export type SplitUrl = [string, string, string, string, string];

const SCHEME_CHARS = /^[a-zA-Z][a-zA-Z0-9+.-]*$/;

/** Python's `urlsplit` (no `allow_fragments` switch); throws on a netloc with a broken `[`/`]`. */
export function urlsplit(url: string): SplitUrl {
  // eslint-disable-next-line no-control-regex -- Python's urlsplit strips C0 controls and spaces
  let rest = url.replace(/^[\x00-\x20]+/, '').replace(/[\t\r\n]/g, '');
  let scheme = '';
  const colon = rest.indexOf(':');
  if (colon > 0 && SCHEME_CHARS.test(rest.slice(0, colon))) {
    scheme = rest.slice(0, colon).toLowerCase();
    rest = rest.slice(colon + 1);
  }
  let netloc = '';
  if (rest.startsWith('//')) {
    const end = rest.slice(2).search(/[/?#]/);
    netloc = end === -1 ? rest.slice(2) : rest.slice(2, end + 2);
    rest = end === -1 ? '' : rest.slice(end + 2);
    if (netloc.includes('[') !== netloc.includes(']')) throw new Error('Invalid IPv6 URL');
  }
  let fragment = '';
  const hash = rest.indexOf('#');
  if (hash !== -1) {
    fragment = rest.slice(hash + 1);
    rest = rest.slice(0, hash);
  }
  let query = '';
  const question = rest.indexOf('?');
  if (question !== -1) {
    query = rest.slice(question + 1);
    rest = rest.slice(0, question);
  }
  return [scheme, netloc, rest, query, fragment];
}

/** Python's `urlunsplit`. */
export function urlunsplit([scheme, netloc, path, query, fragment]: SplitUrl): string {
  let url = path;
  if (
    netloc ||
    (scheme && ['http', 'https', 'ftp', 'ftps'].includes(scheme) && url.startsWith('//'))
  ) {
    if (url && !url.startsWith('/')) url = `/${url}`;
    url = `//${netloc}${url}`;
  }
  if (scheme) url = `${scheme}:${url}`;
  if (query) url = `${url}?${query}`;
  if (fragment) url = `${url}#${fragment}`;
  return url;
}

/** The host part of a netloc, lower-cased, without user info, port or IPv6 brackets. */
export function hostnameOf(netloc: string): string {
  const host = netloc.slice(netloc.lastIndexOf('@') + 1);
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']')).toLowerCase();
  const colon = host.indexOf(':');
  return (colon === -1 ? host : host.slice(0, colon)).toLowerCase();
}

/** Django's `punycode()` of a domain (IDN → ASCII); throws where the domain cannot be encoded. */
export function punycode(domain: string): string {
  // eslint-disable-next-line no-control-regex -- pure ASCII needs no IDNA encoding
  if (/^[\x00-\x7f]*$/.test(domain)) return domain;
  const ascii = domainToASCII(domain);
  if (!ascii) throw new Error('Invalid IDN');
  return ascii;
}
