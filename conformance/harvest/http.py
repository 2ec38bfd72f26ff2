"""Harvests request/response vectors from Django 3.2's HTTP tests, with real Django.

    /usr/bin/python3 conformance/harvest/http.py [path/to/django/tests]

Runs ``httpwrappers``, ``requests``, ``signing``, ``csrf_tests``, ``middleware`` and
``sessions_tests`` through Django's own ``runtests.py`` with recording hooks on the
``django.http`` and ``django.core.signing`` entry points those tests exercise (directly, or
through the middleware, the sessions and the test client). Each hook records what real Django
did with the inputs it was given: its output, or its exception class. The kinds of case:

- ``request``: a ``WSGIRequest`` built from an environ (its string values and its body). The
  hook builds fresh requests from a copy of that environ and records what Django parses:
  ``path_info``, ``path``, ``method``, ``content_type``, ``content_params``, ``encoding``,
  ``GET``, ``COOKIES``, ``POST`` and ``FILES`` (name, type, content), ``body``;
- ``request-call``: ``get_host``, ``get_port``, ``is_secure``, ``get_full_path``,
  ``get_full_path_info``, ``build_absolute_uri`` on a request with its ``META``, ``path``,
  ``path_info``, ``method`` and the settings that shape them;
- ``querydict``: a ``QueryDict`` from a query string and encoding (its ``lists()``);
  ``querydict-urlencode``: ``urlencode(safe)`` of a dict's lists;
- ``header``: a response header set (``ResponseHeaders.__setitem__``): the name and value
  Django stores, or its refusal;
- ``response``: an ``HttpResponse`` built from content and options (status, reason, charset,
  headers, content); ``redirect``: an ``HttpResponseRedirect``/``PermanentRedirect`` (its
  ``Location``, or ``DisallowedRedirect``); ``json-response``: a ``JsonResponse``'s content;
- ``set-cookie``: ``set_cookie``/``delete_cookie`` without a clock-dependent ``max_age`` (the
  ``Set-Cookie`` value Django writes); ``parse-cookie``: ``parse_cookie``;
- ``sign``, ``unsign``: ``Signer``/``TimestampSigner`` with their key, separator, salt,
  algorithm and the clock (``time.time()`` at the call); ``dumps``, ``loads``.

Those go to ``packages/request/test/django/http.json``. Where the case belongs to a higher
package, it goes there:

- ``csrf`` (``packages/middleware/test/django/csrf.json``): the verdict of
  ``CsrfViewMiddleware.process_view`` (or of the ``requires_csrf_token``/``ensure_csrf_cookie``
  decorators) on a request, with the CSRF settings, and the reason of a rejection;
- ``middleware-call``, ``middleware-request`` (``.../middleware.json``): a whole call of
  ``SecurityMiddleware``, ``XFrameOptionsMiddleware``, ``ConditionalGetMiddleware``,
  ``GZipMiddleware`` or ``CommonMiddleware`` (with the resolver's answers to ``is_valid_path``)
  (request,
  settings, the inner response and the returned one), or ``SecurityMiddleware.process_request``
  alone;
- ``session-encode``, ``session-decode`` (``packages/contrib-sessions/test/django/
  sessions.json``): ``SessionBase.encode``/``decode`` of the database backends.

Cases are deduplicated on their input; a value with no faithful JSON form (a generator, a mock,
a stream Django reads in pieces) makes the case not portable, kept with the reason. Random
tokens and keys are drawn from a generator seeded per test and the clock starts at the same
second in each test, so two harvests write the same files. Each package's
``test/django-*.test.ts`` replays its file with no Python. See ``conformance/README.md``.
"""

import functools
import hashlib
import io
import json
import os
import random
import secrets
import sys
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import django_harness as harness  # noqa: E402

# This file is named after the area, as the others are; it must not shadow the standard
# library's `http` package, which Django imports.
sys.path[:] = [p for p in sys.path if os.path.abspath(p or '.') != HERE]

harness.stable_hashes()
TESTS = harness.tests_dir()
runtests = harness.import_runtests(TESTS)

from django.conf import settings  # noqa: E402
from django.core import signing  # noqa: E402
from django.utils import crypto  # noqa: E402
from django.core.handlers.wsgi import WSGIRequest  # noqa: E402
from django.http import (  # noqa: E402
    HttpRequest, HttpResponse, HttpResponsePermanentRedirect,
    HttpResponseRedirect, JsonResponse, QueryDict, cookie,
    response as response_module,
)
from django.http.response import HttpResponseBase, ResponseHeaders  # noqa: E402
from django.test.client import FakePayload  # noqa: E402

OUT = 'packages/request/test/django/http.json'
CSRF_OUT = 'packages/middleware/test/django/csrf.json'
LABELS = ['httpwrappers', 'requests', 'signing', 'csrf_tests', 'middleware', 'sessions_tests']
SOURCES = ['tests/%s' % label for label in LABELS]

# The settings that shape what the request and response classes answer.
REQUEST_SETTINGS = (
    'ALLOWED_HOSTS', 'DEBUG', 'USE_X_FORWARDED_HOST', 'USE_X_FORWARDED_PORT',
    'SECURE_PROXY_SSL_HEADER', 'FORCE_SCRIPT_NAME', 'DEFAULT_CHARSET',
    'DATA_UPLOAD_MAX_MEMORY_SIZE', 'DATA_UPLOAD_MAX_NUMBER_FIELDS',
)


class State:
    depth = 0  # > 0 while a recorded call runs (nested calls are part of it)
    middleware = 0  # > 0 while a recorded middleware call runs
    test = None  # the running test's id
    recording = True


state = State()
cases = {}  # id -> case, in the order first recorded


def settings_env():
    env = {}
    for name in REQUEST_SETTINGS:
        value = getattr(settings, name)
        env[name] = list(value) if isinstance(value, (list, tuple)) else value
    return env


def add_case(kind, inputs, outcome, store=None):
    """Stores a case once per distinct input; ``outcome`` is {'out': …} or {'error': …}."""
    store = cases if store is None else store
    try:
        encoded = {k: harness.encode(v) for k, v in inputs.items()}
        result = dict(outcome)
        if 'out' in result:
            result['out'] = harness.encode(result['out'])
    except harness.NotPortable as why:
        encoded = {k: safe_encode(v) for k, v in inputs.items()}
        result = {'notPortable': str(why)}
    # The clock is left out of the id, so a case keeps its id from one harvest to the next.
    identity = {k: v for k, v in encoded.items() if k != 'now'}
    key = json.dumps([kind, identity], sort_keys=True, ensure_ascii=True, default=str)
    cid = '%s:%s' % (kind, hashlib.sha1(key.encode()).hexdigest()[:10])
    if cid in store:
        return
    case = {'id': cid, 'kind': kind}
    case.update(encoded)
    if 'notPortable' in encoded:
        result = {}
    if 'notPortable' in result:
        # What Django answered is not replayed; it may hold the clock or random keys.
        result = {'notPortable': result['notPortable']}
    case.update(result)
    case['source'] = test_source()
    store[cid] = case


def safe_encode(value):
    try:
        return harness.encode(value)
    except harness.NotPortable:
        # Its class only: a repr may hold random or clock-dependent parts (a uuid4).
        return '<%s>' % type(value).__name__


def test_source():
    if not state.test:
        return 'tests'
    parts = state.test.split('.')
    return 'tests/%s.py::%s' % ('/'.join(parts[:-2]), '.'.join(parts[-2:]))


def outcome_of(fn):
    try:
        return {'out': fn()}
    except Exception as error:  # noqa: BLE001 - recorded
        return {'error': harness.error_name(error)}


def recorded(kind, inputs_of, result_of=None, freeze=False):
    """Decorates a method or function: records the outermost call with ``inputs_of(*args)``
    as its inputs and ``result_of(result, *args)`` (default the result) as its output. With
    ``freeze``, ``time.time`` is fixed to its value at the call while it runs (as Django's
    ``freeze_time`` does), so the ``now`` the inputs record is the clock the call read."""
    def decorate(original):
        @functools.wraps(original)
        def hook(*args, **kwargs):
            if state.depth or not state.recording or not state.test:
                return original(*args, **kwargs)
            real = time.time
            if freeze:
                now = real()
                time.time = lambda: now
            try:
                return record(args, kwargs)
            finally:
                time.time = real

        def record(args, kwargs):
            try:
                inputs = inputs_of(*args, **kwargs)
            except harness.NotPortable as why:
                inputs = {'notPortable': str(why)}
            state.depth += 1
            try:
                result = original(*args, **kwargs)
            except Exception as error:
                state.depth -= 1
                if inputs is not None:
                    add_case(kind, inputs, {'error': harness.error_name(error)})
                raise
            state.depth -= 1
            if inputs is not None:
                try:
                    out = result_of(result, *args, **kwargs) if result_of else result
                    add_case(kind, inputs, {'out': out})
                except harness.NotPortable as why:
                    add_case(kind, inputs, {'notPortable': str(why)})
            return result
        return hook
    return decorate


def patch(owner, name, kind, inputs_of, result_of=None, freeze=False):
    setattr(owner, name, recorded(kind, inputs_of, result_of, freeze)(getattr(owner, name)))


# ---------------------------------------------------------------------------------------------
# Requests

def body_of(stream):
    """The bytes of a request's input without consuming it, or NotPortable."""
    if isinstance(stream, FakePayload):
        return stream._FakePayload__content.getvalue()
    if type(stream) is io.BytesIO:
        return stream.getvalue()
    raise harness.NotPortable('an input stream of class %s' % type(stream).__name__)


def is_meta_value(value):
    """Strings, and the integers tests give as CONTENT_LENGTH or SERVER_PORT."""
    return isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool))


def portable_environ(environ):
    """The environ's string values, and its body as bytes under 'wsgi.input'."""
    meta = {k: v for k, v in environ.items() if is_meta_value(v)}
    if 'wsgi.input' in environ:
        meta['wsgi.input'] = body_of(environ['wsgi.input'])
    return meta


def fresh_request(meta):
    environ = dict(meta)
    environ['wsgi.input'] = io.BytesIO(meta.get('wsgi.input', b''))
    return original_wsgi_init_request(environ)


def original_wsgi_init_request(environ):
    request = WSGIRequest.__new__(WSGIRequest)
    original_wsgi_init(request, environ)
    return request


def files_of(request):
    out = []
    for field, files in request.FILES.lists():
        for f in files:
            out.append([field, f.name, f.content_type, f.read()])
    return out


def parse_snapshot(meta):
    """What Django parses from a request with this environ, each field on its own."""
    state.depth += 1
    try:
        snapshot = {}
        request = outcome_of(lambda: fresh_request(meta))
        if 'error' in request:
            return {'init': request}
        request = request['out']
        for name, get in (
            ('path_info', lambda r: r.path_info),
            ('path', lambda r: r.path),
            ('method', lambda r: r.method),
            ('content_type', lambda r: r.content_type),
            ('content_params', lambda r: dict(r.content_params)),
            ('encoding', lambda r: r.encoding),
            ('GET', lambda r: [[k, v] for k, v in r.GET.lists()]),
            ('COOKIES', lambda r: r.COOKIES),
        ):
            snapshot[name] = outcome_of(lambda: get(request))
        posted = fresh_request(meta)
        snapshot['POST'] = outcome_of(lambda: [[k, v] for k, v in posted.POST.lists()])
        if 'out' in snapshot['POST']:
            snapshot['FILES'] = outcome_of(lambda: files_of(posted))
        snapshot['body'] = outcome_of(lambda: fresh_request(meta).body)
        return snapshot
    finally:
        state.depth -= 1


original_wsgi_init = WSGIRequest.__init__


def recording_wsgi_init(self, environ):
    record = state.recording and state.test and not state.depth
    meta = None
    if record:
        try:
            meta = portable_environ(environ)
        except harness.NotPortable as why:
            add_case('request', {'environ': {k: v for k, v in environ.items()
                                             if isinstance(v, str)}},
                     {'notPortable': str(why)})
    original_wsgi_init(self, environ)
    self._harvest_environ = meta
    if meta is not None:
        inputs = {'environ': meta, 'settings': settings_env()}
        add_case('request', inputs, {'out': parse_snapshot(meta)})


WSGIRequest.__init__ = recording_wsgi_init


def current_environ(request):
    """A WSGIRequest's environ as it is now: tests change ``request.META`` (the environ itself)
    after building the request. The body and the raw PATH_INFO/SCRIPT_NAME (which
    ``WSGIRequest.__init__`` replaces with decoded text) are taken from the copy made then."""
    environ = getattr(request, '_harvest_environ', None)
    if environ is None:
        return None
    current = {k: v for k, v in request.META.items()
               if is_meta_value(v) and k not in ('PATH_INFO', 'SCRIPT_NAME', 'CSRF_COOKIE')}
    merged = {k: v for k, v in environ.items()
              if k in ('PATH_INFO', 'SCRIPT_NAME', 'wsgi.input') or k in current}
    merged.update(current)
    return merged


REQUEST_METHODS = ('get_host', 'get_port', 'is_secure', 'get_full_path', 'get_full_path_info',
                   'build_absolute_uri', '_get_scheme', '_current_scheme_host')


def request_inputs(self, *args, **kwargs):
    replaced = [name for name in REQUEST_METHODS if name in vars(self)]
    if replaced:
        raise harness.NotPortable('the test replaced %s on the request' % ', '.join(replaced))
    environ = current_environ(self)
    if environ is None:
        if isinstance(self, WSGIRequest):
            raise harness.NotPortable('a WSGIRequest whose environ was not portable')
        environ = {k: v for k, v in self.META.items() if is_meta_value(v)}
    return {
        'environ': environ,
        'attrs': {'path': self.path, 'path_info': self.path_info, 'method': self.method},
        'args': list(args), 'kwargs': kwargs, 'settings': settings_env(),
    }


def request_call(name):
    def inputs(self, *args, **kwargs):
        result = request_inputs(self, *args, **kwargs)
        result['call'] = name
        return result
    patch(HttpRequest, name, 'request-call', inputs)


for method in REQUEST_METHODS[:6]:
    request_call(method)


def querydict_inputs(self, query_string=None, mutable=False, encoding=None):
    return {'query': query_string, 'encoding': encoding, 'mutable': mutable,
            'settings': {'DEFAULT_CHARSET': settings.DEFAULT_CHARSET,
                         'DATA_UPLOAD_MAX_NUMBER_FIELDS': settings.DATA_UPLOAD_MAX_NUMBER_FIELDS}}


patch(QueryDict, '__init__', 'querydict', querydict_inputs,
      lambda result, self, *a, **k: [[key, values] for key, values in self.lists()])
patch(QueryDict, 'urlencode', 'querydict-urlencode',
      lambda self, safe=None: {'lists': [[k, v] for k, v in self.lists()],
                               'encoding': self.encoding, 'safe': safe})
patch(cookie, 'parse_cookie', 'parse-cookie', lambda value: {'cookie': value})
# The names the tests and the WSGI handler import it under.
import django.http  # noqa: E402
import django.core.handlers.wsgi as wsgi_module  # noqa: E402

django.http.parse_cookie = wsgi_module.parse_cookie = cookie.parse_cookie

# ---------------------------------------------------------------------------------------------
# Responses


def header_inputs(self, key, value):
    return {'name': key, 'value': value}


patch(ResponseHeaders, '__setitem__', 'header', header_inputs,
      lambda result, self, key, value: list(self._store[key.lower()])
      if isinstance(key, str) else list(self._store[key.decode('ascii').lower()]))


def response_state(response):
    return {
        'status': response.status_code,
        'reason': response.reason_phrase,
        'charset': response.charset,
        'headers': [[k, v] for k, v in response.items()],
        'content': response.content,
    }


def response_inputs(self, content=b'', *args, **kwargs):
    if type(self) is not HttpResponse:
        return None
    if args:
        raise harness.NotPortable('positional options')
    if not isinstance(content, (str, bytes, int)) and type(content) is not list:
        raise harness.NotPortable('content of class %s' % type(content).__name__)
    return {'content': content, 'options': kwargs}


patch(HttpResponse, '__init__', 'response', response_inputs,
      lambda result, self, *a, **k: response_state(self))


def redirect_inputs(self, redirect_to, *args, **kwargs):
    if type(self) not in (HttpResponseRedirect, HttpResponsePermanentRedirect):
        return None
    if args or kwargs:
        raise harness.NotPortable('redirect options')
    return {'cls': type(self).__name__, 'url': redirect_to}


patch(response_module.HttpResponseRedirectBase, '__init__', 'redirect', redirect_inputs,
      lambda result, self, *a, **k: {'status': self.status_code, 'location': self['Location']})


def json_inputs(self, data, encoder=None, safe=True, json_dumps_params=None, **kwargs):
    if encoder not in (None,) and encoder.__name__ != 'DjangoJSONEncoder':
        raise harness.NotPortable('a custom JSON encoder')
    if kwargs:
        raise harness.NotPortable('response options')
    return {'data': data, 'safe': safe, 'params': json_dumps_params}


patch(JsonResponse, '__init__', 'json-response', json_inputs,
      lambda result, self, *a, **k: {'content': self.content.decode(),
                                      'contentType': self['Content-Type']})


def cookie_inputs(self, key, value='', max_age=None, expires=None, path='/', domain=None,
                  secure=False, httponly=False, samesite=None):
    if max_age is not None or not (expires is None or isinstance(expires, str)):
        raise harness.NotPortable('an expiry that depends on the clock')
    options = {'max_age': max_age, 'expires': expires, 'path': path, 'domain': domain,
               'secure': secure, 'httponly': httponly, 'samesite': samesite}
    return {'key': key, 'value': value, 'options': options}


patch(HttpResponseBase, 'set_cookie', 'set-cookie', cookie_inputs,
      lambda result, self, key, *a, **k: self.cookies[key].OutputString())

# ---------------------------------------------------------------------------------------------
# Signing


def signer_inputs(self, value, *args, **kwargs):
    if not isinstance(value, str):
        raise harness.NotPortable('a value of class %s' % type(value).__name__)
    if 'max_age' in kwargs and not isinstance(kwargs['max_age'], (int, float, type(None))):
        raise harness.NotPortable('a timedelta max_age')
    return {'cls': type(self).__name__, 'key': self.key, 'sep': self.sep, 'salt': self.salt,
            'algorithm': self.algorithm, 'value': value, 'kwargs': kwargs,
            'now': time.time()}


patch(signing.Signer, 'sign', 'sign', signer_inputs, freeze=True)
patch(signing.Signer, 'unsign', 'unsign', signer_inputs, freeze=True)
patch(signing.TimestampSigner, 'sign', 'sign', signer_inputs, freeze=True)
patch(signing.TimestampSigner, 'unsign', 'unsign', signer_inputs, freeze=True)


def dumps_inputs(obj, key=None, salt='django.core.signing', serializer=signing.JSONSerializer,
                 compress=False):
    if serializer is not signing.JSONSerializer:
        raise harness.NotPortable('a serializer other than JSON')
    return {'obj': obj, 'key': key or settings.SECRET_KEY, 'salt': salt, 'compress': compress,
            'now': time.time()}


def loads_inputs(s, key=None, salt='django.core.signing', serializer=signing.JSONSerializer,
                 max_age=None):
    if serializer is not signing.JSONSerializer:
        raise harness.NotPortable('a serializer other than JSON')
    if not isinstance(max_age, (int, float, type(None))):
        raise harness.NotPortable('a timedelta max_age')
    return {'s': s, 'key': key or settings.SECRET_KEY, 'salt': salt, 'max_age': max_age,
            'now': time.time()}


patch(signing, 'dumps', 'dumps', dumps_inputs, freeze=True)
patch(signing, 'loads', 'loads', loads_inputs, freeze=True)

# ---------------------------------------------------------------------------------------------
# CSRF: CsrfViewMiddleware.process_view's verdict on a request (packages/middleware)

from django.middleware.csrf import CsrfViewMiddleware  # noqa: E402

CSRF_SETTINGS = (
    'CSRF_COOKIE_NAME', 'CSRF_HEADER_NAME', 'CSRF_TRUSTED_ORIGINS', 'CSRF_USE_SESSIONS',
    'CSRF_COOKIE_DOMAIN', 'SESSION_COOKIE_DOMAIN', 'ALLOWED_HOSTS', 'DEBUG',
    'USE_X_FORWARDED_HOST', 'USE_X_FORWARDED_PORT', 'SECURE_PROXY_SSL_HEADER',
)
csrf_cases = {}
csrf_state = {'reason': None}


# The middleware and the two decorators made from its subclasses (which let the view run).
CSRF_CLASSES = {
    'CsrfViewMiddleware': 'CsrfViewMiddleware',
    '_EnsureCsrfToken': 'requires_csrf_token',
    '_EnsureCsrfCookie': 'ensure_csrf_cookie',
}


def csrf_inputs(middleware, request, callback):
    name = type(middleware).__name__
    if type(middleware).__module__ not in ('django.middleware.csrf', 'django.views.decorators.csrf'):
        raise harness.NotPortable('a CsrfViewMiddleware subclass of the tests (%s)' % name)
    inputs = {
        'middleware': CSRF_CLASSES[name],
        'method': request.method,
        'secure': request.is_secure(),
        'exempt': bool(getattr(callback, 'csrf_exempt', False)),
        'processingDone': bool(getattr(request, 'csrf_processing_done', False)),
        'dontEnforce': bool(getattr(request, '_dont_enforce_csrf_checks', False)),
        'settings': {name: list(getattr(settings, name))
                     if isinstance(getattr(settings, name), (list, tuple))
                     else getattr(settings, name) for name in CSRF_SETTINGS},
    }
    if isinstance(request, WSGIRequest):
        environ = current_environ(request)
        if environ is None:
            raise harness.NotPortable('a WSGIRequest whose environ was not portable')
        inputs['environ'] = environ
    else:
        inputs['environ'] = {k: v for k, v in request.META.items() if is_meta_value(v)}
        try:
            inputs['post'] = [[k, v] for k, v in request.POST.lists()]
        except OSError:
            raise harness.NotPortable('a request whose POST fails to read on purpose')
        inputs['cookies'] = dict(request.COOKIES)
    if settings.CSRF_USE_SESSIONS:
        session = getattr(request, 'session', None)
        if session is None:
            inputs['session'] = None
        else:
            inputs['session'] = {'_csrftoken': session.get('_csrftoken')}
    return inputs


original_process_view = CsrfViewMiddleware.process_view
original_reject = CsrfViewMiddleware._reject


def recording_reject(self, request, reason):
    csrf_state['reason'] = reason
    return original_reject(self, request, reason)


def recording_process_view(self, request, callback, callback_args, callback_kwargs):
    if not state.recording or not state.test:
        return original_process_view(self, request, callback, callback_args, callback_kwargs)
    try:
        inputs = csrf_inputs(self, request, callback)
        why = None
    except harness.NotPortable as error:
        inputs, why = {}, str(error)
    csrf_state['reason'] = None
    state.depth += 1
    try:
        result = original_process_view(self, request, callback, callback_args, callback_kwargs)
    finally:
        state.depth -= 1
    if why:
        outcome = {'notPortable': why}
    elif result is None:
        outcome = {'out': {'accepted': True}}
    else:
        outcome = {'out': {'accepted': False, 'status': result.status_code,
                           'reason': csrf_state['reason']}}
    add_case('csrf', inputs, outcome, store=csrf_cases)
    return result


CsrfViewMiddleware._reject = recording_reject
CsrfViewMiddleware.process_view = recording_process_view

# ---------------------------------------------------------------------------------------------
# Security, X-Frame-Options and conditional GET middleware: a whole call, request and response
# (packages/middleware)

from django.middleware import common as common_module  # noqa: E402
from django.middleware.common import CommonMiddleware  # noqa: E402
from django.middleware.gzip import GZipMiddleware  # noqa: E402
from django.middleware.http import ConditionalGetMiddleware  # noqa: E402
from django.middleware.clickjacking import XFrameOptionsMiddleware  # noqa: E402
from django.middleware.security import SecurityMiddleware  # noqa: E402
from django.utils.deprecation import MiddlewareMixin  # noqa: E402

MIDDLEWARE_OUT = 'packages/middleware/test/django/middleware.json'
MIDDLEWARE_SETTINGS = {
    'SecurityMiddleware': (
        'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_HSTS_PRELOAD',
        'SECURE_CONTENT_TYPE_NOSNIFF', 'SECURE_BROWSER_XSS_FILTER', 'SECURE_SSL_REDIRECT',
        'SECURE_SSL_HOST', 'SECURE_REDIRECT_EXEMPT', 'SECURE_REFERRER_POLICY'),
    'XFrameOptionsMiddleware': ('X_FRAME_OPTIONS',),
    'ConditionalGetMiddleware': (),
    'GZipMiddleware': (),
    'CommonMiddleware': ('APPEND_SLASH', 'PREPEND_WWW', 'DISALLOWED_USER_AGENTS'),
}
MIDDLEWARE_CLASSES = (SecurityMiddleware, XFrameOptionsMiddleware, ConditionalGetMiddleware,
                      GZipMiddleware, CommonMiddleware)
# The resolver answers CommonMiddleware asked for during the call (path -> valid), which the
# replay gives Stack's CommonMiddleware as its isValidPath.
valid_paths = []
original_is_valid_path = common_module.is_valid_path


def recording_is_valid_path(path, urlconf=None):
    result = original_is_valid_path(path, urlconf)
    # Whether it resolves, and whether its view allows the slash redirect (no_append_slash).
    append = bool(result) and getattr(result.func, 'should_append_slash', True)
    valid_paths.append([path, bool(result), append])
    return result


common_module.is_valid_path = recording_is_valid_path
middleware_cases = {}


def response_snapshot(response):
    if response is None:
        return None
    if response.streaming or type(response).__module__ != 'django.http.response':
        raise harness.NotPortable('a response of class %s' % type(response).__name__)
    state_of = {'cls': type(response).__name__, 'status': response.status_code,
                'headers': [[k, v] for k, v in response.items()], 'content': response.content}
    if getattr(response, 'xframe_options_exempt', False):
        state_of['xframeOptionsExempt'] = True
    return state_of


def middleware_inputs(self, request):
    if type(self) not in MIDDLEWARE_CLASSES:
        raise harness.NotPortable('a middleware class of the tests')
    if isinstance(request, WSGIRequest):
        environ = current_environ(request)
        if environ is None:
            raise harness.NotPortable('a request not built from a portable environ')
        environ['REQUEST_METHOD'] = request.method  # tests set request.method afterwards
    elif type(request) is HttpRequest:
        # A bare HttpRequest(): its META (often empty) stands for the environ.
        environ = {k: v for k, v in request.META.items() if is_meta_value(v)}
        if request.method:
            environ['REQUEST_METHOD'] = request.method
    else:
        raise harness.NotPortable('a request of class %s' % type(request).__name__)
    name = type(self).__name__
    settings_of = {}
    for key in MIDDLEWARE_SETTINGS[name] + ('ALLOWED_HOSTS', 'DEBUG'):
        value = getattr(settings, key, None)  # a test may delete one: None, the default
        if key == 'DISALLOWED_USER_AGENTS':
            value = [regex.pattern for regex in value]
        settings_of[key] = list(value) if isinstance(value, (list, tuple)) else value
    return {'middleware': name, 'environ': environ, 'settings': settings_of}


def record_middleware(call, kind):
    def hook(self, request):
        if (type(self) not in MIDDLEWARE_CLASSES or state.depth or state.middleware
                or not state.recording or not state.test):
            return call(self, request)
        try:
            inputs, why = middleware_inputs(self, request), None
        except harness.NotPortable as error:
            inputs, why = {}, str(error)
        inner = {}
        original_get_response = self.get_response

        def get_response(req):
            response = original_get_response(req)
            try:
                inner['response'] = response_snapshot(response)
            except harness.NotPortable as error:
                inner['why'] = str(error)
            return response

        self.get_response = get_response
        # Only nested middleware calls are left out: the requests and responses the call makes
        # are still recorded for @stack/request.
        state.middleware += 1
        del valid_paths[:]
        error = None
        try:
            result = call(self, request)
        except Exception as raised:  # noqa: BLE001 - recorded, then re-raised
            error = raised
        finally:
            state.middleware -= 1
            self.get_response = original_get_response
        if not why:
            why = inner.get('why')
        if not why:
            try:
                inputs['response'] = inner.get('response')
                if valid_paths:
                    inputs['validPaths'] = [list(p) for p in valid_paths]
                outcome = ({'error': harness.error_name(error)} if error is not None
                           else {'out': response_snapshot(result)})
            except harness.NotPortable as problem:
                why = str(problem)
        add_case(kind, inputs, {'notPortable': why} if why else outcome, store=middleware_cases)
        if error is not None:
            raise error
        return result
    return hook


MiddlewareMixin.__call__ = record_middleware(MiddlewareMixin.__call__, 'middleware-call')
SecurityMiddleware.process_request = record_middleware(SecurityMiddleware.process_request,
                                                       'middleware-request')
CommonMiddleware.process_request = record_middleware(CommonMiddleware.process_request,
                                                     'middleware-request')

# ---------------------------------------------------------------------------------------------
# Sessions: SessionBase.encode/decode of the database backends (packages/contrib-sessions)

from django.contrib.sessions.backends.base import SessionBase  # noqa: E402
from django.contrib.sessions.serializers import JSONSerializer  # noqa: E402

SESSIONS_OUT = 'packages/contrib-sessions/test/django/sessions.json'
session_cases = {}


def session_inputs(self, value):
    if self.serializer is not JSONSerializer:
        raise harness.NotPortable('a serializer other than JSON')
    if self.key_salt != 'django.contrib.sessions.SessionStore':
        raise harness.NotPortable('a session class of the tests (salt %s)' % self.key_salt)
    return {'data': value, 'key': settings.SECRET_KEY,
            'hashing': settings.DEFAULT_HASHING_ALGORITHM, 'now': time.time()}


def patch_session(name, kind):
    original = getattr(SessionBase, name)

    @functools.wraps(original)
    def hook(self, value):
        if state.depth or not state.recording or not state.test:
            return original(self, value)
        try:
            inputs, why = session_inputs(self, value), None
        except harness.NotPortable as error:
            inputs, why = {}, str(error)
        state.depth += 1
        try:
            result = original(self, value)
        finally:
            state.depth -= 1
        add_case(kind, inputs, {'notPortable': why} if why else {'out': result},
                 store=session_cases)
        return result

    setattr(SessionBase, name, hook)


patch_session('encode', 'session-encode')
patch_session('decode', 'session-decode')

# ---------------------------------------------------------------------------------------------

original_run = unittest.TestCase.run


# Tests sign with the clock and draw random tokens and session keys. A clock that starts at
# the same second in every test (a test's own freeze_time still wins) and a seeded generator behind get_random_string make every
# signature, token and key, and so every case and id, the same on every harvest.
FIXED_CLOCK = 1700000000.0


class SeededChoice:
    """Stands for the `secrets` module in django.utils.crypto: seeded per test."""

    def __init__(self):
        self.random = random.Random(0)

    def choice(self, seq):
        return self.random.choice(seq)

    def __getattr__(self, name):
        # compare_digest and the rest stay the real module's.
        return getattr(secrets, name)


seeded = SeededChoice()
crypto.secrets = seeded


def recording_run(self, result=None):
    state.test = self.id()
    real = time.time
    start = real()
    # The clock runs from FIXED_CLOCK at the start of each test, in whole seconds (so expiries
    # still pass, and a test shorter than a second always reads the same time).
    time.time = lambda: FIXED_CLOCK + int(real() - start)
    seeded.random.seed(state.test)
    random.seed(state.test)  # the tests' own random content (GZipMiddlewareTest)
    try:
        return original_run(self, result)
    finally:
        time.time = real
        state.test = None


unittest.TestCase.run = recording_run


def main():
    # Test modules draw random content when they are imported (GZipMiddlewareTest's
    # incompressible string): seeded too, before they are.
    random.seed(0)
    failures = harness.run_tests(runtests, LABELS)
    state.recording = False
    if failures:
        print('harvest: %d of Django\'s tests failed under the hooks' % failures, file=sys.stderr)
    data = list(cases.values())
    harness.write_cases(OUT, SOURCES, data)
    harness.write_cases(CSRF_OUT, ['tests/csrf_tests', 'tests/middleware'],
                        list(csrf_cases.values()))
    harness.write_cases(MIDDLEWARE_OUT, ['tests/middleware'], list(middleware_cases.values()))
    data = data + list(middleware_cases.values())
    harness.write_cases(SESSIONS_OUT, ['tests/sessions_tests'], list(session_cases.values()))
    data = data + list(csrf_cases.values()) + list(session_cases.values())
    kinds = {}
    for case in data:
        total, portable = kinds.get(case['kind'], (0, 0))
        kinds[case['kind']] = (total + 1, portable + ('notPortable' not in case))
    for kind, (total, portable) in sorted(kinds.items()):
        print('%-20s %5d cases, %5d portable' % (kind, total, portable))
    print('%-20s %5d cases' % ('all', len(data)))


if __name__ == '__main__':
    main()
