"""Harvests django.core.mail's answers on addresses, headers and messages, with real Django.

    /usr/bin/python3 conformance/harvest/mail.py [path/to/django/tests]

Runs Django 3.2's ``mail`` tests with recording hooks on ``sanitize_address`` and
``forbid_multi_line_headers`` (every address and header value the tests hand them, with
Django's answer), then runs ``sanitize_address``, ``forbid_multi_line_headers``,
``EmailMessage`` and ``mail_admins`` on inputs of our own (injection, IDN, non-ASCII, long
subjects). Writes ``packages/mail/test/django/mail.json``; the replay test
``packages/mail/test/django-mail.test.ts`` reads it with no Python, and deliberate differences
are listed in ``packages/mail/test/django/differences.json``. See ``conformance/README.md``.
"""

import email
import email.header
import email.policy
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from django_harness import (  # noqa: E402
    import_runtests, run_tests, stable_hashes, tests_dir, write_cases,
)

OUT = os.path.join('packages', 'mail', 'test', 'django', 'mail.json')

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


def address_case(value, encoding='utf-8', origin='ours'):
    from django.core.mail.message import parser, sanitize_address
    from django.utils.encoding import punycode

    case = {'kind': 'address', 'origin': origin, 'input': value, 'encoding': encoding}
    try:
        case['formatted'] = sanitize_address(value, encoding)
    except Exception as exc:  # Django raises ValueError, or TypeError on '<>'
        case.update(error(exc))
        return case
    token, _rest = parser.get_mailbox(value)
    case['name'] = token.display_name or ''
    case['local'] = token.local_part
    case['domain'] = punycode(token.domain or '')
    return case


def header_case(name, value, origin='ours'):
    from django.core.mail.message import BadHeaderError, forbid_multi_line_headers

    case = {'kind': 'header', 'origin': origin, 'name': name, 'value': value}
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
    from django.core.mail.message import EmailMessage

    case = {'kind': 'message', 'kwargs': kwargs}
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
    return case


def list_argument_case(name):
    from django.core.mail.message import EmailMessage

    try:
        EmailMessage('s', 'b', 'from@example.com', **{name: 'to@example.com'})
        return {'kind': 'listArgument', 'argument': name, 'ok': True}
    except TypeError as exc:
        return {'kind': 'listArgument', 'argument': name, **error(exc)}


def admins_case(admins):
    from django.core import mail
    from django.test.utils import override_settings

    mail.outbox = []
    case = {'kind': 'admins', 'admins': admins}
    with override_settings(
        ADMINS=[tuple(a) if isinstance(a, list) else a for a in admins],
        EMAIL_BACKEND='django.core.mail.backends.locmem.EmailBackend',
        EMAIL_SUBJECT_PREFIX='[Django] ', SERVER_EMAIL='root@localhost',
    ):
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


def record_django_tests(runtests):
    """Runs Django's ``mail`` tests with hooks that record each string address and header value
    they pass through ``sanitize_address`` and ``forbid_multi_line_headers``."""
    from django.core.mail import message as message_module
    from django.core.mail.backends import smtp as smtp_module

    addresses, headers = {}, {}
    original_sanitize = message_module.sanitize_address
    original_forbid = message_module.forbid_multi_line_headers

    def sanitize_address(addr, encoding):
        if isinstance(addr, str):
            addresses.setdefault((addr, encoding), None)
        return original_sanitize(addr, encoding)

    def forbid_multi_line_headers(name, val, encoding):
        headers.setdefault((name, str(val)), None)
        return original_forbid(name, val, encoding)

    message_module.sanitize_address = sanitize_address
    smtp_module.sanitize_address = sanitize_address
    message_module.forbid_multi_line_headers = forbid_multi_line_headers
    try:
        failures = run_tests(runtests, ['mail'])
    finally:
        message_module.sanitize_address = original_sanitize
        smtp_module.sanitize_address = original_sanitize
        message_module.forbid_multi_line_headers = original_forbid
    if failures:
        sys.exit('Django\'s mail tests failed under the hooks (%d)' % failures)
    return (
        [address_case(a, e, 'tests/mail') for a, e in addresses],
        [header_case(n, v, 'tests/mail') for n, v in headers],
    )


def main():
    stable_hashes()
    runtests = import_runtests(tests_dir())
    recorded_addresses, recorded_headers = record_django_tests(runtests)
    cases = (
        recorded_addresses
        + [address_case(a) for a in ADDRESSES]
        + recorded_headers
        + [header_case(n, v) for n, v in HEADERS]
        + [message_case(m) for m in MESSAGES]
        + [list_argument_case(n) for n in LIST_ARGUMENT_CASES]
        + [admins_case(a) for a in ADMINS_CASES]
    )
    source = ['tests/mail/tests.py', 'django/core/mail/message.py', 'django/core/mail/__init__.py']
    path = write_cases(OUT, source, cases)
    print('wrote %s: %d cases' % (path, len(cases)))


if __name__ == '__main__':
    main()
