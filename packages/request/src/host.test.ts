import { describe, expect, it } from 'vitest';
import { DisallowedHost } from './errors.js';
import { checkHost } from './host.js';

// checkHost remembers the last accepted host; these pin down that the memory never lets a
// host through that a fresh check would refuse.
describe('checkHost memory of the last accepted host', () => {
  it('re-checks a host against a list changed in place (only frozen lists are remembered)', () => {
    const allowed = ['example.com'];
    expect(checkHost('example.com', allowed, false)).toBe('example.com');
    allowed.pop();
    expect(() => checkHost('example.com', allowed, false)).toThrow(DisallowedHost);
  });

  it('re-checks the same host against another frozen list', () => {
    const first = Object.freeze(['example.com']);
    const second = Object.freeze(['other.example']);
    expect(checkHost('example.com', first, false)).toBe('example.com');
    expect(() => checkHost('example.com', second, false)).toThrow(DisallowedHost);
    expect(checkHost('example.com', first, false)).toBe('example.com');
  });

  it('re-checks when only the debug flag differs', () => {
    const none: readonly string[] = Object.freeze([]);
    expect(checkHost('localhost', none, true)).toBe('localhost');
    expect(() => checkHost('localhost', none, false)).toThrow(DisallowedHost);
  });

  it('never remembers a refused host', () => {
    const allowed = Object.freeze(['example.com']);
    expect(() => checkHost('evil.example', allowed, false)).toThrow(DisallowedHost);
    expect(() => checkHost('evil.example', allowed, false)).toThrow(DisallowedHost);
    expect(checkHost('EXAMPLE.com', allowed, false)).toBe('EXAMPLE.com');
    expect(() => checkHost('example.com@evil.tld', allowed, false)).toThrow(DisallowedHost);
  });
});
