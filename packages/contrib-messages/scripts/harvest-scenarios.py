"""Harvests real Django 3.2's messages behaviour over requests into src/fixtures/django-scenarios.json.

Run with Debian's python3-django: python3 scripts/harvest-scenarios.py
Each scenario is a list of requests; each request a list of operations on the messages API.
src/django-scenarios.test.ts replays them through Stack's middleware and compares the results.
"""
import hashlib
import json
import os

import django
from django.conf import settings

settings.configure(
    SECRET_KEY='stack-scenarios-secret', DEBUG=False, ALLOWED_HOSTS=['testserver'],
    ROOT_URLCONF=__name__,
    INSTALLED_APPS=['django.contrib.sessions', 'django.contrib.messages'],
    SESSION_ENGINE='django.contrib.sessions.backends.signed_cookies',
    MIDDLEWARE=['django.contrib.sessions.middleware.SessionMiddleware',
                'django.contrib.messages.middleware.MessageMiddleware'],
)
django.setup()

from django.contrib import messages  # noqa: E402
from django.contrib.messages import utils  # noqa: E402
from django.contrib.messages.storage import base  # noqa: E402
from django.http import JsonResponse  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.urls import path  # noqa: E402

CURRENT = {}


def run(request):
    results = []
    for op in CURRENT['ops']:
        kind = op[0]
        if kind == 'add':
            messages.add_message(request, op[1], op[2], extra_tags=op[3] if len(op) > 3 else '')
        elif kind == 'read':
            results.append(['%s:%s' % (m.tags, m) for m in messages.get_messages(request)])
        elif kind == 'len':
            results.append(len(messages.get_messages(request)))
        elif kind == 'setLevel':
            messages.set_level(request, op[1])
        elif kind == 'getLevel':
            results.append(messages.get_level(request))
    return JsonResponse(results, safe=False)


urlpatterns = [path('', run)]


def noise(i):
    return 'message %d %s' % (i, hashlib.sha256(b'%d' % i).hexdigest())


SCENARIOS = [
    {'name': 'error then redirect, shown once', 'requests': [
        [['add', 40, 'Invalid login']], [['read']], [['read']]]},
    {'name': 'unread messages are kept and new ones follow', 'requests': [
        [['add', 20, 'one']], [['add', 30, 'two', 'x']], [['read']], [['read']]]},
    {'name': 'added and read in one request', 'requests': [
        [['add', 25, 'saved'], ['read'], ['add', 20, 'after']], [['read']], [['read']]]},
    {'name': 'len does not mark read', 'requests': [
        [['add', 20, 'a'], ['add', 20, 'b']], [['len']], [['len'], ['read']], [['len']]]},
    {'name': 'levels', 'settings': {'MESSAGE_LEVEL': 30}, 'requests': [
        [['getLevel'], ['add', 20, 'dropped'], ['setLevel', 10], ['getLevel'],
         ['add', 10, 'kept'], ['setLevel', None], ['getLevel'], ['add', 25, 'dropped too']],
        [['read']]]},
    {'name': 'custom tags', 'settings': {'MESSAGE_TAGS': {40: 'danger', 35: 'notice'}},
     'requests': [[['add', 35, 'note'], ['add', 40, 'bad', 'big'], ['add', 33, 'untagged']],
                  [['read']]]},
    {'name': 'empty messages are ignored', 'requests': [[['add', 20, '']], [['read']]]},
    {'name': 'overflow to the session keeps every message in order', 'requests': [
        [['add', 20, noise(i)] for i in range(80)], [['read']], [['read']]]},
    {'name': 'overflow then more added before reading', 'requests': [
        [['add', 20, noise(i)] for i in range(60)], [['add', 40, 'late']], [['len'], ['read']],
        [['read']]]},
]


def harvest():
    out = []
    for scenario in SCENARIOS:
        overrides = scenario.get('settings', {})
        with override_settings(**overrides):
            base.LEVEL_TAGS = utils.get_level_tags()
            client = Client()
            results = []
            for ops in scenario['requests']:
                CURRENT['ops'] = ops
                results.append(client.get('/').json())
        base.LEVEL_TAGS = utils.get_level_tags()
        out.append({**scenario, 'django': results})
    return {'django': django.get_version(), 'scenarios': out}


if __name__ == '__main__':
    target = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'src', 'fixtures',
                          'django-scenarios.json')
    with open(target, 'w') as f:
        json.dump(harvest(), f, indent=1)
        f.write('\n')
    print('wrote', target)
