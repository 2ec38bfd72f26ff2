"""Harvests django.contrib.auth's answers on password hashes, validators and tokens, with real Django.

    /usr/bin/python3 conformance/harvest/auth.py [path/to/django/tests]

Runs Django 3.2's ``auth_tests.test_hashers``, ``test_validators`` and ``test_tokens`` with
recording hooks on ``make_password``, ``check_password``, ``identify_hasher``, every hasher's
``encode``/``verify``/``must_update``, every password validator's ``validate`` and the token
generator's ``make_token``/``check_token``: each call is kept with the configuration it ran under
(the hashers in ``PASSWORD_HASHERS`` and their costs, the validator's options, the token
generator's secret and clock) and Django's actual answer. Then it runs the same functions on
inputs of its own: every hasher on a set of passwords and salts (non-ASCII, empty, long), the
validators on Unicode digits and a sample of Django's common-password list, tokens for a few
users and clocks, and ``has_perm``/``has_perms``/``has_module_perms``/``get_*_permissions``
through ``ModelBackend`` for the users of a permission scenario (``PERMISSION_SCENARIO``, written
to the data so the replay builds the same database). Writes ``packages/contrib-auth/test/django/auth.json``; the replay test
``packages/contrib-auth/test/django-auth.test.ts`` reads it with no Python, and deliberate
differences are listed in ``packages/contrib-auth/test/django/differences.json``. Needs
Debian's ``python3-argon2`` and ``python3-bcrypt``. See ``conformance/README.md``.
"""

import datetime
import gzip
import json
import os
import sys
from unittest import mock

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from django_harness import (  # noqa: E402
    NotPortable, encode, error_name, import_runtests, run_tests, stable_hashes, tests_dir,
    write_cases,
)

OUT = os.path.join('packages', 'contrib-auth', 'test', 'django', 'auth.json')

HASHER_PARAMS = ('iterations', 'rounds', 'time_cost', 'memory_cost', 'parallelism',
                 'salt_entropy', 'work_factor', 'block_size')

PASSWORDS = ['lètmein', 'password', '', ' ', 'x' * 100, 'ünïcödé ☃ 𝄞', 'pass$word', 'a\tb',
             'Ωmega', '😀' * 20]

cases = []
seen_keys = set()
recording = {'on': True, 'source': 'auth_tests'}


def add(case):
    key = json.dumps(case, sort_keys=True, ensure_ascii=False)
    if key in seen_keys:
        return
    seen_keys.add(key)
    cases.append(case)


def django_class(obj):
    """The nearest class of ``django.contrib.auth`` in ``obj``'s MRO (test subclasses map to it)."""
    for cls in type(obj).__mro__:
        if cls.__module__.startswith('django.contrib.auth'):
            return cls.__name__
    return type(obj).__name__


def mocked(obj):
    return any(isinstance(getattr(obj, name, None), mock.Mock)
               for name in ('encode', 'verify', 'must_update', 'harden_runtime', 'salt'))


def hasher_config(hasher):
    params = {}
    for name in HASHER_PARAMS:
        value = getattr(hasher, name, None)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            params[name] = value
    return {'class': django_class(hasher), 'algorithm': hasher.algorithm, 'params': params}


def hashers_config():
    from django.contrib.auth.hashers import get_hashers
    return [hasher_config(h) for h in get_hashers()]


def outcome(call):
    try:
        return {'result': encode(call())}
    except NotPortable:
        raise
    except Exception as error:  # noqa: BLE001 (Django's answer may be any exception)
        return {'error': error_name(error)}


HASHER_SETS = []


def intern(config):
    """The index of a ``PASSWORD_HASHERS`` configuration in ``hasherSets`` (stored once)."""
    if config not in HASHER_SETS:
        HASHER_SETS.append(config)
    return HASHER_SETS.index(config)


def record(kind, inputs, answer, config=None, reason=None):
    case = {'kind': kind, 'source': recording['source'], 'inputs': inputs}
    if isinstance(config, list):
        case['hashers'] = intern(config)
    elif config is not None:
        case['config'] = config
    case.update(answer)
    if reason:
        case['notPortable'] = reason
    add(case)


def guarded(kind, build_inputs, run, config_of):
    """Runs ``run()``, recording its inputs and Django's answer unless recording is off."""
    if not recording['on']:
        return run()
    recording['on'] = False
    try:
        reason = None
        try:
            inputs = build_inputs()
            config = config_of()
        except NotPortable as np:
            inputs, config, reason = None, None, str(np)
        try:
            value = run()
            answer = {'result': encode(value)}
        except NotPortable as np:
            answer, reason = {'result': None}, str(np)
        except Exception as error:  # noqa: BLE001
            answer = {'error': error_name(error)}
            if inputs is not None or reason:
                record(kind, inputs, answer, config, reason)
            raise
        if inputs is not None or reason:
            record(kind, inputs, answer, config, reason)
        return value
    finally:
        recording['on'] = True


def install_hasher_hooks():
    from django.contrib.auth import hashers

    original_check = hashers.check_password
    original_make = hashers.make_password
    original_identify = hashers.identify_hasher

    def check_password(password, encoded, setter=None, preferred='default'):
        calls = []

        def spy(raw):
            calls.append(raw)
            if setter:
                setter(raw)

        def inputs():
            if any(mocked(h) for h in hashers.get_hashers()):
                raise NotPortable('a hasher with mocked methods')
            if not isinstance(preferred, str):
                raise NotPortable('a hasher instance as preferred')
            return {'password': encode(password), 'encoded': encode(encoded),
                    'preferred': preferred}

        if not recording['on']:
            return original_check(password, encoded, setter, preferred)
        recording['on'] = False
        try:
            try:
                case_inputs, config, reason = inputs(), hashers_config(), None
            except NotPortable as np:
                case_inputs, config, reason = None, None, str(np)
            try:
                result = original_check(password, encoded, spy, preferred)
            except Exception as error:  # noqa: BLE001
                record('check_password', case_inputs, {'error': error_name(error)}, config, reason)
                raise
            # Whether the setter ran (Django's "must update" on a good login) is in the answer.
            record('check_password', case_inputs, {'result': result, 'setterCalled': bool(calls)},
                   config, reason)
            return result
        finally:
            recording['on'] = True

    def make_password(password, salt=None, hasher='default'):
        def inputs():
            if not isinstance(hasher, str):
                raise NotPortable('a hasher instance')
            if any(mocked(h) for h in hashers.get_hashers()):
                raise NotPortable('a hasher with mocked methods')
            return {'password': encode(password), 'salt': encode(salt), 'hasher': hasher}

        if salt is None and recording['on']:
            # A random salt: the replay checks the algorithm and that the hash verifies.
            value = original_make(password, salt, hasher)
            try:
                record('make_password_random', inputs(), {
                    'result': {
                        'usable': hashers.is_password_usable(value),
                        'algorithm': original_identify(value).algorithm
                        if hashers.is_password_usable(value) else None,
                    },
                }, hashers_config())
            except NotPortable:
                pass
            return value
        return guarded('make_password', inputs, lambda: original_make(password, salt, hasher),
                       hashers_config)

    def identify_hasher(encoded):
        if recording['on']:
            guarded('identify_hasher', lambda: {'encoded': encode(encoded)},
                    lambda: original_identify(encoded).algorithm, hashers_config)
        return original_identify(encoded)

    hashers.check_password = check_password
    hashers.make_password = make_password
    hashers.identify_hasher = identify_hasher
    # The test modules import these names after the hooks are in place, so they call them.

    def wrap_method(cls, name):
        original = cls.__dict__[name]

        def method(self, *args):
            def inputs():
                if mocked(self):
                    raise NotPortable('a hasher with mocked methods')
                return {'args': [encode(a) for a in args]}

            return guarded('hasher.' + name, inputs, lambda: original(self, *args),
                           lambda: hasher_config(self))

        method.__name__ = name
        setattr(cls, name, method)

    for cls in (hashers.PBKDF2PasswordHasher, hashers.Argon2PasswordHasher,
                hashers.BCryptSHA256PasswordHasher, hashers.SHA1PasswordHasher,
                hashers.MD5PasswordHasher, hashers.UnsaltedSHA1PasswordHasher,
                hashers.UnsaltedMD5PasswordHasher, hashers.CryptPasswordHasher):
        for name in ('encode', 'verify', 'must_update'):
            if name in cls.__dict__:
                wrap_method(cls, name)


def user_state(user, more=()):
    if user is None:
        return None
    state = {}
    for name in ('username', 'first_name', 'last_name', 'email') + tuple(more):
        value = getattr(user, name, None)
        if value is not None and not isinstance(value, str):
            raise NotPortable('a user attribute that is not a string')
        if value is not None:
            state[name] = value
    return state


def validator_config(validator):
    from django.contrib.auth import password_validation as pv
    config = {'class': django_class(validator)}
    if isinstance(validator, pv.MinimumLengthValidator):
        config['min_length'] = validator.min_length
    elif isinstance(validator, pv.UserAttributeSimilarityValidator):
        config['user_attributes'] = list(validator.user_attributes)
        config['max_similarity'] = validator.max_similarity
    elif isinstance(validator, pv.CommonPasswordValidator):
        passwords = validator.passwords
        if passwords != DEFAULT_COMMON:
            config['passwords'] = sorted(passwords)
    return config


def validation_answer(call):
    from django.core.exceptions import ValidationError
    try:
        call()
        return {'result': None}
    except ValidationError as error:
        return {'error': 'ValidationError',
                'codes': [e.code for e in error.error_list],
                'messages': [str(m) for m in error.messages]}


def install_validator_hooks():
    from django.contrib.auth import password_validation as pv

    def wrap(cls):
        original = cls.validate

        def validate(self, password, user=None):
            if not recording['on']:
                return original(self, password, user)
            recording['on'] = False
            try:
                try:
                    more = tuple(getattr(self, 'user_attributes', ()))
                    inputs = {'password': encode(password), 'user': user_state(user, more)}
                    config = validator_config(self)
                    reason = None
                except NotPortable as np:
                    inputs, config, reason = None, None, str(np)
                answer = validation_answer(lambda: original(self, password, user))
                record('validate', inputs, answer, config, reason)
            finally:
                recording['on'] = True
            return original(self, password, user)

        cls.validate = validate

    for cls in (pv.MinimumLengthValidator, pv.UserAttributeSimilarityValidator,
                pv.CommonPasswordValidator, pv.NumericPasswordValidator):
        wrap(cls)


def token_user(user):
    email_field = user.get_email_field_name()
    email = getattr(user, email_field, '') or ''
    last_login = user.last_login
    if last_login is not None:
        last_login = last_login.replace(microsecond=0, tzinfo=None).isoformat()
    if not isinstance(user.pk, int):
        raise NotPortable('a user whose pk is not an int')
    return {'pk': user.pk, 'password': user.password, 'last_login': last_login,
            'email_field': email_field, 'email': email}


def token_config(generator):
    from django.conf import settings
    now = generator._now()
    return {'secret': generator.secret, 'algorithm': generator.algorithm,
            'key_salt': generator.key_salt, 'timeout': settings.PASSWORD_RESET_TIMEOUT,
            'now': now.replace(tzinfo=None).isoformat()}


def install_token_hooks():
    from django.contrib.auth.tokens import PasswordResetTokenGenerator as Gen
    original_make = Gen.make_token
    original_check = Gen.check_token

    def make_token(self, user):
        return guarded('make_token', lambda: {'user': token_user(user)},
                       lambda: original_make(self, user), lambda: token_config(self))

    def check_token(self, user, token):
        return guarded('check_token',
                       lambda: {'user': token_user(user) if user else None,
                                'token': encode(token)},
                       lambda: original_check(self, user, token), lambda: token_config(self))

    Gen.make_token = make_token
    Gen.check_token = check_token


# Our own inputs ----------------------------------------------------------------------------

def attempt(function, *args):
    """Calls ``function``; an exception is Django's answer (already recorded), not a failure."""
    try:
        return function(*args)
    except Exception:  # noqa: BLE001
        return None


def own_hasher_cases():
    from django.contrib.auth import hashers
    from django.test import override_settings
    recording['source'] = 'own'
    every = ['django.contrib.auth.hashers.%s' % name for name in (
        'PBKDF2PasswordHasher', 'PBKDF2SHA1PasswordHasher', 'Argon2PasswordHasher',
        'BCryptSHA256PasswordHasher', 'BCryptPasswordHasher', 'SHA1PasswordHasher',
        'MD5PasswordHasher', 'UnsaltedSHA1PasswordHasher', 'UnsaltedMD5PasswordHasher',
        'CryptPasswordHasher')]
    with override_settings(PASSWORD_HASHERS=every):
        hashers.reset_hashers(setting='PASSWORD_HASHERS')
        # Cheap costs keep the harvest and the replay quick; the formats are the same.
        cheap = {'pbkdf2_sha256': ('iterations', 1000), 'pbkdf2_sha1': ('iterations', 1000),
                 'bcrypt_sha256': ('rounds', 4), 'bcrypt': ('rounds', 4),
                 'argon2': ('memory_cost', 64)}
        patches = []
        for h in hashers.get_hashers():
            if h.algorithm in cheap:
                name, value = cheap[h.algorithm]
                patches.append(mock.patch.object(h, name, value))
            if h.algorithm == 'argon2':
                patches.append(mock.patch.object(h, 'parallelism', 1))
                patches.append(mock.patch.object(h, 'time_cost', 1))
        for p in patches:
            p.start()
        try:
            salts = {'default': ['seasalt', 'a' * 22, 'GfuUTJNAnc2Zqm4Xeo0xMA'],
                     'crypt': ['ab', 'zz', './'],
                     # bcrypt salts are bytes, as bcrypt.gensalt() gives them.
                     'bcrypt': [b'$2b$04$abcdefghijklmnopqrstuu', b'$2a$04$ABCDEFGHIJKLMNOPQRSTUu'],
                     'unsalted': ['']}
            made = []
            for h in hashers.get_hashers():
                kind = ('crypt' if h.algorithm == 'crypt' else
                        'bcrypt' if h.algorithm.startswith('bcrypt') else
                        'unsalted' if h.algorithm.startswith('unsalted') else 'default')
                for salt in salts[kind]:
                    for password in PASSWORDS:
                        encoded = attempt(hashers.make_password, password, salt, h.algorithm)
                        if encoded is None:
                            continue
                        made.append((password, encoded))
            # Every hash against the right password, a wrong one, and under each preference.
            for i, (password, encoded) in enumerate(made):
                attempt(hashers.check_password, password, encoded)
                attempt(hashers.check_password, password + 'x', encoded)
                if i % 7 == 0:
                    attempt(hashers.check_password, password, encoded, None, 'md5')
            for password in PASSWORDS[:3]:
                attempt(hashers.make_password, password)
                for h in hashers.get_hashers():
                    attempt(hashers.make_password, password, None, h.algorithm)
            # Salts under 128 bits, other costs, and hashes from other configurations.
            for encoded in [
                'pbkdf2_sha256$1000$seasalt$' + made[0][1].split('$')[3],
                'pbkdf2_sha256$260000$GfuUTJNAnc2Zqm4Xeo0xMA$tvU4mUo6Gj3lAEGSfZUwqyRGeNNNP1dcJVjWZlHcZnk=',
                'argon2$argon2i$m=8,t=1,p=1$c29tZXNhbHQ$gwQOXSNhxiOxPOA0+PY10P9QFO4NAYysnqRt1GSQLE55m+2GYDt9FEjPMHhP2Cuf0nOEXXMocVrsJAtNSsKyfg',
                'argon2$argon2i$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$YC9+jJCrQhs5R6db7LlN8Q',
                'argon2$argon2id$v=19$m=64,t=1,p=1$c2Vhc2FsdHNlYXNhbHQ$3RVWG06rKaPvOwOgkvGmdw',
                'sha1$$' + '0' * 40, 'md5$$' + '0' * 32, '0' * 32, 'crypt$$ab1Hv2Lg7ltQo',
                'crypt$ab$ab1Hv2Lg7ltQo', 'bcrypt$$2b$04$abcdefghijklmnopqrstuu', 'unknown$x$y',
                '', '!', '!abc', 'md5$', 'sha1$x', 'pbkdf2_sha256$abc$salt$hash',
                'pbkdf2_sha256$1000$$', 'argon2$argon2id$v=19$garbage$c2FsdA$aGFzaA',
                'bcrypt_sha256$$2b$99$abcdefghijklmnopqrstuu2r9OfJnfCsdneAXAGHnS4UpFFP8WIrW',
            ]:
                for password in ('lètmein', 'password'):
                    attempt(hashers.check_password, password, encoded)
                try:
                    hashers.identify_hasher(encoded)
                except ValueError:
                    pass
            for _, encoded in made[::5]:
                try:
                    hashers.identify_hasher(encoded)
                except ValueError:
                    pass
        finally:
            for p in patches:
                p.stop()
    hashers.reset_hashers(setting='PASSWORD_HASHERS')


def own_validator_cases():
    from django.contrib.auth import password_validation as pv
    from django.contrib.auth.models import User
    recording['source'] = 'own'
    numeric = pv.NumericPasswordValidator()
    for password in ['12345678', '²³⁴', '①②③', '٣٤٥', '१२३', '１２３', 'Ⅷ', '½', '12a', '',
                     ' 123', '123 ', '١٢٣٤٥٦٧٨', '𝟏𝟐𝟑', '⁰¹²', '₁₂₃', '⑴⑵', '⒈⒉', '𝟙𝟚', '᭐᭑']:
        attempt(numeric.validate, password)
    common = pv.CommonPasswordValidator()
    sample = sorted(DEFAULT_COMMON)[::50]
    for password in sample + [s.upper() for s in sample[:40]] + [' %s ' % s for s in sample[:20]]:
        attempt(common.validate, password)
    for password in ['correct horse battery staple', 'Tr0ub4dor&3x', 'sfjkl239sd!', 'ñandú2024']:
        attempt(common.validate, password)
    for min_length in (1, 8, 12):
        v = pv.MinimumLengthValidator(min_length)
        for password in ['', 'a', 'abcdefg', 'abcdefgh', '😀' * 8, 'é' * 11, 'x' * 12]:
            attempt(v.validate, password)
    users = [User(username='testclient', first_name='Test', last_name='Client',
                  email='testclient@example.com'),
             User(username='jörg.müller', first_name='Jörg', last_name='Müller',
                  email='joerg@example.com'),
             User(username='a', email='')]
    for max_similarity in (0.7, 0.5, 1.0):
        v = pv.UserAttributeSimilarityValidator(max_similarity=max_similarity)
        for user in users:
            for password in ['testclient', 'tEsTcLiEnT', 'client', 'example', 'joerg', 'müller12',
                             'jörgmüller', 'something else entirely', 'a', 'aaaaaaaaaaaaaaaaaaaaa']:
                attempt(v.validate, password, user)


def own_token_cases():
    from django.contrib.auth.models import User
    from django.contrib.auth.tokens import PasswordResetTokenGenerator
    from django.test import override_settings
    recording['source'] = 'own'

    class Clocked(PasswordResetTokenGenerator):
        def __init__(self, now):
            super().__init__()
            self.now_value = now

        def _now(self):
            return self.now_value

    users = [
        User(pk=1, username='a', password='pbkdf2_sha256$1000$s$h', email='a@example.com'),
        User(pk=2, username='b', password='', email='',
             last_login=datetime.datetime(2021, 5, 4, 3, 2, 1, 999)),
        User(pk=123456, username='ü', password='md5$x$y', email='ü@exämple.com'),
    ]
    clocks = [datetime.datetime(2021, 1, 1), datetime.datetime(2001, 1, 1, 0, 0, 1),
              datetime.datetime(2030, 12, 31, 23, 59, 59)]
    for secret in ('s3cr3t', 'another secret ☃'):
        with override_settings(SECRET_KEY=secret, PASSWORD_RESET_TIMEOUT=3600):
            for user in users:
                for now in clocks:
                    gen = Clocked(now)
                    token = gen.make_token(user)
                    later = Clocked(now + datetime.timedelta(seconds=3600))
                    later.check_token(user, token)
                    Clocked(now + datetime.timedelta(seconds=3601)).check_token(user, token)
                    gen.check_token(user, token[:-1] + ('0' if token[-1] != '0' else '1'))
                    for bad in ('', 'abc', '-', 'zzzzzzzzzzzzzz-abc', token + '-x', ' ' + token,
                                token.upper(), 'x' * 200):
                        gen.check_token(user, bad)


# A permission scenario, the same data for Django and for the replay: permissions by app, model
# and codename; groups with their permissions; users with flags, own permissions and groups.
PERMISSION_SCENARIO = {
    'permissions': [['blog', 'post', 'add_post'], ['blog', 'post', 'change_post'],
                    ['blog', 'post', 'view_post'], ['shop', 'order', 'view_order'],
                    ['shop', 'order', 'delete_order']],
    'groups': {'editors': ['blog.change_post', 'blog.view_post'],
               'viewers': ['shop.view_order'], 'empty': []},
    'users': {
        'alice': {'is_active': True, 'is_superuser': False, 'perms': ['blog.add_post'],
                  'groups': ['editors']},
        'bob': {'is_active': True, 'is_superuser': False, 'perms': [],
                'groups': ['viewers', 'empty']},
        'carol': {'is_active': False, 'is_superuser': False, 'perms': ['blog.add_post'],
                  'groups': ['editors']},
        'root': {'is_active': True, 'is_superuser': True, 'perms': [], 'groups': []},
        'sleepy_root': {'is_active': False, 'is_superuser': True, 'perms': [], 'groups': []},
        'nobody': {'is_active': True, 'is_superuser': False, 'perms': [], 'groups': ['empty']},
        'both': {'is_active': True, 'is_superuser': False, 'perms': ['shop.view_order'],
                 'groups': ['editors', 'viewers']},
    },
    'checks': {
        'has_perm': ['blog.add_post', 'blog.change_post', 'blog.view_post', 'shop.view_order',
                     'shop.delete_order', 'blog.nonexistent', 'nonsense', 'blog.', '.add_post'],
        'has_perms': [['blog.add_post', 'blog.view_post'], ['shop.view_order'], []],
        'has_module_perms': ['blog', 'shop', 'other', ''],
    },
}


def own_permission_cases():
    """has_perm and friends through ModelBackend, on a database of the scenario above."""
    from django.contrib.auth.models import AnonymousUser, Group, Permission, User
    from django.contrib.contenttypes.models import ContentType
    from django.test.utils import setup_databases, teardown_databases
    recording['source'] = 'own'
    scenario = PERMISSION_SCENARIO
    old = setup_databases(verbosity=0, interactive=False)
    try:
        perms = {}
        for app, model, codename in scenario['permissions']:
            ct, _ = ContentType.objects.get_or_create(app_label=app, model=model)
            perms['%s.%s' % (app, codename)] = Permission.objects.create(
                content_type=ct, codename=codename, name='Can %s' % codename.replace('_', ' '))
        groups = {}
        for name, names in scenario['groups'].items():
            groups[name] = Group.objects.create(name=name)
            groups[name].permissions.set([perms[n] for n in names])
        apps = {app for app, _, _ in scenario['permissions']}

        def scoped(found):
            # A superuser has every permission of the database; the replay's holds only ours.
            return sorted(p for p in found if p.split('.', 1)[0] in apps)

        for username, spec in scenario['users'].items():
            user = User.objects.create_user(username, password=None, is_active=spec['is_active'],
                                            is_superuser=spec['is_superuser'])
            user.user_permissions.set([perms[n] for n in spec['perms']])
            user.groups.set([groups[g] for g in spec['groups']])
            user = User.objects.get(pk=user.pk)
            answers = {
                'has_perm': {p: user.has_perm(p) for p in scenario['checks']['has_perm']},
                'has_perms': [user.has_perms(ps) for ps in scenario['checks']['has_perms']],
                'has_module_perms': {a: user.has_module_perms(a)
                                     for a in scenario['checks']['has_module_perms']},
                'user_permissions': scoped(user.get_user_permissions()),
                'group_permissions': scoped(user.get_group_permissions()),
                'all_permissions': scoped(user.get_all_permissions()),
            }
            add({'kind': 'permissions', 'source': 'own', 'inputs': {'user': username},
                 'result': answers})
        anonymous = AnonymousUser()
        add({'kind': 'permissions', 'source': 'own', 'inputs': {'user': None}, 'result': {
            'has_perm': {p: anonymous.has_perm(p) for p in scenario['checks']['has_perm']},
            'has_perms': [anonymous.has_perms(ps) for ps in scenario['checks']['has_perms']],
            'has_module_perms': {a: anonymous.has_module_perms(a)
                                 for a in scenario['checks']['has_module_perms']},
            'user_permissions': sorted(anonymous.get_user_permissions()),
            'group_permissions': sorted(anonymous.get_group_permissions()),
            'all_permissions': sorted(anonymous.get_all_permissions()),
        }})
    finally:
        teardown_databases(old, verbosity=0)


DEFAULT_COMMON = set()


def main():
    stable_hashes()
    path = tests_dir()
    runtests = import_runtests(path)
    import django
    from django.conf import settings
    from django.contrib.auth import password_validation as pv

    global DEFAULT_COMMON
    with gzip.open(pv.CommonPasswordValidator.DEFAULT_PASSWORD_LIST_PATH, 'rt') as f:
        DEFAULT_COMMON = {line.strip() for line in f}

    install_hasher_hooks()
    install_validator_hooks()
    install_token_hooks()
    failures = run_tests(runtests, ['auth_tests.test_hashers', 'auth_tests.test_validators',
                                    'auth_tests.test_tokens'])
    if failures:
        print('warning: %d of Django\'s tests failed under the hooks' % failures, file=sys.stderr)
    assert settings.configured and django.VERSION[:2] == (3, 2)
    own_hasher_cases()
    own_validator_cases()
    own_token_cases()
    own_permission_cases()
    written = write_cases(OUT, ['auth_tests.test_hashers', 'auth_tests.test_validators',
                                'auth_tests.test_tokens', 'own inputs'], cases,
                           {'hasherSets': HASHER_SETS, 'permissionScenario': PERMISSION_SCENARIO})
    kinds = {}
    for case in cases:
        kinds[case['kind']] = kinds.get(case['kind'], 0) + 1
    print('%d cases %s -> %s' % (len(cases), kinds, written))


if __name__ == '__main__':
    main()
