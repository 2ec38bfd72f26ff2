import type { Environ } from '@stack/wsgi';
import { describe, expect, it } from 'vitest';
import { clientFromProxy } from './trusted-proxies.js';

function address(peer: string, forwarded: string | undefined, trusted: string[]): string {
  const environ = { REMOTE_ADDR: peer, HTTP_X_FORWARDED_FOR: forwarded } as unknown as Environ;
  clientFromProxy(environ, new Set(trusted));
  return environ.REMOTE_ADDR;
}

describe('the trustedProxies setting', () => {
  it('takes the address the trusted proxy saw', () => {
    expect(address('127.0.0.1', '203.0.113.7', ['127.0.0.1'])).toBe('203.0.113.7');
    expect(address('::ffff:127.0.0.1', '203.0.113.7', ['127.0.0.1'])).toBe('203.0.113.7');
  });

  it('reads from the right, so an address the client wrote itself is never taken', () => {
    expect(address('127.0.0.1', '6.6.6.6, 203.0.113.7', ['127.0.0.1'])).toBe('203.0.113.7');
  });

  it('walks past a chain of trusted proxies', () => {
    expect(address('127.0.0.1', '203.0.113.7, 10.0.0.2', ['127.0.0.1', '10.0.0.2'])).toBe(
      '203.0.113.7',
    );
  });

  it('ignores the header from a peer that is not trusted, or with nothing trusted', () => {
    expect(address('198.51.100.1', '203.0.113.7', ['127.0.0.1'])).toBe('198.51.100.1');
    expect(address('127.0.0.1', '203.0.113.7', [])).toBe('127.0.0.1');
  });

  it.each(['not-an-ip', '', '__proto__', '203.0.113.7<script>', 'x'.repeat(5000)])(
    'keeps the proxy’s address for a malformed header %#',
    (forwarded) => {
      expect(address('127.0.0.1', forwarded, ['127.0.0.1'])).toBe('127.0.0.1');
    },
  );
});
