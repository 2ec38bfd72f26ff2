"""Harvests django.core.mail's answers on addresses, headers and messages, with real Django.

    /usr/bin/python3 conformance/harvest/mail.py

Runs Django 3.2's ``sanitize_address``, ``forbid_multi_line_headers``, ``EmailMessage`` and
``mail_admins`` on the inputs below (the hostile ones of Django's ``tests/mail/tests.py``, and
more of our own: injection, IDN, non-ASCII, long subjects) and writes what Django answered to
``packages/mail/test/django/mail.json``. The replay test ``packages/mail/test/django-mail.test.ts``
reads it with no Python; deliberate differences are listed in
``packages/mail/test/django/differences.json``. Format the output with ``prettier --write``.
"""

import email
import email.header
import email.policy
import json
import os
import sys

import django
from django.conf import settings

settings.configure(
    EMAIL_BACKEND='django.core.mail.backends.locmem.EmailBackend',
    DEFAULT_CHARSET='utf-8',
    DEFAULT_FROM_EMAIL='webmaster@localhost',
    SERVER_EMAIL='root@localhost',
    EMAIL_SUBJECT_PREFIX='[Django] ',
)
django.setup()

if django.VERSION[:2] != (3, 2):
    sys.exit('Django 3.2 is needed (found %s): use /usr/bin/python3' % django.__version__)

from django.core import mail  # noqa: E402
from django.core.mail.message import (  # noqa: E402
    BadHeaderError, EmailMessage, forbid_multi_line_headers, parser, sanitize_address,
)
from django.utils.encoding import punycode  # noqa: E402

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
OUT = os.path.join(REPO_ROOT, 'packages', 'mail', 'test', 'django', 'mail.json')

ADDRESSES = [
    'to@example.com',
    'Name <to@example.com>',
    '"Name, Jr." <to@example.com>',
    '"Firstname Sürname" <to@example.com>',
    'Jörg <joerg@example.com>',
    'joerg@exämple.com',
    'Jörg <joerg@exämple.com>',
    'to@éxample.com',
    'jörg@example.com',
    'to@example.com\nBcc: evil@example.com',
    'to@example.com\r\nBcc: evil@example.com',
    '"evil\r\n" <a@example.com>',
    'Name\n <to@example.com>',
    'a@example.com, b@example.org',
    'a@example.com; b@example.org',
    '@example.com',
    'to@',
    'to@@example.com',
    '',
    'to@example.com>',
    '<to@example.com',
    'a@example.com <c@example.org>',
    'Name <to@example.com> trailing',
    'x <a@example.com> <c@example.org>',
    'to@[127.0.0.1]',
    '"quoted local"@example.com',
    '"tricky\\"quote"@example.com',
    'to@example.com ',
    ' to@example.com',
    '<to@example.com>',
    'Name <to@example.com >',
    'Name<to@example.com>',
    'first.last+tag@sub.example.co.uk',
    'to@localhost',
    'to@-example.com',
    'to@example..com',
    'to@exa mple.com',
    '.to@example.com',
    'to.@example.com',
    'to..x@example.com',
    'to@example.com.',
    'x' * 250 + '@example.com',
    'to@' + 'a' * 64 + '.com',
    '"Too \\"quoted\\"" <to@example.com>',
    '"<a@example.com>" <b@example.com>',
]

HEADERS = [
    ('Subject', 'Hello'),
    ('Subject', 'Hello\nBcc: evil@example.com'),
    ('Subject', 'Hello\rBcc: evil@example.com'),
    ('Subject', 'Hello\r\n'),
    ('Subject', '\n'),
    ('Subject', 'Gżegżółka'),
    ('Subject', 'Tab\tinside'),
    ('Subject', 'Vertical\x0bTab'),
    ('Subject', 'Form\x0cfeed'),
    ('Subject', 'Line\u2028separator'),
    ('Subject', 'Next\x85line'),
    ('X-Custom', 'value\nInjected: yes'),
    ('X-Custom', 'café'),
    ('To', 'to@example.com\nBcc: evil@example.com'),
]

MESSAGES = [
    {'subject': 'Subject', 'body': 'Content', 'from_email': 'from@example.com',
     'to': ['to@example.com']},
    {'subject': 'Subject', 'body': 'Content', 'from_email': 'from@example.com',
     'to': ['to@example.com', 'other@example.com'], 'cc': ['cc@example.com'],
     'bcc': ['bcc@example.com'], 'reply_to': ['reply@example.com']},
    {'subject': 'Subject', 'body': 'Content', 'from_email': 'from@example.com',
     'to': ['to@example.com'], 'headers': {'To': 'Mailing list <list@example.com>'}},
    {'subject': 'Subject', 'body': 'Content', 'from_email': 'bounce@example.com',
     'to': ['to@example.com'], 'headers': {'From': 'Site <from@example.com>'}},
    {'subject': 'Subject', 'body': 'Content', 'from_email': 'from@example.com',
     'to': ['to@example.com'], 'cc': ['cc@example.com'],
     'headers': {'Cc': 'override@example.com', 'Reply-To': 'override@example.com'}},
    {'subject': 'Subject', 'body': 'Content', 'from_email': 'from@example.com',
     'bcc': ['bcc@example.com']},
    {'subject': 'Subject', 'body': 'Content', 'from_email': 'from@example.com', 'to': []},
    {'subject': 'Gżegżółka', 'body': 'Zażółć gęślą jaźń', 'from_email': 'Jörg <from@exämple.com>',
     'to': ['Jörg <to@exämple.com>']},
    {'subject': 'Long ' + 'word ' * 80, 'body': 'x', 'from_email': 'from@example.com',
     'to': ['to@example.com']},
    {'subject': 'Subject\nBcc: evil@example.com', 'body': 'x', 'from_email': 'from@example.com',
     'to': ['to@example.com']},
    {'subject': 'x', 'body': 'x', 'from_email': 'from@example.com\nBcc: evil@example.com',
     'to': ['to@example.com']},
    {'subject': 'x', 'body': 'x', 'from_email': 'from@example.com',
     'to': ['to@example.com\nBcc: evil@example.com']},
    {'subject': 'x', 'body': 'x', 'from_email': 'from@example.com', 'to': ['to@example.com'],
     'cc': ['cc@example.com\r\nBcc: evil@example.com']},
    {'subject': 'x', 'body': 'x', 'from_email': 'from@example.com', 'to': ['to@example.com'],
     'reply_to': ['reply@example.com\nBcc: evil@example.com']},
    {'subject': 'x', 'body': 'x', 'from_email': 'from@example.com', 'to': ['to@example.com'],
     'headers': {'X-Evil': 'a\nBcc: evil@example.com'}},
    {'subject': 'x', 'body': 'x', 'from_email': 'from@example.com', 'to': ['to@example.com'],
     'headers': {'X-Custom': 'café', 'Message-ID': '<fixed@example.com>',
                 'Date': 'Fri, 09 Nov 2001 01:08:47 -0000'}},
    {'subject': 'x', 'body': 'x', 'to': ['to@example.com']},
    {'subject': '', 'body': '', 'from_email': 'from@example.com', 'to': ['to@example.com']},
]

LIST_ARGUMENT_CASES = ['to', 'cc', 'bcc', 'reply_to']

ADMINS_CASES = [
    [],
    [['Ann', 'ann@example.com']],
    [['Ann', 'ann@example.com'], ['Bob', 'bob@example.com']],
    ['ann@example.com'],
    [['Ann', 'ann@example.com', 'extra']],
]


def error(exc):
    return {'error': type(exc).__name__, 'message': str(exc)}


def address_case(value):
    case = {'input': value}
    try:
        case['formatted'] = sanitize_address(value, 'utf-8')
    except Exception as exc:  # Django raises ValueError, or TypeError on '<>'
        case.update(error(exc))
        return case
    token, _rest = parser.get_mailbox(value)
    case['name'] = token.display_name or ''
    case['local'] = token.local_part
    case['domain'] = punycode(token.domain or '')
    return case


def header_case(name, value):
    case = {'name': name, 'value': value}
    try:
        forbid_multi_line_headers(name, value, 'utf-8')
        case['ok'] = True
    except BadHeaderError as exc:
        case.update(error(exc))
    return case


def decoded(value):
    """A header as a reader sees it: encoded words decoded, folding undone."""
    return str(email.header.make_header(email.header.decode_header(value))).replace('\n ', ' ')


def message_case(kwargs):
    case = {'kwargs': kwargs}
    message = EmailMessage(**kwargs)
    case['recipients'] = message.recipients()
    try:
        raw = message.message().as_bytes()
    except Exception as exc:
        case.update(error(exc))
        return case
    parsed = email.message_from_bytes(raw, policy=email.policy.compat32)
    names = ['Subject', 'From', 'To', 'Cc', 'Reply-To', 'Bcc', 'X-Custom', 'Message-ID', 'Date']
    case['headers'] = {
        name: decoded(parsed[name]) for name in names
        if parsed[name] is not None
        and (name not in ('Message-ID', 'Date') or name in kwargs.get('headers', {}))
    }
    case['body'] = parsed.get_payload(decode=True).decode(parsed.get_content_charset() or 'ascii')
    case['longestLine'] = max(len(line) for line in raw.split(b'\n'))
    return case


def list_argument_case(name):
    try:
        EmailMessage('s', 'b', 'from@example.com', **{name: 'to@example.com'})
        return {'argument': name, 'ok': True}
    except TypeError as exc:
        return {'argument': name, **error(exc)}


def admins_case(admins):
    mail.outbox = []
    case = {'admins': admins}
    settings.ADMINS = [tuple(a) if isinstance(a, list) else a for a in admins]
    try:
        mail.mail_admins('Subject', 'Body', html_message='<p>Body</p>')
    except ValueError as exc:
        case.update(error(exc))
        return case
    case['sent'] = [
        {'subject': m.subject, 'from': m.from_email, 'to': m.to,
         'alternatives': [list(a) for a in m.alternatives]}
        for m in mail.outbox
    ]
    return case


def main():
    data = {
        'django': django.get_version(),
        'source': ['django/core/mail/__init__.py', 'django/core/mail/message.py',
                   'conformance/harvest/mail.py'],
        'cases': {
            'addresses': [address_case(a) for a in ADDRESSES],
            'headers': [header_case(n, v) for n, v in HEADERS],
            'messages': [message_case(m) for m in MESSAGES],
            'listArguments': [list_argument_case(n) for n in LIST_ARGUMENT_CASES],
            'admins': [admins_case(a) for a in ADMINS_CASES],
        },
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w', encoding='utf-8') as out:
        json.dump(data, out, ensure_ascii=False, indent=1)
        out.write('\n')
    print('wrote %s (run prettier --write on it)' % os.path.relpath(OUT, REPO_ROOT))


if __name__ == '__main__':
    main()
