"""Harvests real Django 3.2's messages cookies into src/fixtures/django-cookies.json.

Run with Debian's python3-django: python3 scripts/harvest-django.py
The differential test (src/django-differential.test.ts) reads each cookie with Stack's storage
and checks what Django stored, kept and dropped.
"""
import hashlib
import json
import os
import sys

import django
from django.conf import settings

SECRET = 'stack-differential-secret'
settings.configure(SECRET_KEY=SECRET, INSTALLED_APPS=['django.contrib.messages'],
                   MESSAGE_TAGS={50: 'critical'})
django.setup()

from django.contrib.messages import constants  # noqa: E402
from django.contrib.messages.storage.base import Message  # noqa: E402
from django.contrib.messages.storage.cookie import CookieStorage  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.utils.safestring import mark_safe  # noqa: E402

CASES = {
    'plain': [(constants.INFO, 'Hello', ''), (constants.ERROR, 'Disk full', 'sticky')],
    'unicode and markup': [(constants.SUCCESS, 'Grüße, <b>tom</b> ✓ 😀', ''),
                           (constants.WARNING, 'line\nbreak "quoted" \\ back', 'a b')],
    'safe': [(constants.INFO, mark_safe('<a href="/x">link</a>'), '')],
    'custom level': [(50, 'Critical!', '')],
    'compressible': [(constants.INFO, 'same text ' * 40, '')],
    # Hashes do not compress, so these overflow the 2048-byte cookie.
    'too many': [(constants.INFO, 'message %d %s' % (i, hashlib.sha256(b'%d' % i).hexdigest()), '')
                 for i in range(40)],
}


def harvest():
    out = {'secretKey': SECRET, 'django': django.get_version(), 'cases': []}
    for name, items in CASES.items():
        request = RequestFactory().get('/')
        storage = CookieStorage(request)
        messages = [Message(level, text, extra_tags=tags) for level, text, tags in items]
        for m in messages:
            m._prepare()
        response = HttpResponse()
        unstored = storage._store(list(messages), response)
        cookie = response.cookies['messages'].value
        reread = CookieStorage(RequestFactory().get('/', HTTP_COOKIE='messages=' + cookie))
        got, all_retrieved = reread._get()
        out['cases'].append({
            'name': name,
            'input': [[m.level, str(m.message), m.extra_tags or '', int(hasattr(m.message, '__html__'))]
                      for m in messages],
            'cookie': cookie,
            'unstored': len(unstored),
            'allRetrieved': all_retrieved,
            'stored': [[m.level, str(m.message), m.extra_tags, m.tags] for m in got],
        })
    return out


if __name__ == '__main__':
    target = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'src', 'fixtures',
                          'django-cookies.json')
    with open(target, 'w') as f:
        json.dump(harvest(), f, indent=1, ensure_ascii=False)
        f.write('\n')
    sys.stdout.write('wrote %s\n' % target)
