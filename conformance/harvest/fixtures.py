"""Harvests Django 3.2's dumpdata output for packages/core/test/django/fixtures.json.

Run with Debian's Django: /usr/bin/python3 conformance/harvest/fixtures.py
It builds a throw-away app (polls: Question, Choice, and a Sample with one field of each kind),
fills it, and records what `dumpdata` writes, compact and with --indent 2. The replay test
(packages/core/test/django-fixtures.test.ts) loads these dumps into Stack and dumps them back.
"""
import datetime
import decimal
import io
import json
import os
import sys
import tempfile
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', '..', 'packages', 'core', 'test', 'django', 'fixtures.json')

MODELS = '''
from django.db import models

class Question(models.Model):
    question_text = models.CharField(max_length=200)
    pub_date = models.DateTimeField('date published')

class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE)
    choice_text = models.CharField(max_length=200)
    votes = models.IntegerField(default=0)

class Sample(models.Model):
    day = models.DateField()
    at = models.TimeField()
    price = models.DecimalField(max_digits=6, decimal_places=2)
    ratio = models.FloatField()
    flag = models.BooleanField(default=False)
    span = models.DurationField()
    token = models.UUIDField()
    note = models.TextField(null=True)
    questions = models.ManyToManyField(Question)
'''


def main():
    root = tempfile.mkdtemp(prefix='stack-harvest-')
    os.makedirs(os.path.join(root, 'polls'))
    open(os.path.join(root, 'polls', '__init__.py'), 'w').close()
    with open(os.path.join(root, 'polls', 'models.py'), 'w') as f:
        f.write(MODELS)
    sys.path.insert(0, root)
    import django
    from django.conf import settings
    settings.configure(
        INSTALLED_APPS=['polls'],
        DATABASES={'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': ':memory:'}},
        USE_TZ=True,
        TIME_ZONE='UTC',
        DEFAULT_AUTO_FIELD='django.db.models.AutoField',
    )
    django.setup()
    from django.core.management import call_command
    from polls.models import Choice, Question, Sample

    call_command('migrate', run_syncdb=True, verbosity=0)
    utc = datetime.timezone.utc
    q1 = Question.objects.create(
        question_text="What's new?", pub_date=datetime.datetime(2021, 4, 1, 12, 30, tzinfo=utc))
    q2 = Question.objects.create(
        question_text='Café, “quotes” & <tags>',
        pub_date=datetime.datetime(2021, 4, 2, 8, 0, 5, 123456, tzinfo=utc))
    Choice.objects.create(question=q1, choice_text='Not much', votes=3)
    Choice.objects.create(question=q1, choice_text='The sky', votes=0)
    Choice.objects.create(question=q2, choice_text='Just hacking again', votes=12)
    sample = Sample.objects.create(
        day=datetime.date(2020, 2, 29), at=datetime.time(23, 59, 1, 250000),
        price=decimal.Decimal('1234.50'), ratio=2.0, flag=True,
        span=datetime.timedelta(days=1, hours=2, minutes=3, seconds=4, microseconds=500000),
        token=uuid.UUID('12345678-1234-5678-1234-567812345678'), note=None)
    sample.questions.set([q1, q2])
    Sample.objects.create(
        day=datetime.date(1999, 12, 31), at=datetime.time(0, 0), price=decimal.Decimal('-0.05'),
        ratio=0.1, flag=False, span=datetime.timedelta(seconds=30),
        token=uuid.UUID('00000000-0000-0000-0000-000000000001'), note='line\nbreak')

    def dump(**options):
        out = io.StringIO()
        call_command('dumpdata', 'polls', stdout=out, **options)
        return out.getvalue()

    data = {
        'django': django.get_version(),
        'source': ['django/core/serializers/json.py', 'django/core/serializers/python.py',
                   'django/core/management/commands/dumpdata.py'],
        'cases': [
            {'name': 'compact', 'options': {}, 'dump': dump()},
            {'name': 'indent 2', 'options': {'indent': 2}, 'dump': dump(indent=2)},
        ],
    }
    with open(OUT, 'w') as f:
        json.dump(data, f, indent=2, ensure_ascii=False)
        f.write('\n')
    print('wrote', os.path.relpath(OUT))


if __name__ == '__main__':
    main()
