import { describe, expect, it } from 'vitest';
import { path } from './conf.js';
import { registerConverter } from './converters.js';
import { ImproperlyConfigured, Resolver404 } from './errors.js';
import { resolve } from './resolve.js';
import { reverse } from './reverse.js';

const view = () => 'ok';

describe('registerConverter', () => {
  it('makes a custom converter usable in routes, both ways', () => {
    registerConverter(
      {
        regex: '[0-9a-f]+',
        toJs: (v: string) => parseInt(v, 16),
        toUrl: (v: number) => v.toString(16),
      },
      'hex',
    );
    const urlconf = [path('c/<hex:n>/', view, { name: 'c' })];
    expect(resolve('/c/ff/', urlconf).kwargs.n).toBe(255);
    expect(reverse('c', { urlconf, args: [255] })).toBe('/c/ff/');
  });

  it('treats a toJs that throws as no match, so the next pattern is tried', () => {
    registerConverter(
      {
        regex: '[a-z]+',
        toJs: (v: string) => {
          if (v !== 'yes') throw new Error('no');
          return v;
        },
        toUrl: String,
      },
      'yesonly',
    );
    const urlconf = [
      path('<yesonly:v>/', view, { name: 'first' }),
      path('<str:v>/', () => 'fallback'),
    ];
    expect(resolve('/yes/', urlconf).func).toBe(view);
    expect((resolve('/no/', urlconf).func as () => string)()).toBe('fallback');
  });

  it('treats a toUrl that throws as a pattern that cannot reverse the value', () => {
    registerConverter(
      {
        regex: '[0-9]+',
        toJs: Number,
        toUrl: (v: number) => {
          if (v < 0) throw new RangeError('neg');
          return String(v);
        },
      },
      'natural',
    );
    const urlconf = [path('n/<natural:v>/', view, { name: 'n' })];
    expect(() => reverse('n', { urlconf, args: [-1] })).toThrow(
      /Reverse for 'n' with arguments '\(-1,\)' not found/,
    );
  });

  it('refuses a name registered twice, a non-identifier name and an incomplete converter', () => {
    expect(() => registerConverter({ regex: 'x', toJs: String, toUrl: String }, 'int')).toThrow(
      new ImproperlyConfigured("Converter 'int' is already registered."),
    );
    expect(() => registerConverter({ regex: 'x', toJs: String, toUrl: String }, 'a-b')).toThrow(
      ImproperlyConfigured,
    );
    expect(() => registerConverter({ regex: 'x' } as never, 'partial')).toThrow(
      /needs a string regex/,
    );
  });

  it('lets a route name a converter registered after the route, up to the first resolve', () => {
    const urlconf = [path('late/<later:v>/', view)];
    registerConverter(
      { regex: '[a-z]+', toJs: (v: string) => v.toUpperCase(), toUrl: String },
      'later',
    );
    expect(resolve('/late/abc/', urlconf).kwargs.v).toBe('ABC');
  });

  it('fails the first resolve of an urlconf naming an unknown converter', () => {
    expect(() => resolve('/x/', [path('x/<unknown:v>/', view)])).toThrow(
      new ImproperlyConfigured("URL route 'x/<unknown:v>/' uses invalid converter 'unknown'."),
    );
  });
});

describe('the built-in converters', () => {
  const urlconf = [
    path('int/<int:v>/', view),
    path('slug/<slug:v>/', view),
    path('str/<str:v>/', view),
  ];

  it('gives int values as numbers, and no match past the safe-integer range', () => {
    expect(resolve('/int/0042/', urlconf).kwargs.v).toBe(42);
    expect(() => resolve(`/int/${'9'.repeat(30)}/`, urlconf)).toThrow(Resolver404);
    expect(() => resolve('/int/-1/', urlconf)).toThrow(Resolver404);
  });

  it('reads int values at the safe-integer limit as Number does, and tries the next pattern past it', () => {
    const limits = [
      path('n/<int:v>/', view, { name: 'int' }),
      path('n/<str:v>/', view, { name: 'str' }),
      // `str` may contain the `.`, so this route is matched by the Pike VM, not a greedy scan.
      path('m/<str:a>.<int:b>/', view, { name: 'vm' }),
      path('m/<str:a>/', view, { name: 'vm-next' }),
    ];
    const at = (p: string) => {
      const match = resolve(p, limits);
      return [match.urlName, { ...match.kwargs }];
    };
    expect(at('/n/999999999999999/')).toEqual(['int', { v: 999999999999999 }]);
    expect(at('/n/9007199254740991/')).toEqual(['int', { v: 9007199254740991 }]);
    expect(at('/n/000000000000000000042/')).toEqual(['int', { v: 42 }]);
    expect(at('/n/9007199254740992/')).toEqual(['str', { v: '9007199254740992' }]);
    expect(at('/m/x.y.9007199254740991/')).toEqual(['vm', { a: 'x.y', b: 9007199254740991 }]);
    expect(at('/m/x.y.0042/')).toEqual(['vm', { a: 'x.y', b: 42 }]);
    expect(at('/m/x.9007199254740992/')).toEqual(['vm-next', { a: 'x.9007199254740992' }]);
  });

  it('keeps slugs to ASCII letters, digits, hyphens and underscores', () => {
    expect(resolve('/slug/a_b-1/', urlconf).kwargs.v).toBe('a_b-1');
    expect(() => resolve('/slug/zoë/', urlconf)).toThrow(Resolver404);
  });

  it('lets str take anything but a slash, unicode included', () => {
    expect(resolve('/str/日本/', urlconf).kwargs.v).toBe('日本');
    expect(() => resolve('/str/a/b/', urlconf)).toThrow(Resolver404);
  });
});
