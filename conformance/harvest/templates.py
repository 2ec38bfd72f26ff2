"""Harvests template renderings from Django 3.2's template tests, with real Django.

    /usr/bin/python3 conformance/harvest/templates.py [path/to/django/tests]

Runs ``template_tests.filter_tests`` and ``template_tests.syntax_tests`` with hooks on
``Engine.get_template``/``Engine.from_string`` (compile errors) and ``Template.render``
(output or exception) that record, for every outermost rendering: the engine's templates and
options, the template's name or source, the context, the settings that shape output, the clock
Django read, the ``reverse()`` calls it made, and real Django's output or exception class.
Direct calls of filter functions in those tests (``urlize('…')``) are recorded too, then
rendered by real Django as ``{{ value|filter:arg }}``, with more inputs for ``urlize`` of our
own. Writes ``packages/templates/test/django/*.json``; see ``conformance/README.md``.
"""

import datetime as datetime_module
import hashlib
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import django_harness as harness  # noqa: E402

harness.stable_hashes()
TESTS = harness.tests_dir()
runtests = harness.import_runtests(TESTS)

from django.conf import settings  # noqa: E402
from django.template import Context, Engine, base, defaultfilters, defaulttags  # noqa: E402
from django.template.loaders import filesystem, locmem  # noqa: E402
from django.utils import timesince, timezone, translation  # noqa: E402
import django.urls  # noqa: E402

OUT = 'packages/templates/test/django'
LABELS = ['template_tests.filter_tests', 'template_tests.syntax_tests']


class State:
    depth = 0  # > 0 while a recorded rendering runs (nested renders are part of it)
    test = None  # the running test's id
    now = None  # the first clock reading Django made during the rendering (epoch ms)
    random = False  # whether the rendering drew random numbers
    reverses = None  # reverse() calls made during the rendering
    recording = True


state = State()
engines = {}  # engine key -> engine description (shared by the cases that use it)
cases = {'filter-tests': [], 'syntax-tests': []}
seen_keys = set()
filter_calls = []

# ---------------------------------------------------------------------------------------------
# Values: the test suite's helper classes the replay rebuilds in TypeScript.

from template_tests import utils as tt_utils  # noqa: E402

for cls in (
    tt_utils.SomeClass, tt_utils.OtherClass, tt_utils.TestObj, tt_utils.SilentGetItemClass,
    tt_utils.SilentAttrClass, tt_utils.UTF8Class, tt_utils.UnsafeClass, tt_utils.SafeClass,
):
    harness.register_fixture_class(cls, encode_state=lambda obj: {}, name=cls.__name__)
for cls in (tt_utils.SomeException, tt_utils.SomeOtherException,
            tt_utils.ShouldNotExecuteException):
    harness.register_fixture_class(cls, encode_state=lambda obj: {}, name=cls.__name__)


def register_test_classes():
    """Classes defined inside the test modules, known to the replay by name."""
    from template_tests.filter_tests import test_dictsort
    from template_tests.syntax_tests import test_for, test_if

    from django.template.backends import django as backend

    harness.register_fixture_class(
        base.Template, name='Template',
        encode_state=lambda t: {'name': t.origin.template_name, 'source': t.source})
    harness.register_fixture_class(
        backend.Template, name='Template',
        encode_state=lambda t: {'name': t.template.origin.template_name,
                                'source': t.template.source})
    harness.register_fixture_class(
        range, name='range', encode_state=lambda r: {'start': r.start, 'stop': r.stop,
                                                     'step': r.step})
    harness.register_fixture_class(test_dictsort.User, encode_state=lambda obj: {},
                                   name='dictsort.User')
    if hasattr(test_if, 'TestObj'):
        pass
    return test_for


# ---------------------------------------------------------------------------------------------
# The environment a rendering depends on.

ENV_SETTINGS = ('DEBUG', 'TIME_ZONE', 'USE_TZ', 'USE_L10N', 'LANGUAGE_CODE', 'STATIC_URL', 'MEDIA_URL',
                'DATE_FORMAT', 'DATETIME_FORMAT', 'TIME_FORMAT', 'SHORT_DATE_FORMAT',
                'SHORT_DATETIME_FORMAT', 'USE_THOUSAND_SEPARATOR')


def environment():
    env = {name: getattr(settings, name) for name in ENV_SETTINGS}
    env['language'] = translation.get_language()
    env['timezone'] = timezone.get_current_timezone_name()
    return env


BASE_ENV = None


def env_delta():
    env = environment()
    return {k: v for k, v in env.items() if BASE_ENV.get(k) != v}


def engine_key(engine):
    """Describes an engine (templates, options, libraries) once; cases refer to it by key."""
    templates = {}
    for loader in engine.template_loaders:
        for inner in getattr(loader, 'loaders', [loader]):
            if isinstance(inner, locmem.Loader):
                templates.update(inner.templates_dict)
    templates.update(getattr(engine, '_harvest_files', {}))
    desc = {
        'templates': templates,
        'stringIfInvalid': engine.string_if_invalid,
        'autoescape': engine.autoescape,
        'libraries': dict(sorted(engine.libraries.items())),
        'builtins': [b for b in engine.builtins if b not in Engine.default_builtins],
    }
    blob = json.dumps(desc, sort_keys=True, ensure_ascii=False)
    key = hashlib.sha1(blob.encode()).hexdigest()[:12]
    engines.setdefault(key, desc)
    return key


def context_data(context):
    data = {}
    dicts = list(context.dicts)
    if dicts and dicts[0] == {'True': True, 'False': False, 'None': None}:
        dicts = dicts[1:]
    for d in dicts:
        data.update(d)
    flags = {}
    if context.autoescape is not True:
        flags['autoescape'] = context.autoescape
    if context.use_l10n is not None:
        flags['useL10n'] = context.use_l10n
    if context.use_tz is not None:
        flags['useTz'] = context.use_tz
    request = getattr(context, 'request', None)
    if request is not None:
        flags['request'] = {
            'namespace': getattr(getattr(request, 'resolver_match', None), 'namespace', None),
        }
        # Django tells "set to None" (no current app) from "not set" (the resolver's namespace)
        if hasattr(request, 'current_app'):
            flags['request']['currentApp'] = request.current_app
    return data, flags


def area_of(test_id):
    if test_id and '.filter_tests.' in test_id:
        return 'filter-tests'
    return 'syntax-tests'


def add_case(case):
    key = json.dumps({k: v for k, v in case.items() if k != 'test'}, sort_keys=True,
                     ensure_ascii=False, default=str)
    if key in seen_keys:
        return
    seen_keys.add(key)
    cases[area_of(case.get('test'))].append(case)


def outcome(result, error):
    if error is not None:
        return {'error': harness.error_name(error)}
    return {'output': str(result)}


def base_case(engine):
    case = {'test': state.test, 'engine': engine_key(engine)}
    env = env_delta()
    if env:
        case['env'] = env
    return case


# ---------------------------------------------------------------------------------------------
# Hooks.

original_render = base.Template.render
original_get_template = Engine.get_template
original_from_string = Engine.from_string
original_reverse = django.urls.reverse
original_get_contents = filesystem.Loader.get_contents


def recording_render(self, context):
    if state.depth or not state.recording:
        return original_render(self, context)
    # Before rendering: tags such as {% regroup %} and {% cycle … as %} write into the context.
    data, flags = context_data(context)
    try:
        encoded = {'context': harness.encode(data)}
    except harness.NotPortable as e:
        encoded = {'notPortable': 'the context holds %s' % e}
    encoded.update(flags)
    state.depth += 1
    state.now = None
    state.random = False
    state.reverses = []
    result = error = None
    try:
        result = original_render(self, context)
        return result
    except Exception as e:
        error = e
        raise
    finally:
        state.depth -= 1
        record_render(self, encoded, result, error)


def record_render(template, encoded, result, error):
    case = base_case(template.engine)
    if template.origin.template_name is not None:
        case['name'] = template.origin.template_name
    else:
        case['source'] = template.source
    case.update(encoded)
    if state.random:
        case['notPortable'] = 'Django\'s output depends on random choices'
    if state.now is not None:
        case['now'] = state.now
    if state.reverses:
        case['reverse'] = state.reverses
    case.update(outcome(result, error))
    add_case(case)


def compile_hook(original, kind):
    def hook(self, arg):
        if state.depth or not state.recording:
            return original(self, arg)
        try:
            return original(self, arg)
        except Exception as e:
            case = base_case(self)
            case[kind] = arg
            case['compileOnly'] = True
            case['error'] = harness.error_name(e)
            add_case(case)
            raise
    return hook


def recording_reverse(viewname, urlconf=None, args=None, kwargs=None, current_app=None):
    entry = {'viewname': viewname, 'args': list(args or []), 'kwargs': dict(kwargs or {}),
             'currentApp': current_app}
    try:
        entry = harness.encode(entry)
    except harness.NotPortable:
        entry = None
    try:
        result = original_reverse(viewname, urlconf, args, kwargs, current_app)
    except Exception as e:
        if entry is not None and state.reverses is not None:
            entry['error'] = harness.error_name(e)
            state.reverses.append(entry)
        raise
    if entry is not None and state.reverses is not None:
        entry['result'] = result
        state.reverses.append(entry)
    return result


def recording_get_contents(self, origin):
    contents = original_get_contents(self, origin)
    files = self.engine.__dict__.setdefault('_harvest_files', {})
    files[origin.template_name] = contents
    return contents


class _ClockMeta(type):
    def __instancecheck__(cls, obj):
        return isinstance(obj, datetime_module.datetime)


class RecordingDatetime(datetime_module.datetime, metaclass=_ClockMeta):
    """``datetime`` whose ``now()`` notes the instant it returned (the replay's clock)."""

    @classmethod
    def now(cls, tz=None):
        value = datetime_module.datetime.now(tz)
        if state.depth and state.now is None:
            state.now = value.timestamp() * 1000
        return value


class RecordingDatetimeModule:
    def __getattr__(self, name):
        if name == 'datetime':
            return RecordingDatetime
        return getattr(datetime_module, name)


original_run = unittest.TestCase.run


def recording_run(self, result=None):
    global BASE_ENV
    if BASE_ENV is None:
        # The suite's settings as its runner set them up, before any test overrides them.
        BASE_ENV = environment()
    state.test = self.id()
    try:
        return original_run(self, result)
    finally:
        state.test = None


def wrap_filter_functions():
    """Records direct calls of the builtin filter functions made by the tests themselves."""
    names = {}
    for name, fn in defaultfilters.register.filters.items():
        names.setdefault(id(fn), name)
    for attr, fn in list(vars(defaultfilters).items()):
        if callable(fn) and id(fn) in names:
            setattr(defaultfilters, attr, filter_recorder(names[id(fn)], fn))


def filter_recorder(name, fn):
    def recorder(*args, **kwargs):
        if not state.depth and state.test:
            filter_calls.append({'test': state.test, 'filter': name, 'args': args,
                                 'kwargs': kwargs, 'env': env_delta()})
        return fn(*args, **kwargs)
    recorder.__wrapped__ = fn
    return recorder


class RandomProxy:
    """Stands for the ``random`` module in lorem_ipsum and defaultfilters: notes any use."""

    def __init__(self, module):
        object.__setattr__(self, '_module', module)

    def __getattr__(self, name):
        if state.depth:
            state.random = True
        return getattr(object.__getattribute__(self, '_module'), name)

    def __getattribute__(self, name):
        if name in ('__dict__', '_module', '__class__'):
            return object.__getattribute__(self, name)
        if state.depth:
            state.random = True
        own = object.__getattribute__(self, '__dict__')
        if name in own:
            return own[name]
        return getattr(object.__getattribute__(self, '_module'), name)


def install():
    from django.utils import lorem_ipsum

    lorem_ipsum.random = RandomProxy(lorem_ipsum.random)
    defaultfilters.random_module = RandomProxy(defaultfilters.random_module)
    base.Template.render = recording_render
    Engine.get_template = compile_hook(original_get_template, 'name')
    Engine.from_string = compile_hook(original_from_string, 'source')
    django.urls.reverse = recording_reverse
    filesystem.Loader.get_contents = recording_get_contents
    defaulttags.datetime = RecordingDatetime
    timesince.datetime = RecordingDatetimeModule()
    unittest.TestCase.run = recording_run
    wrap_filter_functions()


# ---------------------------------------------------------------------------------------------
# Filter calls → renderings.

# Inputs of our own for urlize/urlizetrunc, rendered by real Django like the others.
URLIZE_INPUTS = [
    'http://example.com', 'https://example.com/', 'HTTPS://EXAMPLE.COM/', 'Http://a.b/c',
    'www.example.com', 'example.com', 'example.org/path?x=1&y=2', 'foo.bar',
    'see http://example.com.', 'see http://example.com,', 'see (http://example.com)',
    '(see http://example.com/a_(b))', '[http://example.com]', '"http://example.com"',
    "'http://example.com'", 'http://example.com/?a=1&amp;b=2', 'http://example.com/?a=1&b=2',
    'a&b http://example.com/?q=a%20b', 'http://example.com/%7Euser', 'http://例え.テスト/',
    'http://xn--fsqu00a.xn--0zwm56d/', 'www.bücher.de', 'http://[2001:db8::1]/',
    'http://[2001:db8::1]:8080/path', 'http://127.0.0.1:8000/admin/', 'user@example.com',
    'mailto:user@example.com', '<user@example.com>', '(user@example.com)', 'a@b',
    'user@localhost', 'user.name+tag@sub.example.co.uk', 'user@bücher.de', 'x@example.com.',
    'http://example.com/<script>alert(1)</script>', '<a href="http://x.com">x</a>',
    'javascript:alert(1)', 'http://a.com?b=c&d=e#frag', 'ftp://example.com', 'git://x.org',
    'Go to http://example.com!', 'Really? http://example.com?', 'http://a.com;b',
    'http://example.com/foo...', 'trailing www.example.com).', 'x http://a.b/c" onmouseover="1',
    'Email me@example.com, or visit www.example.org.', 'http://a.com:abc/', 'https://.com',
    'https://a.b.c.d.e/f', 'http://user:pass@example.com/', 'www.x.co.uk/a/b/',
    'http://example.com/' + 'a' * 40, 'verylongword' * 5 + '.com', 'example.com\nnext.org',
    'tab\thttp://t.co', '&lt;http://x.com&gt;', 'http://x.com&lt;', '<http://x.com>',
    'lowercase.COM', 'example.net example.info', 'foo@bar.com.', 'foo@bar..com', 'sub.example.',
    # entities around trailing punctuation (Django trims the unescaped word, slices the escaped)
    'www.x.com/&#46;', 'www.x.com/&#46;&#46;', 'http://a.com/&amp;.', 'http://a.com/&amp',
    'http://a.com&#33;!', 'http://a.com/&#x2e;;', 'http://a.com/x&#0000000046;',
    'http://a.com/&notit;.', '(&amp;http://a.com).', 'http://a.com/\U0001f600.&#46;',
    'www.a.com/&#59;', 'www.a.com/&#99999999999;', 'www.a.com/&#128;', 'www.a.com/&#1;.',
    'www.a.com/&#xD800;.', 'www.a.com/&AMP;.', 'www.a.com/&ampx.', 'www.a.com/&#x;',
    # brackets, query re-encoding, hosts
    '((www.a.com))', '[(www.a.com)]', '(www.a.com))', 'www.a.com;;;',
    'http://a.com/?q=%ZZ&r=%E9', 'http://a.com/?q=a+b&q=c%2Bd', 'http://a.com/?=x&&y',
    'http://a.com/#frag%20x', 'http://a.com/a%2fb', 'http://a.com/%', 'http://[::1',
    'http://a]b.com/', 'http://[1.2.3.4]/', 'http://[v1.x]/', 'http://user@b\u00fccher.de:80/',
    'www.a..com', 'x@a..com', 'www.\u00df.de', 'http://\u0130.com', 'http://a\u00ad.com/',
    'http://a.com\u3002b.com', 'x@y', 'x@@y.com', 'http://\u0645\u062b\u0627\u0644.com',
    # Python's whitespace, not JavaScript's
    'x\u3000www.a.com', 'x\ufeffwww.a.com', 'x\x1cwww.a.com', 'x\x85www.a.com',
    '.@?www.a.com\U0001f600][<@;&lt', "?&amp;\U0001f600'www.a.com\u00fc=\u00fc%41",
]
URLIZETRUNC_LIMITS = [0, 1, 5, 10, 15, 20, 30]


def render_filter_call(engine, name, value, arg, has_arg, autoescape):
    source = '{{ value|%s%s }}' % (name, ':arg' if has_arg else '')
    if not autoescape:
        source = '{%% autoescape off %%}%s{%% endautoescape %%}' % source
    case = {'source': source}
    context = {'value': value}
    if has_arg:
        context['arg'] = arg
    try:
        case['context'] = harness.encode(context)
    except harness.NotPortable as e:
        case['notPortable'] = 'the value holds %s' % e
    case['engine'] = engine_key(engine)
    state.depth = 1  # renderings of our own are not recorded by the hooks
    state.now = None
    try:
        case.update(outcome(original_render(original_from_string(engine, source),
                                            Context(context)), None))
    except Exception as e:
        case.update(outcome(None, e))
    finally:
        state.depth = 0
    if state.now is not None:
        case['now'] = state.now
    return case


FILTER_PARAMS = {'autoescape'}


def filter_call_cases():
    engine = Engine()
    out, seen = [], set()
    for call in filter_calls:
        kwargs = dict(call['kwargs'])
        autoescape = kwargs.pop('autoescape', True)
        args = list(call['args'])
        if kwargs:
            args.append(kwargs.pop('arg', None))
        if kwargs or len(args) > 2 or not args:
            continue
        value, has_arg = args[0], len(args) == 2
        arg = args[1] if has_arg else None
        if call['env']:
            continue  # rendered below only in the default settings
        try:
            key = repr((call['filter'], harness.encode(value), harness.encode(arg), autoescape))
        except harness.NotPortable:
            key = repr((call['filter'], id(value), id(arg), autoescape))
        if key in seen:
            continue
        seen.add(key)
        case = {'test': call['test']}
        case.update(render_filter_call(engine, call['filter'], value, arg, has_arg, autoescape))
        out.append(case)
    return out


def urlize_cases():
    engine = Engine()
    out = []
    for text in URLIZE_INPUTS:
        for autoescape in (True, False):
            out.append(render_filter_call(engine, 'urlize', text, None, False, autoescape))
            out.append(render_filter_call(engine, 'urlize', harness_safe(text), None, False,
                                          autoescape))
            for limit in URLIZETRUNC_LIMITS:
                out.append(render_filter_call(engine, 'urlizetrunc', text, limit, True,
                                              autoescape))
    return out


def harness_safe(text):
    from django.utils.safestring import mark_safe
    return mark_safe(text)


def main():
    install()
    register_test_classes()
    failures = harness.run_tests(runtests, LABELS)
    state.recording = False
    if failures:
        sys.exit('%d of Django\'s tests failed under the harvest hooks' % failures)
    functions = filter_call_cases()
    urlize = urlize_cases()
    source = ['tests/template_tests/filter_tests', 'tests/template_tests/syntax_tests']
    used = {}
    for group in list(cases.values()) + [functions, urlize]:
        for case in group:
            if 'engine' in case:
                used[case['engine']] = engines[case['engine']]
    extra = {'env': BASE_ENV}
    for area, group in cases.items():
        keys = sorted({c['engine'] for c in group})
        harness.write_cases('%s/%s.json' % (OUT, area), source, group,
                            dict(extra, engines={k: used[k] for k in keys}))
    for area, group, src in (('filter-functions', functions, source),
                             ('urlize', urlize, ['conformance/harvest/templates.py'])):
        keys = sorted({c['engine'] for c in group})
        harness.write_cases('%s/%s.json' % (OUT, area), src, group,
                            dict(extra, engines={k: used[k] for k in keys}))
    for area, group in list(cases.items()) + [('filter-functions', functions),
                                              ('urlize', urlize)]:
        portable = sum(1 for c in group if 'notPortable' not in c)
        print('%-17s %5d cases, %5d portable' % (area, len(group), portable))


if __name__ == '__main__':
    main()
