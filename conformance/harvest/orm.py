"""Harvests Django 3.2's answers to ORM operations, for @stack/orm's differential test.

One schema (a blog: categories with parents, authors with profiles, posts with tags and likes,
comments, prices) and one fixture are defined here; every operation in ``orm_cases.py`` runs through
real Django on SQLite (a file in a temporary folder) and on PostgreSQL (psycopg2, Debian's
``python3-psycopg2``; the server is ``$STACK_TEST_POSTGRES_URL`` or the first argument), and the
answers are written with the fixture and the operations themselves to
``packages/orm/test/django/orm.json``. ``packages/orm/test/django-orm.test.ts`` replays the same
operations through Stack on both databases and compares; it needs no Python.

Run: ``/usr/bin/python3 conformance/harvest/orm.py postgres://postgres@127.0.0.1:5432/postgres``
"""

import json
import os
import subprocess
import sys
import tempfile
import types
from urllib.parse import urlparse

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.abspath(os.path.join(HERE, '..', '..'))
OUT = os.path.join(REPO_ROOT, 'packages', 'orm', 'test', 'django', 'orm.json')
sys.path.insert(0, HERE)


def configure(engine, url, folder):
    import django
    from django.conf import settings

    if engine == 'sqlite':
        db = {'ENGINE': 'django.db.backends.sqlite3', 'NAME': os.path.join(folder, 'db.sqlite3')}
    else:
        u = urlparse(url)
        db = {
            'ENGINE': 'django.db.backends.postgresql',
            'NAME': (u.path or '/postgres')[1:],
            'USER': u.username or 'postgres',
            'PASSWORD': u.password or '',
            'HOST': u.hostname,
            'PORT': str(u.port or 5432),
        }
    # The models' app, `dj`, as an in-memory package: reverse relations are only computed for
    # the models of installed apps.
    app = types.ModuleType('dj')
    app.__path__ = [folder]
    sys.modules['dj'] = app
    settings.configure(
        DEBUG=False,
        USE_TZ=True,
        TIME_ZONE='UTC',
        INSTALLED_APPS=['dj'],
        DATABASES={'default': db},
        DEFAULT_AUTO_FIELD='django.db.models.BigAutoField',
    )
    django.setup()
    if django.VERSION[:2] != (3, 2):
        sys.exit('Django 3.2 is needed (found %s): use /usr/bin/python3' % django.__version__)


def harvest_one(engine, url):
    """Runs every case on one database (in this process) and prints the answers as JSON."""
    with tempfile.TemporaryDirectory(prefix='stack-harvest-') as folder:
        configure(engine, url, folder)
        from django.db import connection

        import orm_schema as schema
        import orm_cases as cases
        import orm_interpreter as interpreter

        if engine == 'postgres':
            with connection.cursor() as cursor:
                cursor.execute('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public')
        with connection.schema_editor() as editor:
            for model in schema.MODELS:
                editor.create_model(model)
        fixture = schema.load_fixture()
        answers = {case['id']: interpreter.run_case(case) for case in cases.CASES}
        json.dump({'fixture': fixture, 'answers': answers}, sys.stdout, default=str)


def main():
    if len(sys.argv) > 2 and sys.argv[1] == '--engine':
        harvest_one(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else '')
        return
    url = sys.argv[1] if len(sys.argv) > 1 else os.environ.get('STACK_TEST_POSTGRES_URL')
    if not url:
        sys.exit('Give a PostgreSQL URL (argument or $STACK_TEST_POSTGRES_URL).')
    env = dict(os.environ, PYTHONHASHSEED='0')
    results = {}
    for engine in ('sqlite', 'postgres'):
        out = subprocess.run(
            [sys.executable, __file__, '--engine', engine, url],
            check=True, capture_output=True, text=True, env=env,
        )
        results[engine] = json.loads(out.stdout)
    import orm_cases as cases

    if results['sqlite']['fixture'] != results['postgres']['fixture']:
        sys.exit('The fixture differs between the databases.')
    data = {
        'django': '3.2.25',
        'source': ['conformance/harvest/orm.py', 'conformance/harvest/orm_schema.py',
                   'conformance/harvest/orm_cases.py', 'conformance/harvest/orm_interpreter.py'],
        'fixture': results['sqlite']['fixture'],
        'cases': [
            dict(case, sqlite=results['sqlite']['answers'][case['id']],
                 postgres=results['postgres']['answers'][case['id']])
            for case in cases.CASES
        ],
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as f:
        json.dump(data, f, indent=1, sort_keys=False)
        f.write('\n')
    print('wrote %d cases to %s' % (len(data['cases']), os.path.relpath(OUT, REPO_ROOT)))


if __name__ == '__main__':
    main()
