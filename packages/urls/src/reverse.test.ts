import { describe, expect, it } from 'vitest';
import { include, path, rePath } from './conf.js';
import { NoReverseMatch } from './errors.js';
import { iriToUri } from './index.js';
import type { UrlEntry } from './patterns.js';
import { setUrlconf } from './resolve.js';
import {
  clearScriptPrefix,
  getScriptPrefix,
  reverse,
  reverseLazy,
  setScriptPrefix,
} from './reverse.js';

function detail() {
  return 'detail';
}

describe('reverse', () => {
  const urlconf = [
    path('d/<int:id>/', detail, { name: 'detail' }),
    path('<path:p>', detail, { name: 'any' }),
  ];

  it('refuses args and kwargs together', () => {
    expect(() => reverse('detail', { urlconf, args: [1], kwargs: { id: 1 } })).toThrow(
      new TypeError("Don't mix args and kwargs in call to reverse()!"),
    );
  });

  it('finds a pattern by its view function too', () => {
    expect(reverse(detail, { urlconf: [path('d/<int:id>/', detail)], args: [4] })).toBe('/d/4/');
    // Both patterns route to `detail`: the one defined last is tried first, as in Django.
    expect(reverse(detail, { urlconf, args: [4] })).toBe('/4');
  });

  it('escapes a leading double slash so the URL cannot become scheme-relative', () => {
    expect(reverse('any', { urlconf, kwargs: { p: '/evil.example/x' } })).toBe(
      '/%2Fevil.example/x',
    );
  });

  it('percent-encodes unicode, spaces, ? and # but keeps the characters a path may hold', () => {
    expect(reverse('any', { urlconf, kwargs: { p: 'ä ö?#[]' } })).toBe(
      '/%C3%A4%20%C3%B6%3F%23%5B%5D',
    );
    expect(reverse('any', { urlconf, kwargs: { p: "a-._~!$&'()*+,;=:@" } })).toBe(
      "/a-._~!$&'()*+,;=:@",
    );
  });

  it('uses the urlconf given to setUrlconf when none is passed', () => {
    expect(() => reverse('detail')).toThrow(/needs an urlconf/);
    setUrlconf(urlconf);
    try {
      expect(reverse('detail', { args: [1] })).toBe('/d/1/');
    } finally {
      setUrlconf(undefined);
    }
  });

  it('prefers, for duplicate names, the pattern defined last, as Django does', () => {
    const dupes = [
      path('first/', detail, { name: 'dup' }),
      path('second/', detail, { name: 'dup' }),
    ];
    expect(reverse('dup', { urlconf: dupes })).toBe('/second/');
  });

  it('picks the last deployed instance of an application when no instance matches its name', () => {
    const app = { appName: 'app', urlpatterns: [path('', detail, { name: 'index' })] };
    const conf = [
      path('one/', include(app, { namespace: 'one' })),
      path('two/', include(app, { namespace: 'two' })),
    ];
    expect(reverse('app:index', { urlconf: conf })).toBe('/two/');
    expect(reverse('app:index', { urlconf: conf, currentApp: 'one' })).toBe('/one/');
    expect(reverse('one:index', { urlconf: conf, currentApp: 'two' })).toBe('/one/');
  });

  it('reverses through converters in include prefixes', () => {
    const conf = [path('<slug:lang>/', include([path('p/<int:id>/', detail, { name: 'page' })]))];
    expect(reverse('page', { urlconf: conf, kwargs: { lang: 'en', id: 3 } })).toBe('/en/p/3/');
    expect(() => reverse('page', { urlconf: conf, kwargs: { lang: 'e n', id: 3 } })).toThrow(
      NoReverseMatch,
    );
  });

  it('reverses regex patterns with optional, repeated and nested groups', () => {
    const conf = [
      rePath('^a/(?:(?P<x>[0-9]+)/)?b/$', detail, { name: 'opt' }),
      rePath('^c/x{3}/(?P<y>[a-z]+)/$', detail, { name: 'rep' }),
      rePath('^(?:alt|other)/$', detail, { name: 'alt' }),
    ];
    expect(reverse('opt', { urlconf: conf })).toBe('/a/b/');
    expect(reverse('opt', { urlconf: conf, kwargs: { x: 5 } })).toBe('/a/5/b/');
    expect(reverse('rep', { urlconf: conf, kwargs: { y: 'q' } })).toBe('/c/xxx/q/');
    expect(() => reverse('alt', { urlconf: conf })).toThrow(NoReverseMatch);
  });
});

describe('reverse on hostile values', () => {
  it('stays linear checking values against routes whose regex would backtrack', () => {
    const conf = [path('s/<str:a>.<str:b>/', detail, { name: 'dotted' })];
    const dots = '.'.repeat(200_000);
    expect(() => reverse('dotted', { urlconf: conf, kwargs: { a: dots, b: 'x/' } })).toThrow(
      NoReverseMatch,
    );
    expect(reverse('dotted', { urlconf: conf, kwargs: { a: 'a.b', b: 'c' } })).toBe('/s/a.b.c/');
  });

  it('encodes hostile text instead of letting it change the URL', () => {
    const conf = [path('q/<str:q>/', detail, { name: 'q' })];
    expect(reverse('q', { urlconf: conf, args: ['a?b=c#d'] })).toBe('/q/a%3Fb=c%23d/');
    expect(() => reverse('q', { urlconf: conf, args: ['../x'] })).toThrow(NoReverseMatch);
    expect(reverse('q', { urlconf: conf, args: ['..'] })).toBe('/q/../');
  });
});

describe('reverseLazy', () => {
  it('reverses only when turned into a string', () => {
    const urlconf = [path('x/', detail, { name: 'later' })];
    const url = reverseLazy('later', { urlconf });
    expect(String(url)).toBe('/x/');
    expect(`${url}`).toBe('/x/');
    expect(JSON.stringify({ url })).toBe('{"url":"/x/"}');
    expect(() => String(reverseLazy('missing', { urlconf }))).toThrow(NoReverseMatch);
  });
});

describe('iriToUri', () => {
  it('encodes what a URI may not hold and leaves existing escapes alone', () => {
    expect(iriToUri('/café/?q=a b&r=%20#frag')).toBe('/caf%C3%A9/?q=a%20b&r=%20#frag');
  });

  it('checks a default kwarg that shares a captured parameter name, as Django does', () => {
    const urlconf = [path('same/<int:a>/', detail, { name: 'same', kwargs: { a: 5 } })];
    expect(reverse('same', { urlconf, kwargs: { a: 5 } })).toBe('/same/5/');
    expect(() => reverse('same', { urlconf, kwargs: { a: 3 } })).toThrow(NoReverseMatch);
  });

  it('fills a (?P=name) backreference from the one positional argument of its group', () => {
    const urlconf = [rePath('^(?P<x>[a-z]+)/(?P=x)/$', detail, { name: 'twice' })];
    expect(reverse('twice', { urlconf, args: ['ab'] })).toBe('/ab/ab/');
    expect(reverse('twice', { urlconf, kwargs: { x: 'ab' } })).toBe('/ab/ab/');
    expect(() => reverse('twice', { urlconf, args: ['ab', 'ab'] })).toThrow(NoReverseMatch);
  });

  it('reverses non-ASCII parameter names', () => {
    const urlconf = [
      path('p/<int:ñ>/', detail, { name: 'route' }),
      rePath('^(?P<ñame>\\w+)/$', detail, { name: 'regex' }),
    ];
    expect(reverse('route', { urlconf, kwargs: { ñ: 4 } })).toBe('/p/4/');
    expect(reverse('regex', { urlconf, kwargs: { ñame: 'a' } })).toBe('/a/');
  });

  it('reverses inside an include that leads back to itself without recursing forever', () => {
    const inner: UrlEntry[] = [path('leaf/', detail, { name: 'leaf' })];
    inner.push(path('again/', include(inner)));
    const urlconf = [path('a/', include(inner))];
    expect(reverse('leaf', { urlconf })).toBe('/a/leaf/');
  });

  it('puts the script prefix in front, percent-encoded with the rest, as Django does', () => {
    const urlconf = [path('places/<int:n>/', detail, { name: 'places' })];
    expect(reverse('places', { urlconf, args: [1], scriptPrefix: '/%7Eme/' })).toBe(
      '/%257Eme/places/1/',
    );
    expect(reverse('places', { urlconf, args: [1], scriptPrefix: '/app' })).toBe('/app/places/1/');
    expect(reverse('places', { urlconf, args: [1], scriptPrefix: '/script:name/' })).toBe(
      '/script:name/places/1/',
    );
  });

  it('uses the script prefix set for the process when none is given, as Django', () => {
    const urlconf = [path('places/<int:n>/', detail, { name: 'places' })];
    const lazy = reverseLazy('places', { urlconf, args: [2] });
    try {
      expect(getScriptPrefix()).toBe('/');
      setScriptPrefix('/blog');
      expect(getScriptPrefix()).toBe('/blog/');
      expect(reverse('places', { urlconf, args: [1] })).toBe('/blog/places/1/');
      // reverseLazy reads the prefix when it is used, not when it is made.
      expect(String(lazy)).toBe('/blog/places/2/');
      expect(reverse('places', { urlconf, args: [1], scriptPrefix: '/other/' })).toBe(
        '/other/places/1/',
      );
    } finally {
      clearScriptPrefix();
    }
    expect(getScriptPrefix()).toBe('/');
    expect(reverse('places', { urlconf, args: [1] })).toBe('/places/1/');
  });

  it('reverses \\w and \\d with Unicode text, as Python regexes match it', () => {
    const urlconf = [rePath('^(?P<word>\\w+)/(?P<n>\\d+)/$', detail, { name: 'word' })];
    expect(reverse('word', { urlconf, args: ['héllo', '٣'] })).toBe('/h%C3%A9llo/%D9%A3/');
  });
});
