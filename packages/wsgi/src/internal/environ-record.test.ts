import { afterEach, describe, expect, it } from 'vitest';
import { addHeader, addRawHeaders, newEnviron, setFillGeneration } from './environ-record.js';
import type { Environ } from '../types.js';

/** The environ keys `addHeader` gives, one header at a time: what `addRawHeaders` must match. */
function oneByOne(raw: readonly string[]): Environ {
  const environ = newEnviron();
  for (let i = 0; i < raw.length; i += 2) addHeader(environ, raw[i]!, raw[i + 1]!);
  return environ;
}

function raw(raw: readonly string[]): Environ {
  const environ = newEnviron();
  addRawHeaders(environ, raw);
  return environ;
}

/** Fresh strings, as node hands each request (not the interned literals of the test). */
const fresh = (names: readonly string[]): string[] =>
  names.map((name) => Buffer.from(name, 'latin1').toString('latin1'));

describe('addRawHeaders (names remembered by position from the last request)', () => {
  const requests: string[][] = [
    ['Host', 'a', 'User-Agent', 'ua', 'Cookie', 'x=1', 'Cookie', 'y=2'],
    // the same names again, as fresh strings: answered from the last request's positions
    fresh(['Host', 'a', 'User-Agent', 'ua', 'Cookie', 'x=1', 'Cookie', 'y=2']),
    // other names at the same positions, other case, an underscore, a repeated header
    [
      'host',
      'b',
      'X_Auth_User',
      'spoof',
      'Content-Type',
      'text/plain',
      'Accept',
      'a',
      'accept',
      'b',
    ],
    ['Content-Length', '3', 'X-Auth-User', 'ann', 'Host', 'c'],
    // fewer names than last time, then more
    ['Host', 'd'],
    fresh(['Host', 'e', 'Referer', 'r', 'X-A', '1', 'X-B', '2', 'x-a', '3']),
    [],
    // more names than positions remembered
    Array.from({ length: 70 }, (_, i) => [`X-H${i % 66}`, String(i)]).flat(),
    Array.from({ length: 70 }, (_, i) => [`X-H${i % 66}`, String(i)]).flat(),
  ];

  it('gives the environ addHeader gives, request after request', () => {
    for (const request of requests) {
      const expected = { ...oneByOne(request) };
      expect({ ...raw(request) }).toEqual(expected);
    }
    // and back the other way, so every position changes name again
    for (const request of [...requests].reverse()) {
      expect({ ...raw(request) }).toEqual({ ...oneByOne(request) });
    }
  });

  it('joins a repeated header after a request that had another name before it', () => {
    // Whether a name repeats is remembered by position: it must follow the names before it.
    for (const request of [
      ['Accept', 'a', 'Host', 'h'],
      ['Host', 'h'],
      fresh(['Host', 'h', 'Host', 'i']),
      fresh(['Host', 'h', 'Host', 'i', 'Accept', 'a']),
      ['Accept', 'a', 'Host', 'h', 'Accept', 'b'],
      fresh(['Host', 'h', 'Host', 'i', 'Accept', 'a']),
      fresh(['Host', 'h', 'X-A', 'i', 'Accept', 'a']),
      fresh(['Host', 'h', 'X-A', 'i', 'Accept', 'a', 'host', 'j', 'Content-Type', 'c']),
    ]) {
      expect({ ...raw(request) }).toEqual({ ...oneByOne(request) });
    }
  });

  it('drops names with an underscore even when the last request had them at that position', () => {
    raw(['X_Auth_User', 'spoof']);
    const environ = raw(fresh(['X_Auth_User', 'spoof']));
    expect(environ.HTTP_X_AUTH_USER).toBeUndefined();
    expect(Object.keys(environ).some((key) => key.startsWith('HTTP_'))).toBe(false);
  });

  it('joins repeated headers, cookies with "; "', () => {
    const environ = raw(['Cookie', 'a=1', 'Accept', 'x', 'cookie', 'b=2', 'ACCEPT', 'y']);
    expect(environ.HTTP_COOKIE).toBe('a=1; b=2');
    expect(environ.HTTP_ACCEPT).toBe('x,y');
  });
});

describe('addRawHeaders with a generated filler (the same names as the last request)', () => {
  afterEach(() => setFillGeneration(true));

  const repeated = [
    ['Cookie', 'a=1', 'Accept', 'x', 'cookie', 'b=2', 'X_Auth_User', 'spoof', 'ACCEPT', 'y'],
    ['Host', 'h'],
    [],
    // names a token may hold that mean something in code
    ["X-It's", 'q', 'X-A`b', 'r', 'X-$c', 's', 'X-{d}', 't'],
  ];

  for (const enabled of [true, false]) {
    it(`gives the environ addHeader gives when the names repeat (generation ${enabled ? 'on' : 'off'})`, () => {
      setFillGeneration(enabled);
      for (const request of repeated) {
        for (let i = 0; i < 3; i++) {
          const values = request.map((item, at) => (at % 2 === 1 ? `${item}${i}` : item));
          expect({ ...raw(fresh(values)) }).toEqual({ ...oneByOne(values) });
        }
      }
    });
  }

  it('takes the loop where code generation is refused', () => {
    setFillGeneration(true);
    const refuse = function () {
      throw new EvalError('Code generation from strings disallowed for this context');
    };
    const original = globalThis.Function;
    globalThis.Function = refuse as unknown as FunctionConstructor;
    try {
      const request = ['Host', 'h', 'X-Refused', '1', 'x-refused', '2'];
      for (let i = 0; i < 3; i++)
        expect({ ...raw(fresh(request)) }).toEqual({ ...oneByOne(request) });
    } finally {
      globalThis.Function = original;
    }
  });

  it('stays right past the bound on fillers and after a shorter request', () => {
    for (let n = 0; n < 80; n++) {
      const request = ['Host', 'h', `X-N${n}`, String(n), 'Accept', 'a', 'accept', 'b'];
      raw(request);
      expect({ ...raw(fresh(request)) }).toEqual({ ...oneByOne(request) });
      expect({ ...raw(['Host', 'i']) }).toEqual({ ...oneByOne(['Host', 'i']) });
      expect({ ...raw(['Host', 'j']) }).toEqual({ ...oneByOne(['Host', 'j']) });
    }
  });
});
