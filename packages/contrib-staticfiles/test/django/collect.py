"""Runs real Django's collectstatic with ManifestStaticFilesStorage: python3 collect.py SRC OUT."""
import sys

import django
from django.conf import settings
from django.core.management import call_command

src, out = sys.argv[1], sys.argv[2]
settings.configure(
    DEBUG=False,
    INSTALLED_APPS=['django.contrib.staticfiles'],
    STATIC_URL='/static/',
    STATIC_ROOT=out,
    STATICFILES_DIRS=[src],
    STATICFILES_STORAGE='django.contrib.staticfiles.storage.ManifestStaticFilesStorage',
)
django.setup()
call_command('collectstatic', interactive=False, verbosity=0)
