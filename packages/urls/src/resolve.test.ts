import { afterEach, describe, expect, it } from 'vitest';
import { include, path, rePath } from './conf.js';
import { ImproperlyConfigured, Resolver404 } from './errors.js';
import type { UrlEntry } from './patterns.js';
import { clearUrlCaches, getUrlconf, isValidPath, resolve, setUrlconf } from './resolve.js';
import { ResolverMatch } from './resolver-match.js';

function home() {
  return 'home';
}

describe('resolve', () => {
  afterEach(() => setUrlconf(undefined));

  it('returns a ResolverMatch with Django’s fields', () => {
    const app = {
      appName: 'shop',
      urlpatterns: [path('item/<int:id>/', home, { name: 'item', kwargs: { tab: 'info' } })],
    };
    const match = resolve('/s/item/3/', [
      path('s/', include(app, { namespace: 'store' }), { kwargs: { site: 1 } }),
    ]);
    expect(match).toBeInstanceOf(ResolverMatch);
    expect(match).toMatchObject({
      func: home,
      args: [],
      urlName: 'item',
      route: 's/item/<int:id>/',
      appName: 'shop',
      namespace: 'store',
      viewName: 'store:item',
    });
    expect({ ...match.kwargs }).toEqual({ site: 1, id: 3, tab: 'info' });
    expect({ ...match.capturedKwargs }).toEqual({ id: 3 });
    expect({ ...match.extraKwargs }).toEqual({ site: 1, tab: 'info' });
    expect(String(match)).toContain("route='s/item/<int:id>/'");
  });

  it('names an unnamed view by its function name in viewName', () => {
    expect(resolve('/', [path('', home)]).viewName).toBe('home');
  });

  it('uses the urlconf given to setUrlconf when none is passed, and says so when there is none', () => {
    expect(() => resolve('/')).toThrow(ImproperlyConfigured);
    const urlconf = [path('', home)];
    setUrlconf(urlconf);
    expect(getUrlconf()).toBe(urlconf);
    expect(resolve('/').func).toBe(home);
  });

  it('accepts a module-like urlconf', () => {
    expect(resolve('/', { urlpatterns: [path('', home)] }).func).toBe(home);
  });

  it('compiles once per urlconf object: changes in place need clearUrlCaches()', () => {
    const urlconf: UrlEntry[] = [path('', home)];
    resolve('/', urlconf);
    urlconf.push(path('new/', home));
    expect(() => resolve('/new/', urlconf)).toThrow(Resolver404);
    clearUrlCaches();
    expect(resolve('/new/', urlconf).func).toBe(home);
  });

  it('gives a Resolver404 with status 404, the path, and no patterns tried for a path without a leading slash', () => {
    const urlconf = [path('a/', home)];
    const error = (() => {
      try {
        resolve('a/', urlconf);
      } catch (err) {
        return err as Resolver404;
      }
    })()!;
    expect(error).toBeInstanceOf(Resolver404);
    expect([error.status, error.path, error.tried]).toEqual([404, 'a/', []]);
  });

  it('stays linear on hostile paths against routes whose regex would backtrack', () => {
    const urlconf = [
      path('s/<str:a>.<str:b>/', home),
      path('t/<slug:a>-<slug:b>/', home),
      path('<path:p>/end/', home),
    ];
    const hostile = [
      '/s/' + '.'.repeat(200_000) + 'x',
      '/t/' + '-'.repeat(200_000) + '!',
      '/' + 'a/'.repeat(100_000) + 'x',
    ];
    for (const target of hostile) {
      const error = (() => {
        try {
          resolve(target, urlconf);
        } catch (err) {
          return err as Resolver404;
        }
      })();
      expect(error).toBeInstanceOf(Resolver404);
      expect(error!.tried).toHaveLength(3);
    }
    expect({ ...resolve('/s/a.b.c/', urlconf).kwargs }).toEqual({ a: 'a.b', b: 'c' });
    expect({ ...resolve('/t/a-b-c/', urlconf).kwargs }).toEqual({ a: 'a-b', b: 'c' });
    expect({ ...resolve('/x/end/y/end/', urlconf).kwargs }).toEqual({ p: 'x/end/y' });
  });

  it('never throws anything but Resolver404 for malformed paths', () => {
    const urlconf = [path('<str:x>/', home), rePath('^(?P<y>.*)$', home)];
    for (const target of [
      '/%',
      '/%00/',
      '/\u0000/',
      '/\uD800/',
      '/a\\b/',
      '/?q=1',
      '/#x',
      '/..',
      '/./',
      '',
    ]) {
      try {
        resolve(target, urlconf);
      } catch (err) {
        expect(err).toBeInstanceOf(Resolver404);
      }
    }
    expect(resolve('/../', urlconf).kwargs.x).toBe('..');
  });

  it('lets the first of two equal routes win, and a regex listed first beat a literal route', () => {
    const first = () => 'first';
    const urlconf = [rePath('^a/(?P<x>.*)/$', first), path('a/b/', home), path('a/b/', home)];
    expect(resolve('/a/b/', urlconf).func).toBe(first);
  });

  it('answers isValidPath with the match or false, as Django does', () => {
    const urlconf = [path('about/', home)];
    expect(isValidPath('/about', urlconf)).toBe(false);
    expect((isValidPath('/about/', urlconf) as ResolverMatch).func).toBe(home);
  });

  it('resolves through an include that leads back to itself, as deep as the path goes', () => {
    const leaf = () => 'leaf';
    const inner: UrlEntry[] = [path('leaf/', leaf, { name: 'leaf' })];
    inner.push(path('again/', include(inner)));
    const urlconf = [path('a/', include(inner)), path('other/', home)];
    const match = resolve('/a/again/again/leaf/', urlconf);
    expect(match.func).toBe(leaf);
    expect(match.route).toBe('a/again/again/leaf/');
    expect(resolve('/other/', urlconf).func).toBe(home);
    expect(() => resolve('/a/again/nothing/', urlconf)).toThrow(Resolver404);
  });

  it('stops a self-include that consumes nothing with a clear error, not a stack overflow', () => {
    const loop: UrlEntry[] = [];
    loop.push(path('', include(loop)));
    expect(() => resolve('/x/', loop)).toThrow(/nested more than 200 levels deep/);
  });

  it('accepts non-ASCII identifiers as parameter names (Python identifiers)', () => {
    const urlconf = [path('p/<int:ñ>/', home), rePath('^(?P<ñame>\\w+)/$', home)];
    expect({ ...resolve('/p/4/', urlconf).kwargs }).toEqual({ ñ: 4 });
    expect({ ...resolve('/b/', urlconf).kwargs }).toEqual({ ñame: 'b' });
    expect(() => path('<int:1a>/', home)).toThrow(/isn't a valid identifier/);
  });

  it('finds a literal segment among few siblings and among many, prefixes of each other included', () => {
    for (const count of [3, 12]) {
      const names = Array.from({ length: count }, (_, i) => 'a'.repeat(i + 1));
      const urlconf = [
        ...names.map((n) => path(`${n}/`, home, { name: n })),
        ...names.map((n) => path(`x/${n}/<int:id>/`, home, { name: `x-${n}` })),
      ];
      for (const n of names) {
        expect(resolve(`/${n}/`, urlconf).urlName).toBe(n);
        expect(resolve(`/x/${n}/7/`, urlconf).urlName).toBe(`x-${n}`);
      }
      for (const miss of ['/b/', `/${'a'.repeat(count + 1)}/`, '/x/ab/7/', '/x/a', '/aa'])
        expect(() => resolve(miss, urlconf)).toThrow(Resolver404);
    }
  });

  it('matches \\w and \\d in rePath() against any Unicode letter and digit, as Python does', () => {
    const urlconf = [rePath('^(?P<word>\\w+)/(?P<n>\\d+)/$', home), rePath('^[\\w-]+/$', home)];
    expect({ ...resolve('/héllo_wörld/٣4/', urlconf).kwargs }).toEqual({
      word: 'héllo_wörld',
      n: '٣4',
    });
    expect(resolve('/ñ-x/', urlconf).func).toBe(home);
    expect(() => resolve('/a b/1/', urlconf)).toThrow(Resolver404);
    expect(() => resolve('/é́/x/', urlconf)).toThrow(Resolver404);
  });
});
