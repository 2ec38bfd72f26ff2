import { describe, expect, it } from 'vitest';
import { parseCookie } from './cookie.js';

// The cases of Django's tests for parse_cookie, and hostile input.
describe('parseCookie', () => {
  it.each([
    ['chips=ahoy; vienna=finger', { chips: 'ahoy', vienna: 'finger' }],
    [
      'keebler="E=mc2; L=\\"Loves\\"; fudge=\\012;"',
      { keebler: '"E=mc2', L: '\\"Loves\\"', fudge: '\\012', '': '"' },
    ],
    ['keebler=E=mc2', { keebler: 'E=mc2' }],
    ['key:term=value:term', { 'key:term': 'value:term' }],
    ['a=b; c=[; d=r; f=h', { a: 'b', c: '[', d: 'r', f: 'h' }],
    ['a=b; Domain=example.com', { a: 'b', Domain: 'example.com' }],
    ['a=b; h=i; a=c', { a: 'c', h: 'i' }],
    ['a; b=c', { '': 'a', b: 'c' }],
    ['=b', { '': 'b' }],
    ['=', {}],
    ['', {}],
    ['  ;  ;', {}],
    ['unnamed', { '': 'unnamed' }],
    ['a b c=d e = f; gh=i', { 'a b c': 'd e = f', gh: 'i' }],
    ['a   b,c<>@:/[]?{}=d  "  =e,f g', { 'a   b,c<>@:/[]?{}': 'd  "  =e,f g' }],
    ['saint=André Bessette', { saint: 'André Bessette' }],
    ['q="a\\"b\\\\c\\101"', { q: 'a"b\\cA' }],
    ['\x1c a=b \x1f', { a: 'b' }],
  ])('parses %j as Django does', (header, expected) => {
    expect({ ...parseCookie(header) }).toEqual(expected);
  });

  it('never throws and keeps hostile names as plain keys', () => {
    const cookies = parseCookie('__proto__=x; constructor=y; toString=z; "=%; \0=\u0000');
    expect(Object.getPrototypeOf(cookies)).toBeNull();
    expect(cookies['__proto__']).toBe('x');
    expect(cookies.constructor).toBe('y');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(() => parseCookie('a='.repeat(10000))).not.toThrow();
  });

  it('gives each request without cookies its own empty object, with no prototype', () => {
    const first = parseCookie('');
    first.a = 'b';
    const second = parseCookie('');
    expect(Object.getPrototypeOf(second)).toBeNull();
    expect(second).not.toBe(first);
    expect({ ...second }).toEqual({});
  });
});
