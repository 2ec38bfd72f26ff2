"""Harvest what a ModelForm over model FileField/ImageField renders, and Django's unique
messages, from real Django 3.2.

    /usr/bin/python3 conformance/harvest/forms_model_files.py

Writes packages/forms/test/django/model-files.json; packages/forms/src/model-form-files.test.ts
builds the same models and forms in Stack and expects the same HTML and messages. The models and
data are ours; Django gives the answers.
"""
import json
import os
import tempfile

import django
from django.conf import settings

MEDIA = tempfile.mkdtemp(prefix='stack-harvest-media-')
settings.configure(
    USE_TZ=False,
    USE_I18N=False,
    INSTALLED_APPS=['django.contrib.contenttypes', 'django.forms'],
    DATABASES={'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': ':memory:'}},
    TEMPLATES=[{'BACKEND': 'django.template.backends.django.DjangoTemplates', 'APP_DIRS': True}],
    MEDIA_URL='/media/',
    MEDIA_ROOT=MEDIA,
)
django.setup()

from django import forms  # noqa: E402
from django.db import connection, models  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, 'packages', 'forms', 'test', 'django', 'model-files.json')


class Doc(models.Model):
    title = models.CharField(max_length=50)
    slug = models.SlugField(unique=True, blank=True)
    attachment = models.FileField(upload_to='docs/%Y/')
    photo = models.ImageField(upload_to='photos', blank=True, width_field='w', height_field='h')
    w = models.IntegerField(null=True, blank=True, editable=False)
    h = models.IntegerField(null=True, blank=True, editable=False)

    class Meta:
        app_label = 'mff'


class BlogPost(models.Model):
    slug = models.SlugField()
    pub_date = models.CharField(max_length=10)

    class Meta:
        app_label = 'mff'
        unique_together = [['slug', 'pub_date']]


class DocForm(forms.ModelForm):
    class Meta:
        model = Doc
        fields = ['title', 'attachment', 'photo']


class SlugForm(forms.ModelForm):
    class Meta:
        model = Doc
        fields = ['title', 'slug']


class BlogPostForm(forms.ModelForm):
    class Meta:
        model = BlogPost
        fields = ['slug', 'pub_date']


with connection.schema_editor() as editor:
    editor.create_model(Doc)
    editor.create_model(BlogPost)
Doc.objects.create(title='a', slug='taken', attachment='a.txt')
BlogPost.objects.create(slug='hello', pub_date='2024-05-01')

# Dimensions given, so Django does not open the (absent) image to read them.
stored = Doc(title='t', attachment='docs/a b.txt', photo='photos/me.png', w=1, h=1)
slug_form = SlugForm(data={'title': 'b', 'slug': 'taken'})
slug_form.is_valid()
post_form = BlogPostForm(data={'slug': 'hello', 'pub_date': '2024-05-01'})
post_form.is_valid()

result = {
    'django': django.get_version(),
    'unbound': DocForm().as_p(),
    'instance': DocForm(instance=stored).as_p(),
    'slugUnbound': SlugForm().as_p(),
    'slugBlankSaved': SlugForm(data={'title': 'no slug', 'slug': ''}).save().slug,
    'uniqueField': slug_form.errors.get_json_data(),
    'uniqueTogether': post_form.errors.get_json_data(),
}
with open(OUT, 'w') as out:
    json.dump(result, out, indent=2, ensure_ascii=False)
    out.write('\n')
os.rmdir(MEDIA)
print(f'wrote {OUT}')
