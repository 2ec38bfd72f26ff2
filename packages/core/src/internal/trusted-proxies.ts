import { isIP } from 'node:net';
import type { Environ } from '@stack/wsgi';

/** `::ffff:127.0.0.1` (an IPv4 peer on a dual-stack socket) is `127.0.0.1`. */
function plain(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

/**
 * Replaces `REMOTE_ADDR` with the client's address as the proxy saw it, when the request comes
 * from a trusted proxy: `X-Forwarded-For` is read from the right, past the trusted proxies, and
 * the first other address is the client. Entries a client wrote itself sit further left and are
 * never reached, so they cannot forge the address. `trusted` empty: nothing changes.
 */
export function clientFromProxy(environ: Environ, trusted: ReadonlySet<string>): void {
  if (trusted.size === 0 || !trusted.has(plain(environ.REMOTE_ADDR))) return;
  const header = environ.HTTP_X_FORWARDED_FOR;
  if (typeof header !== 'string' || header.length > 4096) return;
  const hops = header.split(',').map((h) => plain(h.trim()));
  let client = plain(environ.REMOTE_ADDR);
  while (trusted.has(client) && hops.length > 0) {
    const next = hops.pop() as string;
    if (!isIP(next)) break;
    client = next;
  }
  environ.REMOTE_ADDR = client;
}
