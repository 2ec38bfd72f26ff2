import { describe, expect, it } from 'vitest';
import { BadHeaderError } from './errors.js';
import { CheckedHeader, ResponseHeaders } from './response-headers.js';

describe('ResponseHeaders', () => {
  it.each(['X\rA', 'X\nA', 'X\0A', 'X-A\r\n', '', 'X A', 'X\tA', 'Ä-Name', 'X\x7fA'])(
    'refuses the header name %j in set, setdefault and the constructor',
    (name) => {
      const headers = new ResponseHeaders();
      expect(() => headers.set(name, 'v')).toThrow(BadHeaderError);
      expect(() => headers.setdefault(name, 'v')).toThrow(BadHeaderError);
      expect(() => new ResponseHeaders([[name, 'v']])).toThrow(BadHeaderError);
      expect(headers.size).toBe(0);
    },
  );

  it.each([
    ['printable ASCII', 'same-origin; a="b c" ~!', 'same-origin; a="b c" ~!'],
    ['a number', 42, '42'],
    ['an empty value', '', ''],
    ['a tab', 'a\tb', 'a\tb'],
    ['DEL and other controls but CR, LF, NUL', 'a\x7fb\x01\x1f', 'a\x7fb\x01\x1f'],
    ['latin-1', 'caf\u00e9 \u00ff', 'caf\u00e9 \u00ff'],
    ['a character beyond latin-1', '\u20ac', '=?utf-8?b?4oKs?='],
  ] as const)('keeps %s as Django does, by set and setdefault', (_kind, value, expected) => {
    const headers = new ResponseHeaders();
    headers.set('X-Set', value);
    headers.setdefault('X-Default', value);
    expect(headers.get('X-Set')).toBe(expected);
    expect(headers.get('X-Default')).toBe(expected);
  });

  it('refuses a bad name every time, not only the first (bad names are never remembered)', () => {
    const headers = new ResponseHeaders();
    for (let i = 0; i < 3; i++) expect(() => headers.set('X-Bad\n', 'v')).toThrow(BadHeaderError);
  });

  it.each(['a\rb', 'a\nb', 'a\0b', '\r', '\n', '\0', 'ok\r\nSet-Cookie: x=y', 'wide € \n'])(
    'refuses the header value %j in set and setdefault, even for a name already checked',
    (value) => {
      const headers = new ResponseHeaders();
      headers.set('X-Checked', 'fine');
      expect(() => headers.set('X-Checked', value)).toThrow(BadHeaderError);
      expect(() => headers.setdefault('X-Other', value)).toThrow(BadHeaderError);
      expect(() => new ResponseHeaders({ 'X-Init': value })).toThrow(BadHeaderError);
      expect(headers.get('X-Checked')).toBe('fine');
      expect(headers.has('X-Other')).toBe(false);
    },
  );

  it('accepts tabs and other latin-1 characters in values as they are', () => {
    const headers = new ResponseHeaders();
    headers.set('X-Tab', 'a\tb');
    headers.set('X-Latin', 'caf\u00e9 \u00ff');
    expect(headers.get('x-tab')).toBe('a\tb');
    expect(headers.get('x-latin')).toBe('caf\u00e9 \u00ff');
  });

  it('MIME-encodes a value with characters beyond latin-1, and turns numbers into text', () => {
    const headers = new ResponseHeaders();
    headers.set('X-Name', 'caf\u00e9 \u20ac');
    headers.set('Content-Length', 42);
    expect(headers.get('X-Name')).toBe(
      `=?utf-8?b?${Buffer.from('caf\u00e9 \u20ac').toString('base64')}?=`,
    );
    expect(headers.get('content-length')).toBe('42');
  });

  it('uses the Q encoding when it is shorter, as Python email.header does for Django', () => {
    const headers = new ResponseHeaders();
    headers.set('X-A', 'xxxxx\u0100');
    headers.set('X-B', 'tab\there\u0101');
    headers.set('X-C', 'a=b?c_d\u0101');
    headers.set('X-D', '\u20ac');
    expect(headers.get('X-A')).toBe('=?utf-8?q?xxxxx=C4=80?=');
    expect(headers.get('X-B')).toBe('=?utf-8?q?tab=09here=C4=81?=');
    expect(headers.get('X-C')).toBe('=?utf-8?b?YT1iP2NfZMSB?=');
    expect(headers.get('X-D')).toBe('=?utf-8?b?4oKs?=');
  });

  it('keeps the spelling of the last set and the position of the first', () => {
    const headers = new ResponseHeaders();
    headers.set('X-One', '1');
    headers.set('X-Two', '2');
    headers.set('x-one', 'uno');
    expect(headers.items()).toEqual([
      ['x-one', 'uno'],
      ['X-Two', '2'],
    ]);
  });

  it('setdefault leaves a value that is set, in any case, and returns it', () => {
    const headers = new ResponseHeaders({ 'X-Frame-Options': 'SAMEORIGIN' });
    expect(headers.setdefault('x-frame-options', 'DENY')).toBe('SAMEORIGIN');
    expect(headers.setdefault('Referrer-Policy', 'same-origin')).toBe('same-origin');
    expect([...headers]).toEqual([
      ['X-Frame-Options', 'SAMEORIGIN'],
      ['Referrer-Policy', 'same-origin'],
    ]);
  });

  it('reads, tests and deletes names case-insensitively, whether or not they were checked before', () => {
    const headers = new ResponseHeaders();
    headers.set('X-Rare-Header-Name', 'v');
    expect(headers.get('X-RARE-HEADER-NAME')).toBe('v');
    expect(headers.has('x-rare-header-name')).toBe(true);
    expect(headers.get('X-Never-Set')).toBeUndefined();
    expect(headers.delete('x-RARE-header-NAME')).toBe(true);
    expect(headers.delete('x-rare-header-name')).toBe(false);
    expect(headers.size).toBe(0);
  });

  it('keeps the other headers in order and reachable after one in the middle is deleted', () => {
    const headers = new ResponseHeaders({ A: '1', B: '2', C: '3', D: '4' });
    expect(headers.delete('b')).toBe(true);
    headers.set('B', 'again');
    expect(headers.items()).toEqual([
      ['A', '1'],
      ['C', '3'],
      ['D', '4'],
      ['B', 'again'],
    ]);
    expect([headers.get('a'), headers.get('c'), headers.get('d'), headers.size]).toEqual([
      '1',
      '3',
      '4',
      4,
    ]);
  });

  it('hands out copies of its pairs, so changing them changes nothing', () => {
    const headers = new ResponseHeaders({ 'X-A': '1' });
    const items = headers.items();
    items[0]![1] = 'changed';
    for (const pair of headers) pair[1] = 'changed too';
    expect(headers.get('X-A')).toBe('1');
  });

  it('still checks names after many distinct ones were seen', () => {
    const headers = new ResponseHeaders();
    for (let i = 0; i < 2000; i++) headers.set(`X-Generated-${i}`, String(i));
    expect(headers.get('x-generated-1999')).toBe('1999');
    expect(() => headers.set('X-Generated-\n', 'v')).toThrow(BadHeaderError);
  });
});

describe('CheckedHeader', () => {
  /** The error `fn` throws (its class and message), or undefined. */
  const errorOf = (fn: () => unknown): unknown => {
    try {
      fn();
    } catch (error) {
      return { type: (error as Error).constructor, message: (error as Error).message };
    }
    return undefined;
  };

  it.each([
    ['X\rA', 'v'],
    ['', 'v'],
    ['X A', 'v'],
    ['Ä-Name', 'v'],
    ['X-Ok', 'a\rb'],
    ['X-Ok', 'ok\r\nSet-Cookie: x=y'],
    ['X-Ok', 'wide € \0'],
    ['X A', 'a\nb'],
  ])('refuses %j: %j when made, with the error set() raises', (name, value) => {
    const expected = errorOf(() => new ResponseHeaders().set(name, value));
    expect(expected).toMatchObject({ type: BadHeaderError });
    expect(errorOf(() => new CheckedHeader(name, value))).toEqual(expected);
  });

  it.each([
    ['printable ASCII', 'same-origin; a="b c" ~!'],
    ['a number', 42],
    ['latin-1', 'caf\u00e9'],
    ['a character beyond latin-1', '\u20ac'],
  ] as const)('keeps %s as set() writes it', (_kind, value) => {
    const header = new CheckedHeader('X-Value', value);
    const headers = new ResponseHeaders();
    headers.set('X-Value', value);
    expect(header.name).toBe('X-Value');
    expect(header.value).toBe(headers.get('X-Value'));
  });

  it('setdefaultChecked does what setdefault does: order, case, no overwrite, the value it has', () => {
    const start = (): ResponseHeaders =>
      new ResponseHeaders([
        ['Content-Type', 'text/html'],
        ['x-frame-options', 'SAMEORIGIN'],
      ]);
    const plain = start();
    const checked = start();
    const results = [
      [
        plain.setdefault('X-Frame-Options', 'DENY'),
        plain.setdefault('Referrer-Policy', 'same-origin'),
        plain.setdefault('referrer-policy', 'no-referrer'),
      ],
      [
        checked.setdefaultChecked(new CheckedHeader('X-Frame-Options', 'DENY')),
        checked.setdefaultChecked(new CheckedHeader('Referrer-Policy', 'same-origin')),
        checked.setdefaultChecked(new CheckedHeader('referrer-policy', 'no-referrer')),
      ],
    ];
    expect(results[0]).toEqual(['SAMEORIGIN', 'same-origin', 'same-origin']);
    expect(results[1]).toEqual(results[0]);
    expect(checked.items()).toEqual(plain.items());
    expect(checked.items()).toEqual([
      ['Content-Type', 'text/html'],
      ['x-frame-options', 'SAMEORIGIN'],
      ['Referrer-Policy', 'same-origin'],
    ]);
    expect(checked.get('REFERRER-POLICY')).toBe('same-origin');
  });

  it('setChecked does what set does: replaces the value and the spelling, keeps the place', () => {
    const plain = new ResponseHeaders({ 'x-a': '1', 'X-B': '2' });
    const checked = new ResponseHeaders({ 'x-a': '1', 'X-B': '2' });
    plain.set('X-A', 'one');
    plain.set('X-C', '3');
    expect(checked.setChecked(new CheckedHeader('X-A', 'one'))).toBe(checked);
    checked.setChecked(new CheckedHeader('X-C', 3));
    expect(checked.items()).toEqual(plain.items());
    expect(checked.items()).toEqual([
      ['X-A', 'one'],
      ['X-B', '2'],
      ['X-C', '3'],
    ]);
  });

  it('cannot be changed after the check', () => {
    const header = new CheckedHeader('X-A', 'safe');
    expect(() => {
      (header as unknown as { value: string }).value = 'x\r\nSet-Cookie: a=b';
    }).toThrow(TypeError);
    const headers = new ResponseHeaders();
    headers.setdefaultChecked(header);
    expect(headers.get('X-A')).toBe('safe');
    // Only a header made by the constructor is taken (its private fields are the proof).
    const forged = { name: 'X-B', value: 'x\r\ny' } as unknown as CheckedHeader;
    expect(() => headers.setdefaultChecked(forged)).toThrow(TypeError);
    expect(headers.has('X-B')).toBe(false);
  });
});
