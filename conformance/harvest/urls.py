"""Harvests django.urls' resolve and reverse answers, with their urlconfs, with real Django.

    /usr/bin/python3 conformance/harvest/urls.py [path/to/django/tests]

Runs Django 3.2's ``urlpatterns`` and ``urlpatterns_reverse`` tests with recording hooks on
``django.urls.resolve`` and ``django.urls.reverse``: each call is kept with the urlconf it ran
against and Django's actual answer (the view, args, kwargs, url name, namespaces and route of
the match; the URL; or the exception class). The urlconfs are written as data too (``urlconfs``:
every pattern's kind, regex or route, name, default kwargs, view, and every include's urlconf,
app name and namespace), so the replay builds the same urlconfs with Stack's ``path()``/
``rePath()`` and needs no Python. Then it runs cases of its own on urlconfs it defines (an
include leading back to itself, a default kwarg named like a captured parameter, backreferences,
non-ASCII parameter names). Writes ``packages/urls/test/django/urls.json``; the replay test
``packages/urls/test/django-urls.test.ts`` reads it, and deliberate differences are listed in
``packages/urls/test/django/differences.json``. See ``conformance/README.md``.
"""

import os
import sys
import types

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from django_harness import (  # noqa: E402
    NotPortable, encode, error_name, import_runtests, register_fixture_class, run_tests,
    stable_hashes, tests_dir, write_cases,
)

OUT = os.path.join('packages', 'urls', 'test', 'django', 'urls.json')
BUILTIN_CONVERTERS = {'int', 'str', 'slug', 'uuid', 'path'}
# Converters of the test suite that the replay rebuilds as Stack converters (test/django/fixtures);
# the suite's DynamicConverter ('dynamic', 'to_url_value_error') changes behaviour from test to
# test, so routes using it are not portable.
FIXTURE_CONVERTERS = {'base64'}

cases = []
seen = set()
urlconfs = {}  # name -> {'app_name', 'patterns'}
urlconf_names = {}  # id(patterns list or module) -> name
views = {}  # id(callback) -> label
view_objects = {}  # id(callback) -> callback (kept alive so ids stay unique)
state = {'on': True, 'source': 'urlpatterns'}


def view_id(callback):
    key = id(callback)
    if key not in views:
        label = getattr(callback, '__qualname__', None) or type(callback).__name__
        module = getattr(callback, '__module__', None) or ''
        base = '%s.%s' % (module, label)
        taken = set(views.values())
        name, n = base, 2
        while name in taken:
            name, n = '%s#%d' % (base, n), n + 1
        views[key] = name
        view_objects[key] = callback
    return views[key]


def pattern_of(pattern):
    from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern
    from django.utils.functional import Promise
    if isinstance(pattern, LocalePrefixPattern):
        raise NotPortable('i18n_patterns (a LocalePrefixPattern)')
    if isinstance(pattern, RoutePattern):
        if isinstance(pattern._route, Promise):
            raise NotPortable('a translated route')
        converters = set(_route_converters(str(pattern._route)))
        unknown = converters - BUILTIN_CONVERTERS - FIXTURE_CONVERTERS
        if unknown:
            raise NotPortable('a converter of the test suite (%s)' % ', '.join(sorted(unknown)))
        return {'kind': 'route', 'pattern': str(pattern._route)}
    if isinstance(pattern, RegexPattern):
        if isinstance(pattern._regex, Promise):
            raise NotPortable('a translated regex')
        return {'kind': 'regex', 'pattern': str(pattern._regex)}
    raise NotPortable('a pattern class %s' % type(pattern).__name__)


def _route_converters(route):
    import re
    return [m.group(1) or 'str' for m in re.finditer(r'<(?:([^>:]+):)?[^>]+>', route)]


def urlconf_ref(urlconf_name, patterns, app_name=None):
    """The name of an urlconf in the ``urlconfs`` table, serializing it on first sight."""
    key = id(patterns)
    if key in urlconf_names:
        return urlconf_names[key]
    if isinstance(urlconf_name, str):
        name = urlconf_name
    elif isinstance(urlconf_name, types.ModuleType):
        name = urlconf_name.__name__
    else:
        name = 'list@%d' % len(urlconfs)
    while name in urlconfs:
        name += "'"
    urlconf_names[key] = name
    urlconfs[name] = None  # placeholder: an include may lead back here
    entries = []
    for entry in patterns:
        try:
            entries.append(entry_of(entry))
        except NotPortable as np:
            # Kept in its place, so the replay knows the urlconf is not whole there.
            entries.append({'type': 'notPortable', 'reason': str(np), 'repr': repr(entry)})
    urlconfs[name] = {'app_name': app_name, 'patterns': entries}
    return name


def entry_of(entry):
    from django.urls.resolvers import URLPattern, URLResolver
    if isinstance(entry, URLPattern):
        return dict(pattern_of(entry.pattern), type='pattern', name=entry.name,
                    defaults=encode(entry.default_args), view=view_id(entry.callback))
    if isinstance(entry, URLResolver):
        patterns = entry.url_patterns
        return dict(pattern_of(entry.pattern), type='include',
                    defaults=encode(entry.default_kwargs), app_name=entry.app_name,
                    namespace=entry.namespace,
                    urlconf=urlconf_ref(entry.urlconf_name, patterns,
                                        getattr(entry.urlconf_module, 'app_name', None)))
    raise NotPortable('an urlconf entry of class %s' % type(entry).__name__)


def root_name(urlconf):
    from django.conf import settings
    from django.urls import get_resolver, get_urlconf
    urlconf = urlconf or get_urlconf() or settings.ROOT_URLCONF
    resolver = get_resolver(urlconf)
    patterns = resolver.url_patterns
    return urlconf_ref(urlconf, patterns)


def add(case):
    import json
    key = json.dumps(case, sort_keys=True, ensure_ascii=False)
    if key not in seen:
        seen.add(key)
        cases.append(case)


def outcome(run):
    try:
        return ('result', answer_of(run()))
    except NotPortable:
        return ('notPortable',)
    except Exception as error:  # noqa: BLE001
        return ('error', error_name(error))


def answer_of(value):
    from django.urls import ResolverMatch
    return answer('resolve' if isinstance(value, ResolverMatch) else 'reverse', value)


def portable_twin(name):
    """The urlconf ``name`` without its not-portable entries, as a module, or None if whole."""
    from django.urls import get_resolver
    resolver = get_resolver(name)
    kept = [entry for entry, data in zip(resolver.url_patterns, urlconfs[name]['patterns'])
            if data['type'] != 'notPortable']
    if len(kept) == len(resolver.url_patterns):
        return None
    twin = types.ModuleType(name + '__portable')
    twin.urlpatterns = kept
    sys.modules[twin.__name__] = twin
    return twin.__name__


def recorded(kind, make_inputs, run, rerun=None):
    if not state['on']:
        return run()
    state['on'] = False
    try:
        case = {'kind': kind, 'source': state['source']}
        try:
            case['inputs'] = make_inputs()
        except NotPortable as np:
            case['notPortable'] = str(np)
        except Exception as error:  # noqa: BLE001 (an urlconf that fails to load)
            case['notPortable'] = 'the urlconf does not load (%s)' % error_name(error)
        if rerun and 'inputs' in case:
            twin = portable_twin(case['inputs']['urlconf'])
            if twin and outcome(run) != outcome(lambda: rerun(twin)):
                # Django answers otherwise without the entries the replay cannot rebuild (a
                # converter whose Python functions the tests swap): the answer comes from them.
                case['notPortable'] = ('the answer comes from a route whose converter the tests '
                                       'redefine (DynamicConverter)')
        try:
            value = run()
        except Exception as error:  # noqa: BLE001
            case['error'] = error_name(error)
            add(case)
            raise
        try:
            case['result'] = answer(kind, value)
        except NotPortable as np:
            case['notPortable'] = str(np)
        add(case)
        return value
    finally:
        state['on'] = True


def answer(kind, value):
    if kind == 'reverse':
        return str(value)
    return {
        'view': view_id(value.func), 'args': encode(list(value.args)),
        'kwargs': encode(dict(value.kwargs)), 'url_name': value.url_name,
        'app_names': value.app_names, 'namespaces': value.namespaces, 'route': value.route,
    }


def install_hooks():
    import django.urls
    import django.urls.base as base
    original_resolve = base.resolve
    original_reverse = base.reverse

    def resolve(path, urlconf=None):
        return recorded('resolve',
                        lambda: {'path': encode(path), 'urlconf': root_name(urlconf)},
                        lambda: original_resolve(path, urlconf),
                        lambda twin: original_resolve(path, twin))

    def reverse(viewname, urlconf=None, args=None, kwargs=None, current_app=None):
        def inputs():
            if callable(viewname):
                if id(viewname) not in views:
                    root_name(urlconf)  # the view may be in an urlconf not serialized yet
                if id(viewname) not in views:
                    raise NotPortable('a view that is in no urlconf')
                name = {'view': views[id(viewname)]}
            elif isinstance(viewname, str) or viewname is None:
                name = viewname
            else:
                raise NotPortable('a view name of class %s' % type(viewname).__name__)
            from django.urls import get_script_prefix
            prefix = get_script_prefix()
            # A script prefix (set_script_prefix) belongs to @stack/core, not to @stack/urls.
            extra = {} if prefix == '/' else {'script_prefix': prefix}
            return {'viewname': name, 'urlconf': root_name(urlconf), **extra,
                    'args': encode(list(args) if args else []),
                    'kwargs': encode(dict(kwargs) if kwargs else {}),
                    'current_app': current_app}

        return recorded('reverse', inputs,
                        lambda: original_reverse(viewname, urlconf, args, kwargs, current_app),
                        lambda twin: original_reverse(viewname, twin, args, kwargs, current_app))

    base.resolve = django.urls.resolve = resolve
    base.reverse = django.urls.reverse = reverse


# Our own urlconfs and cases --------------------------------------------------------------

def own_cases():
    from django.urls import include, path, re_path
    import django.urls
    state['source'] = 'own'

    def view(request, *args, **kwargs):
        return None

    def other(request, *args, **kwargs):
        return None

    def module(name, patterns, app_name=None):
        m = types.ModuleType(name)
        m.urlpatterns = patterns
        if app_name:
            m.app_name = app_name
        sys.modules[name] = m
        return m

    module('own_cycle_inner', [])
    sys.modules['own_cycle_inner'].urlpatterns = [
        path('leaf/', view, name='leaf'),
        path('again/', include('own_cycle_inner')),
        re_path(r'^r(?P<n>[0-9])/', include('own_cycle_inner')),
    ]
    module('own_cycle', [path('a/', include('own_cycle_inner')), path('b/', other, name='b')])
    for p in ['/a/leaf/', '/a/again/leaf/', '/a/again/again/again/leaf/', '/a/r1/r2/leaf/',
              '/a/again/r3/again/leaf/', '/a/again/', '/a/nothing/', '/b/', '/a/r1/b/']:
        try:
            django.urls.resolve(p, 'own_cycle')
        except Exception:  # noqa: BLE001 (Django's answer is recorded)
            pass

    module('own_edges', [
        path('same/<int:a>/', view, {'a': 5}, name='same'),
        path('also/<int:a>/<slug:b>/', view, {'b': 'fixed'}, name='also'),
        re_path(r'^(?P<x>[a-z]+)/(?P=x)/$', view, name='backref'),
        re_path(r'^two/(?P<x>[0-9]+)-(?P<y>[0-9]+)/(?P=y)/(?P=x)/$', view, name='backref2'),
        re_path(r'^(?P<ñame>\w+)/ñ/$', view, name='non-ascii-regex'),
        path('p/<int:ñ>/<str:名前>/', other, name='non-ascii-route'),
        path('ns/', include((
            [path('<int:ß>/', view, name='sharp')], 'app'), namespace='nß')),
    ])
    resolves = ['/same/3/', '/same/5/', '/also/1/fixed/', '/also/1/other/', '/ab/ab/', '/ab/ba/',
                '/two/1-2/2/1/', '/two/1-2/1/2/', '/héllo/ñ/', '/p/7/名/', '/p/7/x/', '/ns/4/']
    for p in resolves:
        try:
            django.urls.resolve(p, 'own_edges')
        except Exception:  # noqa: BLE001
            pass
    reverses = [
        ('same', [], {}), ('same', [], {'a': 5}), ('same', [], {'a': 3}), ('same', [5], {}),
        ('same', [3], {}), ('also', [], {'a': 1, 'b': 'fixed'}), ('also', [], {'a': 1, 'b': 'x'}),
        ('also', [], {'a': 1}), ('backref', ['ab'], {}), ('backref', [], {'x': 'ab'}),
        ('backref', ['ab', 'ab'], {}), ('backref2', ['1', '2'], {}),
        ('backref2', [], {'x': 1, 'y': 2}), ('non-ascii-regex', ['héllo'], {}),
        ('non-ascii-regex', [], {'ñame': 'a'}), ('non-ascii-route', [], {'ñ': 4, '名前': 'x'}),
        ('non-ascii-route', [4, '名'], {}), ('nß:sharp', [], {'ß': 3}), ('nß:sharp', [3], {}),
    ]
    for name, args, kwargs in reverses:
        try:
            django.urls.reverse(name, 'own_edges', args or None, kwargs or None)
        except Exception:  # noqa: BLE001
            pass


def main():
    import uuid
    stable_hashes()
    # The uuid converter's value: Stack's gives the string (see the package README).
    register_fixture_class(uuid.UUID, lambda u: {'hex': str(u)}, 'uuid.UUID')
    path = tests_dir()
    runtests = import_runtests(path)
    install_hooks()
    failures = run_tests(runtests, ['urlpatterns', 'urlpatterns_reverse'])
    if failures:
        print('warning: %d of Django\'s tests failed under the hooks' % failures, file=sys.stderr)
    own_cases()
    written = write_cases(OUT, ['urlpatterns', 'urlpatterns_reverse', 'own urlconfs'], cases,
                          {'urlconfs': urlconfs, 'views': sorted(set(views.values()))})
    portable = sum(1 for c in cases if 'notPortable' not in c)
    print('%d cases (%d portable), %d urlconfs -> %s' % (len(cases), portable, len(urlconfs),
                                                        written))


if __name__ == '__main__':
    main()
