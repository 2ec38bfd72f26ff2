"""Harvest django.forms renderings and cleaning results from real Django 3.2.

    /usr/bin/python3 conformance/harvest/forms.py

Every case is described as data (fields, widgets, options, submitted data), built and run by
real Django here, and stored with Django's answers in packages/forms/test/django/forms.json.
packages/forms/test/django-forms.test.ts builds the same forms in Stack from the same data and
expects the same HTML and the same clean values and errors. Nothing here is copied from
Django's tests: the cases are ours; Django gives the answers.
"""
import datetime
import decimal
import json
import os
import sys
import uuid

import django
from django.conf import settings

settings.configure(
    USE_TZ=True,
    TIME_ZONE='UTC',
    USE_I18N=False,
    USE_L10N=False,
    INSTALLED_APPS=['django.forms'],
    TEMPLATES=[{'BACKEND': 'django.template.backends.django.DjangoTemplates', 'APP_DIRS': True}],
)
django.setup()

from django import forms  # noqa: E402
from django.utils.datastructures import MultiValueDict  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, 'packages', 'forms', 'test', 'django', 'forms.json')

COERCE = {'int': int, 'str': str, 'float': float}


class Stored:
    """A stored file as a model's FieldFile shows it to a widget: a name and a URL."""

    def __init__(self, name, url):
        self.name = name
        self.url = url

    def __str__(self):
        return self.name


def decode(value):
    """The tagged values of the case data, as Python values."""
    if isinstance(value, dict):
        if '$date' in value:
            return datetime.date.fromisoformat(value['$date'])
        if '$datetime' in value:
            return datetime.datetime.fromisoformat(value['$datetime']).replace(tzinfo=datetime.timezone.utc)
        if '$time' in value:
            return datetime.time.fromisoformat(value['$time'])
        if '$decimal' in value:
            return decimal.Decimal(value['$decimal'])
        if '$duration' in value:
            return datetime.timedelta(milliseconds=value['$duration'])
        if '$stored' in value:
            return Stored(value['$stored'], value['url'])
        if '$file' in value:
            content = bytes.fromhex(value['hex']) if 'hex' in value else value.get('content', '').encode()
            return SimpleUploadedFile(value['$file'], content, value.get('type', 'application/octet-stream'))
        return {k: decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [decode(v) for v in value]
    return value


def encode(value):
    """Clean values as JSON, tagged where JSON has no type for them."""
    if isinstance(value, Stored):
        return {'$stored': value.name}
    if isinstance(value, datetime.datetime):
        return {'$datetime': value.astimezone(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%S.%fZ')}
    if isinstance(value, datetime.date):
        return {'$date': value.isoformat()}
    if isinstance(value, datetime.time):
        return {'$time': str(value)}
    if isinstance(value, datetime.timedelta):
        return {'$duration': value / datetime.timedelta(milliseconds=1)}
    if isinstance(value, decimal.Decimal):
        return {'$decimal': str(value)}
    if isinstance(value, uuid.UUID):
        return {'$uuid': str(value)}
    if isinstance(value, float) and value.is_integer():
        return {'$float': value}
    if hasattr(value, 'size') and hasattr(value, 'name') and hasattr(value, 'read'):
        info = {'$file': value.name, 'size': value.size}
        image = getattr(value, 'image', None)
        if image is not None:
            info['width'], info['height'] = image.size
        return info
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {k: encode(v) for k, v in value.items()}
    if value is False or value is True or value is None or isinstance(value, (int, str, float)):
        return value
    return {'$repr': repr(value)}


def build_widget(spec):
    if spec is None:
        return None
    if isinstance(spec, str):
        return getattr(forms, spec)
    name, kwargs = spec
    kwargs = decode(dict(kwargs))
    if name in ('MultiWidget',):
        raise ValueError('use a named widget')
    return getattr(forms, name)(**kwargs)


def build_field(spec):
    name, kwargs = spec
    kwargs = dict(kwargs)
    if 'widget' in kwargs:
        kwargs['widget'] = build_widget(kwargs['widget'])
    if 'coerce' in kwargs:
        kwargs['coerce'] = COERCE[kwargs['coerce']]
    if 'fields' in kwargs:
        kwargs['fields'] = [build_field(f) for f in kwargs['fields']]
    for key in ('initial', 'empty_value', 'max_value', 'min_value'):
        if key in kwargs:
            kwargs[key] = decode(kwargs[key])
    return getattr(forms, name)(**kwargs)


HOOKS = {}


def hook(name):
    def register(fn):
        HOOKS[name] = fn
        return fn
    return register


@hook('passwords_match')
def passwords_match(form):
    data = form.cleaned_data
    if data.get('password') and data.get('password') != data.get('confirm'):
        raise forms.ValidationError('Passwords do not match.', code='mismatch')
    return data


@hook('add_error_to_field')
def add_error_to_field(form):
    if form.cleaned_data.get('subject') == 'spam':
        form.add_error('subject', 'No <spam> please.')
    return form.cleaned_data


@hook('upper_subject')
def upper_subject(form):
    return form.cleaned_data['subject'].upper()


def build_form(case):
    attrs = {name: build_field(spec) for name, spec in case['fields']}
    for key, value in case.get('class', {}).items():
        attrs[key] = value
    if 'clean' in case:
        attrs['clean'] = HOOKS[case['clean']]
    for field, hook_name in case.get('field_hooks', {}).items():
        attrs['clean_' + field] = HOOKS[hook_name]
    return type('CaseForm', (forms.Form,), attrs)


def data_of(value):
    if value is None:
        return None
    return MultiValueDict({k: [decode(v) for v in (vs if isinstance(vs, list) else [vs])] for k, vs in value.items()})


def form_options(case):
    options = dict(case.get('options', {}))
    if 'initial' in options:
        options['initial'] = decode(options['initial'])
    return options


def render_fields(form):
    out = []
    for bf in form:
        out.append({
            'name': bf.name,
            'html': str(bf),
            'label_tag': str(bf.label_tag()),
            'errors': str(bf.errors),
            'help_text': bf.help_text,
            'id_for_label': bf.id_for_label,
            'css_classes': bf.css_classes(),
            'is_hidden': bf.is_hidden,
            'auto_id': bf.auto_id,
        })
    return out


def run_form(case):
    Form = build_form(case)
    options = form_options(case)
    form = Form(data=data_of(case.get('data')), files=data_of(case.get('files')), **options)
    result = {}
    if form.is_bound:
        result['is_valid'] = form.is_valid()
        result['errors'] = form.errors.get_json_data()
        result['errors_as_text'] = form.errors.as_text()
        result['non_field_errors'] = str(form.non_field_errors())
        result['cleaned_data'] = encode(getattr(form, 'cleaned_data', None))
        result['has_changed'] = form.has_changed()
        result['changed_data'] = form.changed_data
    result['as_p'] = form.as_p()
    result['as_table'] = form.as_table()
    result['as_ul'] = form.as_ul()
    result['fields'] = render_fields(form)
    result['is_multipart'] = form.is_multipart()
    return result


def run_formset(case):
    Form = build_form(case)
    FormSet = forms.formset_factory(Form, **case.get('factory', {}))
    options = dict(case.get('options', {}))
    if 'initial' in options:
        options['initial'] = decode(options['initial'])
    formset = FormSet(data=data_of(case.get('data')), **options)
    result = {}
    if formset.is_bound:
        result['is_valid'] = formset.is_valid()
        result['errors'] = [e.get_json_data() for e in formset.errors]
        result['non_form_errors'] = str(formset.non_form_errors())
        result['total_error_count'] = formset.total_error_count()
        result['cleaned_data'] = encode(formset.cleaned_data) if result['is_valid'] else None
        result['deleted'] = [formset.forms.index(f) for f in formset.deleted_forms]
        if formset.can_order and result['is_valid']:
            result['ordered'] = [formset.forms.index(f) for f in formset.ordered_forms]
    result['total_form_count'] = formset.total_form_count()
    result['initial_form_count'] = formset.initial_form_count()
    result['management_form'] = str(formset.management_form)
    result['as_p'] = formset.as_p()
    result['as_table'] = formset.as_table()
    result['empty_form'] = formset.empty_form.as_p()
    return result


def run_clean(case):
    field = build_field(case['field'])
    value = decode(case['value'])
    try:
        return {'value': encode(field.clean(value))}
    except forms.ValidationError as e:
        return {'errors': [{'message': m, 'code': err.code} for m, err in zip(e.messages, e.error_list)]}


def run_widget(case):
    widget = build_widget(case['widget'])
    if isinstance(widget, type):
        widget = widget()
    return {'html': widget.render(case['name_attr'], decode(case.get('value')), attrs=case.get('attrs'))}


RUN = {'form': run_form, 'formset': run_formset, 'clean': run_clean, 'widget': run_widget}

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from forms_cases import CASES  # noqa: E402


def main():
    cases = []
    for case in CASES:
        kind = case.get('kind', 'form')
        cases.append({**case, 'kind': kind, 'django': RUN[kind](case)})
    names = [c['name'] for c in cases]
    assert len(names) == len(set(names)), 'case names must be unique'
    with open(OUT, 'w') as f:
        json.dump({
            'django': django.get_version(),
            'source': ['conformance/harvest/forms.py', 'conformance/harvest/forms_cases.py'],
            'cases': cases,
        }, f, indent=1, ensure_ascii=False, sort_keys=False)
        f.write('\n')
    print('%d cases written to %s' % (len(cases), os.path.relpath(OUT, ROOT)))


if __name__ == '__main__':
    main()
