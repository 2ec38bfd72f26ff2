import { isSameDomain } from '@stack/utils';
import { DisallowedHost } from './errors.js';

/** Django's host validation (`split_domain_port`, `validate_host`). */

const HOST_RE = /^([a-z0-9.-]+|\[[a-f0-9]*:[a-f0-9.:]+\])(:[0-9]+)?$/;

/**
 * Split a `Host` value into a lower-cased domain (trailing dot removed) and a port; both are
 * `''` when the host is malformed.
 *
 * @example
 * ```ts
 * splitDomainPort('Example.COM.:8000'); // ['example.com', '8000']
 * splitDomainPort('example.com@evil.tld'); // ['', '']
 * ```
 */
export function splitDomainPort(host: string): [domain: string, port: string] {
  const match = HOST_RE.exec(host.toLowerCase());
  if (!match) return ['', ''];
  const domain = match[1]!;
  return [domain.endsWith('.') ? domain.slice(0, -1) : domain, match[2]?.slice(1) ?? ''];
}

/**
 * Whether `host` (a domain from `splitDomainPort`) matches one of `allowedHosts`: an exact
 * name, `.example.com` for the domain and its subdomains, or `*` for any.
 *
 * @example
 * ```ts
 * validateHost('www.example.com', ['.example.com']); // true
 * ```
 */
export function validateHost(host: string, allowedHosts: readonly string[]): boolean {
  return allowedHosts.some((pattern) => pattern === '*' || isSameDomain(host, pattern));
}

/** What debug allows when `allowedHosts` is empty, as Django. */
const DEBUG_HOSTS: readonly string[] = Object.freeze(['.localhost', '127.0.0.1', '[::1]']);

let lastHost: string | undefined;
let lastAllowedHosts: readonly string[] | undefined;
let lastDebug = false;

/**
 * Return `host` if its domain is well formed and allowed, else raise `DisallowedHost` with
 * Django's message. In debug with no `allowedHosts`, the localhost variants are allowed.
 *
 * @example
 * ```ts
 * checkHost('www.example.com:8000', ['.example.com'], false); // 'www.example.com:8000'
 * ```
 */
export function checkHost(host: string, allowedHosts: readonly string[], debug: boolean): string {
  // Clients of one site send the same Host on every request: the last accepted answer is kept,
  // keyed by the host text and the very list and flag it was checked against. Only a frozen
  // list is remembered (requestSettings() freezes its copy), so a list changed in place is
  // always checked afresh.
  if (host === lastHost && allowedHosts === lastAllowedHosts && debug === lastDebug) return host;
  const allowed = debug && allowedHosts.length === 0 ? DEBUG_HOSTS : allowedHosts;
  const [domain] = splitDomainPort(host);
  if (domain && validateHost(domain, allowed)) {
    if (!Object.isFrozen(allowedHosts)) return host;
    lastHost = host;
    lastAllowedHosts = allowedHosts;
    lastDebug = debug;
    return host;
  }
  throw new DisallowedHost(
    `Invalid HTTP_HOST header: ${JSON.stringify(host)}.` +
      (domain
        ? ` You may need to add ${JSON.stringify(domain)} to allowedHosts.`
        : ' The domain name provided is not valid according to RFC 1034/1035.'),
  );
}
