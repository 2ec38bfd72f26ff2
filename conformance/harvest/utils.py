#!/usr/bin/python3
"""Harvest django.utils input/output vectors with real Django 3.2 for @stack/utils.

Run with Debian's Python (which has Django 3.2):

    DJANGO_TESTS=/work/django-src/Django-3.2.25/tests /usr/bin/python3 conformance/harvest/utils.py

(or pass the tests folder as the first argument). It writes
`packages/utils/test/django/<area>.json` for the areas text, html, safestring, http, encoding,
crypto and cache; `packages/utils/test/django-utils.test.ts` replays them with no Python.

Two sources feed each file:

1. Django's own tests. The public functions of django.utils.{text,html,safestring,http,encoding,
   crypto,cache} are wrapped by a recorder, then Django's test modules (utils_tests.test_text,
   test_html, test_http, test_encoding, test_crypto, test_safestring) run unchanged: every call
   they make, with its result or exception, becomes a case. The cache tests need a database, so
   their literal tables (test_patch_vary_headers, test_patch_cache_control) are read with `ast`
   and replayed through the recorder instead of running the test classes.
2. Generated inputs (edge cases and a seeded fuzz), run through the same recorder, so real
   Django decides every expected output.

Case shape: {"id", "fn", "args", "kwargs"?, "out" | "error", "source", "env"?}. Values are JSON,
with tagged objects for what JSON lacks: {"$safe": s} a SafeString, {"$bytes": hex},
{"$tuple": [...]}, {"$dict": [[k, v], ...]}, {"$set": [...]}, {"$multi": [[k, [v...]], ...]}
a MultiValueDict, {"$html": str, "__html__": s} an object with __html__, {"$response":
{"headers": [[k, v], ...]}} a response (for the cache helpers, whose "out" is the response's
headers afterwards), {"$rle": [[chunk, count], ...]} a long repetitive string.
"""
import ast
import datetime
import functools
import hashlib
import json
import os
import random
import sys
import unittest
from pathlib import Path
from unittest import mock

# Python randomises set order per process; a fixed seed makes every harvest write the same data.
if os.environ.get('PYTHONHASHSEED') != '0':
    os.execve(sys.executable, [sys.executable] + sys.argv, {**os.environ, 'PYTHONHASHSEED': '0'})

import django  # noqa: E402
from django.conf import settings  # noqa: E402

# The class itself, kept before tests patch `datetime.datetime` on the shared module.
REAL_DATETIME = datetime.datetime
ROOT = Path(__file__).resolve().parents[2]
OUT_DIR = ROOT / 'packages' / 'utils' / 'test' / 'django'
TESTS = Path(sys.argv[1] if len(sys.argv) > 1 else os.environ.get(
    'DJANGO_TESTS', '/work/django-src/Django-3.2.25/tests'))

settings.configure(
    SECRET_KEY='django_tests_secret_key',  # as Django's runtests.py, for test_crypto's vectors
    USE_I18N=True,
    LANGUAGE_CODE='en-us',
    INSTALLED_APPS=[],
    TEMPLATES=[{'BACKEND': 'django.template.backends.django.DjangoTemplates'}],
    CACHE_MIDDLEWARE_SECONDS=600,
)
django.setup()

from django.http import HttpResponse  # noqa: E402
from django.utils import cache, crypto, encoding, html, http, safestring, text  # noqa: E402
from django.utils.datastructures import MultiValueDict  # noqa: E402
from django.utils.functional import Promise  # noqa: E402
from django.utils.safestring import SafeData, SafeString  # noqa: E402

# ---------------------------------------------------------------------------------------------
# Encoding values as JSON


class Unsupported(Exception):
    """A value the replay could not rebuild (a generator, a class, a mock): not recorded."""


def rle(s):
    """Run-length chunks for a long string: [[chunk, count], ...], greedy over periods <= 32."""
    out, literal, i, n = [], [], 0, len(s)
    while i < n:
        best = (0, 1)
        for p in range(1, 33):
            unit = s[i:i + p]
            if len(unit) < p:
                break
            k = 1
            while s.startswith(unit, i + k * p):
                k += 1
            if k * p > best[0] * best[1] and k * p >= 64:
                best = (k, p)
        k, p = best
        if k:
            if literal:
                out.append([''.join(literal), 1])
                literal = []
            out.append([s[i:i + p], k])
            i += k * p
        else:
            literal.append(s[i])
            i += 1
    if literal:
        out.append([''.join(literal), 1])
    return out


def enc(value):
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, SafeString):
        return {'$safe': enc_str(str.__str__(value))}
    if isinstance(value, str) and hasattr(value, '__html__'):
        return {'$html': enc_str(str.__str__(value)), '__html__': enc(value.__html__())}
    if isinstance(value, str):
        return enc_str(value)
    if value is None or isinstance(value, (bool, int)):
        return value
    if isinstance(value, float):
        if value != value or value in (float('inf'), float('-inf')):
            raise Unsupported('non-finite float')
        return value
    if isinstance(value, (bytes, bytearray, memoryview)):
        if isinstance(value, bytearray):
            raise Unsupported('bytearray')
        return {'$bytes': bytes(value).hex()}
    if isinstance(value, tuple):
        return {'$tuple': [enc(v) for v in value]}
    if isinstance(value, list):
        return [enc(v) for v in value]
    if isinstance(value, MultiValueDict):
        return {'$multi': [[enc(k), [enc(v) for v in vs]] for k, vs in value.lists()]}
    if isinstance(value, dict):
        return {'$dict': [[enc(k), enc(v)] for k, v in value.items()]}
    if isinstance(value, (set, frozenset)):
        return {'$set': sorted((enc(v) for v in value), key=json.dumps)}
    if isinstance(value, Path):
        return enc_str(str(value))
    if isinstance(value, HttpResponse):
        return {'$response': {'headers': [[k, v] for k, v in value.headers.items()]}}
    if isinstance(value, datetime.datetime):
        return {'$datetime': value.isoformat()}
    raise Unsupported(type(value).__name__)


def enc_str(s):
    return {'$rle': rle(s)} if len(s) > 2000 else s


# ---------------------------------------------------------------------------------------------
# The recorder

AREAS = {a: {} for a in ('text', 'html', 'safestring', 'http', 'encoding', 'crypto', 'cache')}
SOURCES = {a: set() for a in AREAS}
CURRENT = {'source': 'generated', 'depth': 0}


def case_id(fn, args, kwargs, env):
    key = json.dumps([fn, args, kwargs, env], sort_keys=True, ensure_ascii=True)
    return '%s:%s' % (fn, hashlib.sha1(key.encode()).hexdigest()[:10])


def store(area, fn, args, kwargs, env, outcome):
    cid = case_id(fn, args, kwargs, env)
    if cid in AREAS[area]:
        return
    case = {'id': cid, 'fn': fn, 'args': args}
    if kwargs:
        case['kwargs'] = kwargs
    if env:
        case['env'] = env
    case.update(outcome)
    case['source'] = CURRENT['source']
    AREAS[area][cid] = case
    if not CURRENT['source'].startswith('generated'):
        SOURCES[area].add(CURRENT['source'])


def call_and_record(area, fn, orig, args, kwargs, env=None, after=None):
    """Runs `orig`; records the call unless an argument cannot be encoded."""
    try:
        eargs = [enc(a) for a in args]
        ekwargs = {k: enc(v) for k, v in kwargs.items()}
        eenv = env(args) if env else None
    except Unsupported:
        return orig(*args, **kwargs)
    CURRENT['depth'] += 1
    try:
        result = orig(*args, **kwargs)
    except Exception as exc:  # noqa: BLE001 - recorded, then re-raised
        store(area, fn, eargs, ekwargs, eenv, {'error': type(exc).__name__, 'message': str(exc)})
        raise
    finally:
        CURRENT['depth'] -= 1
    try:
        out = after(result, args) if after else enc(result)
    except Unsupported:
        return result
    store(area, fn, eargs, ekwargs, eenv, {'out': out})
    return result


def wrap(module, name, area, **options):
    orig = getattr(module, name)

    @functools.wraps(orig)
    def recorder(*args, **kwargs):
        return call_and_record(area, name, orig, args, kwargs, **options)

    setattr(module, name, recorder)
    return orig


def response_after(result, args):
    response = args[0]
    return {'headers': [[k, v] for k, v in response.headers.items()], 'returned': enc(result)}


def utcnow_env(args):
    """The current year, for the dates whose year has two digits (the only ones it changes)."""
    for regex in (http.RFC1123_DATE, http.RFC850_DATE, http.ASCTIME_DATE):
        m = regex.match(args[0]) if args and isinstance(args[0], str) else None
        if m and int(m['year']) < 100:
            return {'utcnow': '%d-01-01T00:00:00' % http.datetime.datetime.utcnow().year}
    return None


def truncator_method(name):
    orig = getattr(text.Truncator, name)

    def recorder(self, *args, **kwargs):
        self._setup()
        return call_and_record(
            'text', 'Truncator.' + name,
            lambda _text, *a, **k: orig(self, *a, **k),
            (self._wrapped,) + args, kwargs,
            env=lambda _args: {'MAX_LENGTH_HTML': text.Truncator.MAX_LENGTH_HTML},
        )

    setattr(text.Truncator, name, recorder)


for name in ('slugify', 'capfirst', 'wrap', 'normalize_newlines', 'phone2numeric'):
    wrap(text, name, 'text')
truncator_method('chars')
truncator_method('words')
for name in ('escape', 'conditional_escape', 'format_html', 'format_html_join', 'linebreaks',
             'strip_tags', 'strip_spaces_between_tags', 'escapejs', 'avoid_wrapping'):
    wrap(html, name, 'html')
wrap(safestring, 'mark_safe', 'safestring')
for name in ('urlencode', 'http_date', 'base36_to_int', 'int_to_base36',
             'urlsafe_base64_encode', 'urlsafe_base64_decode', 'parse_etags', 'quote_etag',
             'is_same_domain', 'url_has_allowed_host_and_scheme', 'escape_leading_slashes',
             'urlquote', 'urlquote_plus', 'urlunquote', 'urlunquote_plus', 'parse_http_date_safe'):
    wrap(http, name, 'http')
# The two-digit years of RFC 850 dates depend on the current year: record it with the case.
wrap(http, 'parse_http_date', 'http', env=utcnow_env)
for name in ('iri_to_uri', 'uri_to_iri', 'escape_uri_path', 'filepath_to_uri'):
    wrap(encoding, name, 'encoding')
wrap(crypto, 'constant_time_compare', 'crypto')
wrap(crypto, 'salted_hmac', 'crypto', after=lambda result, args: result.hexdigest(),
     env=lambda _args: {'SECRET_KEY': settings.SECRET_KEY})
for name in ('patch_vary_headers', 'has_vary_header', 'patch_cache_control', 'get_max_age'):
    wrap(cache, name, 'cache', after=response_after)
wrap(cache, 'add_never_cache_headers', 'cache', after=response_after,
     env=lambda _args: {'time': cache.time.time()})
wrap(cache, 'patch_response_headers', 'cache', after=response_after,
     env=lambda _args: {'time': cache.time.time()})

# ---------------------------------------------------------------------------------------------
# 1. Django's own tests

sys.path.insert(0, str(TESTS))
TEST_MODULES = [
    ('utils_tests.test_text', 'text'),
    ('utils_tests.test_html', 'html'),
    ('utils_tests.test_safestring', 'safestring'),
    ('utils_tests.test_http', 'http'),
    ('utils_tests.test_encoding', 'encoding'),
    ('utils_tests.test_crypto', 'crypto'),
]


def run_django_tests():
    from django.test.utils import setup_test_environment
    setup_test_environment()
    for module_name, _area in TEST_MODULES:
        module = __import__(module_name, fromlist=['*'])
        CURRENT['source'] = 'tests/' + module_name.replace('.', '/') + '.py'
        suite = unittest.defaultTestLoader.loadTestsFromModule(module)
        result = unittest.TextTestRunner(stream=open(os.devnull, 'w'), verbosity=0).run(suite)
        if result.errors or result.failures:
            for test, trace in result.errors + result.failures:
                print('harvest: %s failed under the recorder: %s'
                      % (test, trace.strip().splitlines()[-1][:200]), file=sys.stderr)


def literal_table(path, function, variable):
    """The literal value assigned to `variable` inside test method `function` of `path`."""
    tree = ast.parse(Path(path).read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name == function:
            for stmt in node.body:
                if (isinstance(stmt, ast.Assign) and isinstance(stmt.targets[0], ast.Name)
                        and stmt.targets[0].id == variable):
                    return ast.literal_eval(stmt.value)
    raise LookupError('%s.%s not found in %s' % (function, variable, path))


def response_with(name, value):
    response = HttpResponse()
    if value is not None:
        response.headers[name] = value
    return response


def run_cache_tables():
    path = TESTS / 'cache' / 'tests.py'
    CURRENT['source'] = 'tests/cache/tests.py'
    for initial, new, _expected in literal_table(path, 'test_patch_vary_headers', 'headers'):
        cache.patch_vary_headers(response_with('Vary', initial), new)
    for initial, kwargs, _expected in literal_table(path, 'test_patch_cache_control', 'tests'):
        cache.patch_cache_control(response_with('Cache-Control', initial), **kwargs)


# ---------------------------------------------------------------------------------------------
# 2. Generated inputs

rng = random.Random(20240315)


def fuzz(tokens, count, max_tokens):
    return [''.join(rng.choice(tokens) for _ in range(rng.randint(1, max_tokens)))
            for _ in range(count)]


def attempt(fn, *args, **kwargs):
    try:
        fn(*args, **kwargs)
    except Exception:  # noqa: BLE001 - the recorder kept the exception as the expected outcome
        pass


SAMPLE_TEXT = [
    '', 'a', 'Hello, World!', '  leading and trailing  ', 'tab\there', 'new\nline',
    'crlf\r\nline', '<b>bold</b> & "quotes" \'single\'', 'café', 'naïve façade',
    'Ærøskøbing', 'straße', 'ﬁligree ligature', 'ＦＵＬＬ ｗｉｄｔｈ', 'x² + y³', 'Ⅻ Roman',
    '你好 世界', 'Ελληνικά κείμενα', 'русский текст', 'हिन्दी पाठ', 'العربية', 'עברית',
    'emoji 😀 here', 'İstanbul ıı', 'under_score__double', '--dash--', '__under__', '_-_-_',
    'mixed\u00a0nbsp', 'ideographic\u3000space', 'x\x1cy\x1dz\x1ew\x1fv', 'next\x85line',
    'zero\u200bwidth', 'bom\ufeffhere', 'a\u0301cute decomposed', 'ka\u0308se', 'ǅ titlecase',
    'numbers 123 456', 'punct!@#$%^&*()=+[]{};:,./?', 'ünïcödé ÜNÏCÖDÉ', "l'été", '1st 2nd',
    'ΣΊΣΥΦΟΣ', 'Ꭰ Cherokee', 'a\u0300\u0316b', 'e\u0301\u0302\u0303',
]


def generate_text():
    for s in SAMPLE_TEXT:
        attempt(text.slugify, s)
        attempt(text.slugify, s, allow_unicode=True)
        attempt(text.capfirst, s)
        attempt(text.phone2numeric, s)
        attempt(text.normalize_newlines, s)
    for s in ['one two three four five', 'a\nb c\nd e f g', '  lead  trail  ', 'x' * 30 + ' y',
              'short\na long line\nanother long line here', 'trailing space ', ' ', '']:
        for width in (1, 3, 5, 8, 12, 40):
            attempt(text.wrap, s, width)
    for s in SAMPLE_TEXT:
        for html_mode in (False, True):
            attempt(text.Truncator(s).chars, 5, html=html_mode)
            attempt(text.Truncator(s).words, 2, html=html_mode)
    texts = [
        'The quick brown fox jumped over the lazy dog.',
        '<p>Joel <b>is</b> a <i>slug</i></p>', '<p id="a">Hi <br/>there <hr>friend</p>',
        '<div><p>one two</p><p>three four five</p></div>', '<<<<<<', '>>>< <x', 'a<b c>d',
        '<i>Buenos d&iacute;as! &#x00bf;C&oacute;mo est&aacute;?</i>', '&amp;&lt;&gt;&#39;',
        '<p>unclosed <b>bold <i>italic', '</p>stray close', '<!-- c --> after comment',
        '<img src="x.png" alt="a b"> img', '<P>Upper <B>Case</B></P>', '<a\nhref="x">link</a>',
        'o\u0308o\u0308o\u0308o\u0308', '-B\u030aB\u030a----8', '😀😀😀😀😀',
    ]
    truncs = ['', '[snip]', '%(truncated_text)s!!', 'B\u030a']
    for s in texts:
        for num in (0, 1, 3, 8):
            for html_mode in (False, True):
                attempt(text.Truncator(s).chars, num, html=html_mode)
                attempt(text.Truncator(s).words, num, html=html_mode)
        for trunc in truncs:
            attempt(text.Truncator(s).chars, 4, trunc)
            attempt(text.Truncator(s).words, 2, trunc)
            attempt(text.Truncator(s).chars, 6, trunc, html=True)
            attempt(text.Truncator(s).words, 2, trunc, html=True)
    html_tokens = ['<p>', '</p>', '<b>', '</b>', '<br>', '<br/>', '<img src="a">', 'word', 'two',
                   ' ', '  ', '\n', '&amp;', '&#39;', 'é', '<', '>', '<i class="x y">', '</i>',
                   '<!-- c -->', 'x', 'yz']
    for s in fuzz(html_tokens, 80, 14):
        num = rng.randint(0, 6)
        attempt(text.Truncator(s).chars, num, html=True)
        attempt(text.Truncator(s).words, num, html=True)
        attempt(text.Truncator(s).chars, num)
        attempt(text.Truncator(s).words, num)


STRIP_TOKENS = ['<', '>', '/', '!', '-', '?', '&', '#', ';', 'a', 'b', 'p', ' ', '"', "'", '=',
                'x', '1', '\n', 'script', 'style', '<!--', '-->', '&amp;', '&#39;', '&#x27;',
                '<![CDATA[', ']]>', '<p>', '</p>', '<script>', '</script>', '<style>', '</style>',
                '<!doctype html>', '<?php', '?>', '<a href="x">', 'é', '&e', '&#', '&#x', '\t',
                '<br/>', '< b>', '</ b>', '<b\n>', 'A']


def generate_html():
    for s in SAMPLE_TEXT:
        attempt(html.escape, s)
        attempt(html.conditional_escape, s)
        attempt(html.escapejs, s)
        attempt(html.linebreaks, s)
        attempt(html.linebreaks, s, autoescape=True)
        attempt(html.strip_tags, s)
        attempt(html.avoid_wrapping, s)
    for value in [0, 1, -5, 12345, 'ctrl\x00\x01\x1f\x7f\x80\x9f', '\u2028\u2029', '`=;-&<>\\',
                  ''.join(chr(c) for c in range(0, 128))]:
        attempt(html.escape, value)
        attempt(html.escapejs, value)
        attempt(html.conditional_escape, value)
    attempt(html.conditional_escape, safestring.mark_safe('<b>safe</b>'))
    for s in ['para1\n\npara2', 'a\r\n\r\nb\rc', '\n\n\n', 'x\n', '<b>\n\n</b>', 'one\n\n\n\ntwo',
              '\r\r\r', '   \n\n  ']:
        attempt(html.linebreaks, s)
        attempt(html.linebreaks, s, autoescape=True)
    for s in ['<d> </d>', ' <a>  <b> ', '<p>\n\t<p>', '>  <', 'no tags  here', '<a>\u00a0<b>']:
        attempt(html.strip_spaces_between_tags, s)
    for s in fuzz(STRIP_TOKENS, 500, 12):
        attempt(html.strip_tags, s)
    for s in ['<<<<<<<<b>b>b>b>b>b>b>', 'X<<<<br>br>br>br>X', '<scr<script>ipt>alert(1)</script>',
              '<script>unclosed', '<style>a{}</style>b', '<p>x</p' + '>' * 5, '&' * 50,
              '<a' + ' b' * 40, '<!' + '-' * 30, '</' + 'x' * 40,
              # Past Django's limits: 55 nested levels, and an unclosed tag of 1,000+
              # characters holding 60 '<'.
              'X' + '<' * 55 + 'br>' * 55 + 'X', '<a' + '<b' * 60 + 'x' * 1000 + ' tail',
              '<a' + 'x' * 1000 + '<b' * 10 + '> kept']:
        attempt(html.strip_tags, s)
    fmt = [
        ('{} {}', ['<a>', safestring.mark_safe('<b>')], {}),
        ('{0}{0}{1}', ['&', '"'], {}),
        ('<a href="{url}">{name}</a>', [], {'url': '/x?a=1&b=2', 'name': '<Tom & Jerry>'}),
        ('{{literal}} {}', ['<x>'], {}),
        ('{} and {}', [1, 2.5], {}),
        ('{}', [safestring.mark_safe('<i>ok</i>')], {}),
        ('no fields', [], {}),
        ('{', [], {}),
        ('}', [], {}),
        ('{} {}', ['only one'], {}),
        ('{name}', [], {}),
        ('{0.real}', [3], {}),
    ]
    for f, args, kwargs in fmt:
        attempt(html.format_html, f, *args, **kwargs)
    attempt(html.format_html_join, '\n', '<li>{} {}</li>',
            [('Ann', '<Smith>'), (safestring.mark_safe('<b>Bo</b>'), 'Lee')])
    attempt(html.format_html_join, safestring.mark_safe('<br>'), '{}', [('a&b',), ('c',)])
    attempt(html.format_html_join, '<&>', '{}', [('a',), ('b',)])
    attempt(html.format_html_join, ', ', '{}', [])


def generate_safestring():
    for value in ['a&b', '', '<script>', 'ünï', 12]:
        attempt(safestring.mark_safe, value)


URLS = [
    r'\\\example.com', r'/\\/example.com', r'\\//example.com', r'/\/example.com', '\n',
    '//example.com/p', '///example.com', '////example.com', r'\/\/example.com', '/\t/example.com',
    '/\n/example.com', '\t//example.com', ' //example.com', '//example.com', '//testserver/',
    '//TESTSERVER/', 'http://TestServer/', 'http://testserver:80/', 'http://user@testserver/',
    'http://testserver@example.com/', 'http://example.com@testserver/', 'https://testserver',
    'HTTPS://testserver/x', 'ftp://testserver/', 'javascript:alert(1)', 'JavaScript://testserver/',
    'data:text/html,x', 'http:', 'http:/', 'http://', 'http:testserver', 'http:/testserver',
    '/', '', '   ', '/path?next=//example.com', '?x=1', '#frag', 'relative/path', './x', '../x',
    '\x00/x', '\x7f/x', '\u200b//example.com', '\ufeff//example.com', '\u00a0//example.com',
    '\x1c//example.com', '/\x00/example.com', 'http://testserver/\x00', 'http://[::1]/',
    'http://[::1/', 'http://::1]/', 'http://testserver\\@example.com', 'https:\\\\example.com',
    'https:/\\example.com', 'http://exa mple.com', 'http://testserver#@example.com',
    'http://testserver?@example.com', '/%2F/example.com', '/%5Cexample.com', 'mailto:a@b.c',
    'tel:123', 'http://testserver2/', 'https://example.com/p', '//example.com\\@testserver/',
    'http:\\/\\/example.com', 'https://テスト/', 'http://ex\u0430mple.com/',
]


def generate_http():
    for url in URLS:
        for hosts in ({'testserver', 'example.com'}, {'testserver'}, None, 'testserver'):
            attempt(http.url_has_allowed_host_and_scheme, url, allowed_hosts=hosts)
        attempt(http.url_has_allowed_host_and_scheme, url, allowed_hosts={'example.com'},
                require_https=True)
        attempt(http.escape_leading_slashes, url)
    attempt(http.url_has_allowed_host_and_scheme, None, allowed_hosts={'testserver'})
    dates = [
        'Sun, 06 Nov 1994 08:49:37 GMT', 'Sun Nov  6 08:49:37 1994', 'Sun Nov 16 08:49:37 1994',
        'Mon, 29 Feb 2016 00:00:00 GMT', 'Mon, 29 Feb 2015 00:00:00 GMT',
        'Sun, 31 Feb 1994 08:49:37 GMT', 'Sun, 06 Foo 1994 08:49:37 GMT',
        'Sun, 06 NOV 1994 08:49:37 GMT', 'Sun, 06 nov 1994 08:49:37 GMT',
        'Sun, 06 Nov 1994 24:00:00 GMT', 'Sun, 06 Nov 1994 23:59:60 GMT',
        'Sun, 06 Nov 1994 08:60:00 GMT', 'Sun, 00 Nov 1994 08:49:37 GMT',
        'Sun, 06 Nov 0000 08:49:37 GMT', 'Sun, 06 Nov 0001 00:00:00 GMT',
        'Fri, 31 Dec 9999 23:59:59 GMT', 'Sun, 06 Nov 1994 08:49:37 UTC',
        'Sun, 6 Nov 1994 08:49:37 GMT', 'Sun,  06 Nov 1994 08:49:37 GMT',
        ' Sun, 06 Nov 1994 08:49:37 GMT', 'Sun, 06 Nov 1994 08:49:37 GMT ',
        'Sun, 06 Nov 1994 08:49:37 GMT\n', 'XYZ, 06 Nov 1994 08:49:37 GMT', '', 'yesterday',
        'Sun Nov 6 08:49:37 1994', 'Sun Nov 06 08:49:37 1994', 'Thu Jan  1 00:00:00 1970',
        'Wed Dec 31 23:59:59 1969', 'Sun, 06 Nov 1994 8:49:37 GMT', 'Sun, 06-Nov-1994 08:49:37 GMT',
    ]
    for d in dates:
        attempt(http.parse_http_date_safe, d)
    rfc850 = ['Sunday, 06-Nov-94 08:49:37 GMT', 'Tuesday, 31-Dec-69 08:49:37 GMT',
              'Thursday, 01-Jan-70 00:00:00 GMT', 'Monday, 29-Feb-16 00:00:00 GMT',
              'Funday, 06-Nov-94 08:49:37 GMT', 'Wednesday, 31-Dec-70 08:49:37 GMT',
              'Sat, 06-Nov-94 08:49:37 GMT']
    for now in (datetime.datetime(2019, 11, 6, 8, 49, 37), datetime.datetime(2048, 1, 1),
                datetime.datetime(2070, 6, 1)):
        with mock.patch('django.utils.http.datetime.datetime') as mocked:
            mocked.side_effect = REAL_DATETIME
            mocked.utcnow = mock.Mock(return_value=now)
            for d in rfc850 + dates[:2]:
                attempt(http.parse_http_date, d)
    for t in (0, 1, 1.5, 59.999, 1167616461.0, 1167616461.9, 951782400, 2 ** 31, 253402300799,
              -1, -1.5, -86400):
        attempt(http.http_date, t)
    for n in (0, 1, 35, 36, 42, 1295, 818469960, 2 ** 31, 2 ** 53 - 1, -1, 3.141, '1'):
        attempt(http.int_to_base36, n)
    for s in ('0', 'z', 'Z', 'django', ' z ', '+z', '-z', '1_0', '1__0', '_1', '', ' ', '#',
              'zzzzzzzzzzzzz', '1' * 14, '2gosa7pa2gv', '3w5e11264sgsf', '\t10\n', '１２'):
        attempt(http.base36_to_int, s)
    for b in (b'', b'f', b'fo', b'foo', b'foob', b'\xff\xfe\xfd', bytes(range(256)), b'42'):
        attempt(http.urlsafe_base64_encode, b)
    for s in ('', 'Zg', 'Zg==', 'Zm9v', 'Zm9vYg', 'Zm9vYmE', 'Zm9vYmFy', '__79', '--_-', 'Zg=',
              'Z', 'Zm9vY', 'Zm 9v', 'Zm9v!', 'Zm+v', 'Zm/v', 'NDI', 'MTIz', 'Zg===', '=Zg'):
        attempt(http.urlsafe_base64_decode, s)
    for s in ('*', ' * ', '"a"', 'W/"a"', '"a", W/"b",  c, "d', '"a,b"', 'w/"a"', '""', '',
              '"e\\"t"', '"a" , "b"', '\t"a"\t', 'W/ "a"', '"a"W/', ',,,', '"\u00e9"',
              '"a"\n'):
        attempt(http.parse_etags, s)
    for s in ('etag', '"etag"', 'W/"etag"', 'w/"etag"', '"unbalanced', 'with"quote', '',
              '"a"b"', 'W/etag'):
        attempt(http.quote_etag, s)
    for host, pattern in [('example.com', 'EXAMPLE.com'), ('EXAMPLE.com', 'example.com'),
                          ('a.example.com', '.example.com'), ('evilexample.com', '.example.com'),
                          ('example.com', '.'), ('', ''), ('', '.'), ('x', 'x')]:
        attempt(http.is_same_domain, host, pattern)
    queries = [
        ({'a': 'b c', 'd': 'é&=+/?#~*-._'}, False),
        ({'a': ['1', '2'], 'b': 'x'}, True),
        ({'a': ['1', '2']}, False),
        ({'a': 1, 'b': -2}, False),
        ({'a': []}, True),
        ({'a': None}, False),
        ({'a': ['x', None]}, True),
        ({'k y': 'v', 'é': 'ü'}, False),
        ([('a', '1'), ('a', '2')], False),
        ({'a': b'raw bytes \xff'}, True),
        ({'a': 'x'}, True),
        ({'': ''}, False),
        (MultiValueDict({'name': ['Adrian', 'Simon'], 'position': ['Developer']}), True),
        (MultiValueDict({'name': ['Adrian', 'Simon']}), False),
    ]
    for query, doseq in queries:
        attempt(http.urlencode, query, doseq=doseq)
    for s in ('Paris & Orléans', 'a/b c', '~*-._!\'()', '%41', '', '/\u00a0/', '😀'):
        attempt(http.urlquote, s)
        attempt(http.urlquote, s, safe='')
        attempt(http.urlquote_plus, s)
        attempt(http.urlquote_plus, s, safe='/')
    for s in ('Paris%20%26%20Orl%C3%A9ans', 'a+b%2Bc', '%', '%4', '%zz', '%C3', '%C3%28',
              '%ff%fe', '%e2%82%ac', 'plain', '%F0%9F%98%80', ''):
        attempt(http.urlunquote, s)
        attempt(http.urlunquote_plus, s)


def generate_encoding():
    for s in ['/blog/for/Jürgen Münster/', 'red%09rosé#red', '%&', '/I ♥ Django/', 'a b',
              '/~user/', "!*'();:@&=+$,/?#[]", '😀', '"<>\\^`{|}', '\x00\x1f\x7f', '']:
        attempt(encoding.iri_to_uri, s)
        attempt(encoding.escape_uri_path, s)
        attempt(encoding.filepath_to_uri, s)
    for s in ['/%e2%89%ab/', '%', '%4', '%zz%', '%25', '%2f%2F', '%7e%7E', '%41%61%30%2d%2e%5f',
              '%20%00', '%80', '%C3%A9%C3', '%F0%9F%98%80', '%ED%A0%80', '%C0%80', '%E2%82',
              '%e2%82%ac%e2', 'plain', '', '%%41']:
        attempt(encoding.uri_to_iri, s)
    attempt(encoding.filepath_to_uri, 'C:\\Users\\ann\\a b.txt')


def generate_crypto():
    for salt, value, kwargs in [
        ('salt', 'value', {}), ('', '', {}), ('émoji😀', 'vålue', {'secret': 'sécret'}),
        ('salt', 'value', {'secret': 'x' * 200}), ('salt', 'value', {'algorithm': 'sha256'}),
        ('salt', 'value', {'algorithm': 'sha512'}), ('salt', 'value', {'algorithm': 'md5'}),
        ('salt', 'value', {'algorithm': 'sha384'}), ('salt', 'value', {'algorithm': 'sha224'}),
        ('salt', 'value', {'algorithm': 'blake2b'}), ('salt', 'value', {'algorithm': 'blake2s'}),
        ('salt', 'value', {'algorithm': 'sha3_256'}), ('salt', 'value', {'algorithm': 'nope'}),
        (b'\xff', b'\x00\x01', {'secret': b'\x80'}),
    ]:
        attempt(crypto.salted_hmac, salt, value, **kwargs)
    for a, b in [('', ''), ('a', ''), ('abc', 'abc'), ('abc', 'abd'), ('é', 'é'), ('é', 'e'),
                 (b'\xff', b'\xff'), ('abc', 'abcd')]:
        attempt(crypto.constant_time_compare, a, b)


def generate_cache():
    for initial, new in [
        (None, ['Cookie']), ('', ['Cookie']), ('Cookie', ['*']), ('*', ['Cookie']),
        ('Accept', []), ('accept,  COOKIE', ['Cookie', 'Accept-Encoding']),
        ('Cookie', ['Cookie', 'cookie', 'Origin']), ('a,,b', ['c']), (' a ', ['b']),
    ]:
        attempt(cache.patch_vary_headers, response_with('Vary', initial), new)
        for query in ('cookie', 'COOKIE', 'accept', 'x', ''):
            attempt(cache.has_vary_header, response_with('Vary', initial), query)
    for initial, kwargs in [
        ('max-age=60', {'max_age': 30}), ('max-age=60', {'max_age': 3600}),
        (None, {'max_age': 0, 'public': True}), ('no-store', {'no_cache': True}),
        ('private, no-cache="Set-Cookie"', {'public': True}), ('Public', {'private': True}),
        ('a=1,b, c = 2', {'s_maxage': 10}), (None, {'must_revalidate': True, 'no_store': True}),
        ('max-age=60', {'stale_while_revalidate': 30}), ('no-cache=x', {'no_cache': 'y'}),
        ('MAX-AGE=60', {'max_age': 10}), (None, {'no_transform': True, 'immutable': True}),
    ]:
        attempt(cache.patch_cache_control, response_with('Cache-Control', initial), **kwargs)
    for value in (None, '', 'max-age=60', 'public, max-age=0', 'max-age=abc', 'max-age',
                  'MAX-AGE=5', 'no-cache, max-age=10, max-age=20', 'max-age=-1', 'max-age= 5',
                  'max-age=1.5', 's-maxage=5'):
        attempt(cache.get_max_age, response_with('Cache-Control', value))
    with mock.patch('django.utils.cache.time.time', return_value=1167616461.5):
        for cc in (None, 'max-age=60', 'public'):
            attempt(cache.add_never_cache_headers, response_with('Cache-Control', cc))
        for timeout in (0, 60, -5, 600):
            attempt(cache.patch_response_headers, HttpResponse(), timeout)
        attempt(cache.patch_response_headers, response_with('Expires', 'x'), 60)
        attempt(cache.patch_response_headers, response_with('Cache-Control', 'max-age=10'), 60)
        attempt(cache.patch_response_headers, HttpResponse())


# ---------------------------------------------------------------------------------------------


def main():
    run_django_tests()
    run_cache_tables()
    for area, generate in [('text', generate_text), ('html', generate_html),
                           ('safestring', generate_safestring), ('http', generate_http),
                           ('encoding', generate_encoding), ('crypto', generate_crypto),
                           ('cache', generate_cache)]:
        CURRENT['source'] = 'generated'
        generate()
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for area, cases in AREAS.items():
        data = {
            'django': django.get_version(),
            'python': '%d.%d.%d' % sys.version_info[:3],
            'source': sorted(SOURCES[area]) + ['generated (conformance/harvest/utils.py)'],
            'cases': sorted(cases.values(), key=lambda c: (c['source'], c['fn'], c['id'])),
        }
        path = OUT_DIR / ('%s.json' % area)
        with path.open('w') as fh:
            fh.write('{\n')
            for key in ('django', 'python', 'source'):
                fh.write('  %s: %s,\n' % (json.dumps(key), json.dumps(data[key])))
            fh.write('  "cases": [\n')
            fh.write(',\n'.join('    ' + json.dumps(c, ensure_ascii=False)
                                for c in data['cases']))
            fh.write('\n  ]\n}\n')
        print('%s: %d cases' % (path.relative_to(ROOT), len(cases)))


if __name__ == '__main__':
    main()
