"""Shared machinery for harvesting conformance cases from Django's own test suite.

Each area's script (``templates.py``, ``utils.py``, ...) imports this module, installs its
recording hooks, runs a selection of Django's tests with real Django through Django's own
``runtests.py``, and writes what it recorded with ``write_cases``. The JSON encoding of Python
values (``encode``) is shared, so every replay test on the TypeScript side can decode values
with one helper.

Run the scripts with the system Python that has Django 3.2 (``/usr/bin/python3``); the test
suite is found in ``$DJANGO_TESTS`` or the first command-line argument.
"""

import datetime
import decimal
import json
import os
import sys
from collections import OrderedDict

DEFAULT_TESTS = '/work/django-src/Django-3.2.25/tests'
REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))


def tests_dir(argv=None):
    """The Django ``tests/`` folder: first argument, else ``$DJANGO_TESTS``, else the default."""
    argv = sys.argv[1:] if argv is None else argv
    path = argv[0] if argv else os.environ.get('DJANGO_TESTS', DEFAULT_TESTS)
    path = os.path.abspath(path)
    if not os.path.isfile(os.path.join(path, 'runtests.py')):
        sys.exit('No runtests.py in %s: pass the path of Django\'s tests/ folder' % path)
    return path


def stable_hashes():
    """Re-runs this script with PYTHONHASHSEED=0 so set iteration orders (and so the data) are
    the same on every harvest."""
    if os.environ.get('PYTHONHASHSEED') != '0':
        os.environ['PYTHONHASHSEED'] = '0'
        os.execv(sys.executable, [sys.executable] + sys.argv)


def import_runtests(path):
    """Imports Django's ``runtests`` module from the test suite (settings: ``test_sqlite``)."""
    os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'test_sqlite')
    sys.path.insert(0, path)
    os.chdir(path)
    import runtests  # noqa: E402 (the test suite's own runner)

    import django

    if django.VERSION[:2] != (3, 2):
        sys.exit('Django 3.2 is needed (found %s): use /usr/bin/python3' % django.__version__)
    return runtests


def run_tests(runtests, labels):
    """Runs Django's tests for ``labels`` in this process; returns the number of failures."""
    return runtests.django_tests(
        verbosity=0, interactive=False, failfast=False, keepdb=False, reverse=False,
        test_labels=labels, debug_sql=False, parallel=1, tags=None, exclude_tags=None,
        test_name_patterns=None, start_at=None, start_after=None, pdb=False, buffer=False,
        timing=False,
    )


class NotPortable(Exception):
    """A value that has no faithful JSON form; the case is kept and marked with the reason."""


# Classes of the test suite that the TypeScript replay rebuilds as fixture classes, by
# ``module.QualName``; an area's script adds its own with ``register_fixture_class``.
FIXTURE_CLASSES = {}


def register_fixture_class(cls, encode_state=None, name=None):
    """Declares that the replay knows ``cls``: instances encode as ``{"$": "obj", "class": name}``
    with ``state`` from ``encode_state(instance)`` (default: the instance ``__dict__``)."""
    FIXTURE_CLASSES[cls] = (name or '%s.%s' % (cls.__module__, cls.__qualname__), encode_state)


def _float(value):
    if value != value:
        return {'$': 'float', 'v': 'nan'}
    if value in (float('inf'), float('-inf')):
        return {'$': 'float', 'v': 'inf' if value > 0 else '-inf'}
    if value == int(value):
        # JSON (and JavaScript) cannot tell 1.0 from 1; Python prints them differently.
        return {'$': 'float', 'v': value}
    return value


def _tz(value):
    tz = value.tzinfo
    if tz is None:
        return None
    key = getattr(tz, 'zone', None) or getattr(tz, 'key', None)
    offset = value.utcoffset()
    return {'name': key or tz.tzname(value), 'offset': offset.total_seconds() / 60}


def encode(value, seen=None):
    """A JSON form of a Python value, tagged with ``$`` where JSON has no such type.

    Raises NotPortable for values without a faithful form (an unknown class with behaviour, a
    function, a generator)."""
    from django.utils.functional import Promise
    from django.utils.safestring import SafeData

    seen = seen or set()
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, SafeData) and isinstance(value, str):
        return {'$': 'safe', 'v': str(value)}
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        if type(value) is not int:
            raise NotPortable('an int subclass (%s)' % type(value).__name__)
        if abs(value) > 2 ** 53:
            return {'$': 'int', 'v': str(value)}
        return value
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, decimal.Decimal):
        return {'$': 'decimal', 'v': str(value)}
    if isinstance(value, Promise):
        return {'$': 'lazy', 'v': encode(value._proxy____cast(), seen)}
    if isinstance(value, datetime.datetime):
        return {'$': 'datetime', 'v': value.replace(tzinfo=None).isoformat(), 'tz': _tz(value)}
    if isinstance(value, datetime.date):
        return {'$': 'date', 'v': value.isoformat()}
    if isinstance(value, datetime.time):
        return {'$': 'time', 'v': value.isoformat()}
    if isinstance(value, datetime.timedelta):
        raise NotPortable('a timedelta')
    if isinstance(value, bytes):
        return {'$': 'bytes', 'v': list(value)}
    if id(value) in seen:
        raise NotPortable('a self-referencing structure')
    seen = seen | {id(value)}
    if type(value) is list:
        return [encode(v, seen) for v in value]
    if type(value) is tuple:
        return {'$': 'tuple', 'v': [encode(v, seen) for v in value]}
    if type(value) in (set, frozenset):
        # In Python's iteration order (PYTHONHASHSEED is fixed, see stable_hashes), which the
        # replay's Set keeps as its insertion order.
        return {'$': type(value).__name__, 'v': [encode(v, seen) for v in value]}
    if type(value) in (dict, OrderedDict):
        if all(isinstance(k, str) for k in value) and '$' not in value:
            return {k: encode(v, seen) for k, v in value.items()}
        return {'$': 'dict', 'v': [[encode(k, seen), encode(v, seen)] for k, v in value.items()]}
    cls = type(value)
    if cls in FIXTURE_CLASSES:
        name, encode_state = FIXTURE_CLASSES[cls]
        state = encode_state(value) if encode_state else vars(value)
        return {'$': 'obj', 'class': name, 'state': encode(state, seen)}
    if isinstance(value, type) and value in FIXTURE_CLASSES:
        return {'$': 'class', 'class': FIXTURE_CLASSES[value][0]}
    if isinstance(value, BaseException):
        raise NotPortable('an exception instance (%s)' % cls.__name__)
    if callable(value):
        raise NotPortable('a callable (%s)' % getattr(value, '__qualname__', cls.__name__))
    raise NotPortable('an instance of %s.%s' % (cls.__module__, cls.__qualname__))


def error_name(error):
    """How a replay names an exception: the class name (``TemplateSyntaxError``)."""
    return type(error).__name__


def write_cases(relative_path, source, cases, extra=None):
    """Writes ``{"django": version, "source": [...], "cases": [...]}`` under the repository."""
    import django

    path = os.path.join(REPO_ROOT, relative_path)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    data = OrderedDict([('django', django.get_version()), ('source', source)])
    if extra:
        data.update(extra)
    data['cases'] = cases
    with open(path, 'w', encoding='utf-8') as f:
        json.dump(data, f, ensure_ascii=False, indent=1, sort_keys=False)
        f.write('\n')
    return path
