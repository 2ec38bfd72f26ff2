"""The cases of the forms harvest, as data both Django and Stack build forms from.

A field is [ClassName, {django_kwarg: value}]; a widget is a class name or [ClassName, kwargs].
Values tagged {"$date"}, {"$datetime"}, {"$time"}, {"$decimal"}, {"$duration"} (ms),
{"$file": name, "content": text} or {"$file": name, "hex": bytes} and {"$stored": name, "url": url} stand for
what JSON has no type for.
"""

# PNG images made by Pillow: 1x1 red, 3x2 blue.
PNG_1X1 = ('89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415478'
           '9c63f8cfc0000003010100c9fe92ef0000000049454e44ae426082')
PNG_3X2 = '89504e470d0a1a0a0000000d49484452000000030000000208020000001216f14d0000001549444154789c636468f8cfc0c0c0c0c0c0c40003001a2b018301215fd80000000049454e44ae426082'

CONTACT = [
    ['subject', ['CharField', {'max_length': 100}]],
    ['message', ['CharField', {'widget': 'Textarea'}]],
    ['sender', ['EmailField', {}]],
    ['cc_myself', ['BooleanField', {'required': False}]],
]
CONTACT_OK = {'subject': 'Hello', 'message': 'Hi there', 'sender': 'ann@example.com', 'cc_myself': 'on'}

SIZES = [['s', 'Small'], ['m', 'Medium'], ['l', 'Large']]
GROUPED = [['Audio', [['vinyl', 'Vinyl'], ['cd', 'CD']]], ['Video', [['vhs', 'VHS Tape'], ['dvd', 'DVD']]], ['unknown', 'Unknown']]
EMPTY_FIRST = [['', '---------'], ['a', 'Apple'], ['b', 'Banana']]

INPUTS = [
    ['text', ['CharField', {'widget': ['TextInput', {'attrs': {'class': 'wide', 'placeholder': 'Your "name"'}}]}]],
    ['number', ['IntegerField', {'min_value': 0, 'max_value': 10}]],
    ['email', ['EmailField', {'max_length': 50}]],
    ['url', ['URLField', {}]],
    ['password', ['CharField', {'widget': 'PasswordInput'}]],
    ['password_kept', ['CharField', {'widget': ['PasswordInput', {'render_value': True}]}]],
    ['hidden', ['CharField', {'widget': 'HiddenInput', 'initial': 'h'}]],
    ['date', ['DateField', {'widget': ['DateInput', {'attrs': {'type': 'date'}}]}]],
    ['datetime', ['DateTimeField', {}]],
    ['time', ['TimeField', {'widget': ['TimeInput', {'format': '%H:%M'}]}]],
    ['agree', ['BooleanField', {}]],
    ['notes', ['CharField', {'widget': ['Textarea', {'attrs': {'rows': 3}}], 'required': False}]],
]

CHOICES = [
    ['size', ['ChoiceField', {'choices': SIZES}]],
    ['sizes', ['MultipleChoiceField', {'choices': SIZES}]],
    ['radio', ['ChoiceField', {'choices': SIZES, 'widget': 'RadioSelect'}]],
    ['checks', ['MultipleChoiceField', {'choices': SIZES, 'widget': 'CheckboxSelectMultiple'}]],
    ['media', ['ChoiceField', {'choices': GROUPED}]],
    ['media_radio', ['ChoiceField', {'choices': GROUPED, 'widget': 'RadioSelect', 'required': False}]],
    ['fruit', ['ChoiceField', {'choices': EMPTY_FIRST}]],
    ['maybe', ['NullBooleanField', {}]],
]

NUMBERS = [
    ['count', ['IntegerField', {'min_value': 1, 'max_value': 100}]],
    ['ratio', ['FloatField', {'required': False}]],
    ['price', ['DecimalField', {'max_digits': 5, 'decimal_places': 2}]],
    ['big', ['DecimalField', {'max_digits': 12, 'decimal_places': 0, 'required': False}]],
    ['tiny', ['DecimalField', {'decimal_places': 7, 'required': False}]],
]

TEMPORAL = [
    ['day', ['DateField', {}]],
    ['moment', ['DateTimeField', {}]],
    ['clock', ['TimeField', {}]],
    ['span', ['DurationField', {}]],
]

OTHERS = [
    ['uid', ['UUIDField', {}]],
    ['ip', ['GenericIPAddressField', {}]],
    ['slug', ['SlugField', {}]],
    ['site', ['URLField', {}]],
    ['code', ['RegexField', {'regex': '^[A-Z]{2}\\d{2}$'}]],
    ['meta', ['JSONField', {}]],
]

CASES = [
    # Contact form, Django's documentation example, in every state and option.
    {'name': 'contact unbound', 'fields': CONTACT},
    {'name': 'contact bound valid', 'fields': CONTACT, 'data': CONTACT_OK},
    {'name': 'contact bound invalid', 'fields': CONTACT,
     'data': {'subject': 'x' * 101, 'message': '', 'sender': 'not an address'}},
    {'name': 'contact bound empty', 'fields': CONTACT, 'data': {}},
    {'name': 'contact with prefix', 'fields': CONTACT, 'options': {'prefix': 'contact'},
     'data': {'contact-subject': 'Hi', 'contact-sender': 'bad'}},
    {'name': 'contact without ids', 'fields': CONTACT, 'options': {'auto_id': False}},
    {'name': 'contact with an id pattern', 'fields': CONTACT, 'options': {'auto_id': 'field_%s'}},
    {'name': 'contact with bare-name ids', 'fields': CONTACT, 'options': {'auto_id': True}},
    {'name': 'contact without label suffix', 'fields': CONTACT, 'options': {'label_suffix': ''}},
    {'name': 'contact with an arrow label suffix', 'fields': CONTACT, 'options': {'label_suffix': ' ->'},
     'data': {'subject': 'a'}},
    {'name': 'contact with initial values', 'fields': CONTACT,
     'options': {'initial': {'subject': 'Re: <b>hello</b>', 'sender': 'me@example.com', 'cc_myself': True}}},
    {'name': 'contact without required attributes', 'fields': CONTACT,
     'options': {'use_required_attribute': False}},
    {'name': 'contact changed from initial', 'fields': CONTACT,
     'options': {'initial': {'subject': 'Hello', 'message': 'Hi there'}}, 'data': CONTACT_OK},
    {'name': 'css classes for required and erroneous rows', 'fields': CONTACT,
     'class': {'required_css_class': 'required', 'error_css_class': 'error'}, 'data': {'subject': 'x'}},
    {'name': 'labels and help texts', 'fields': [
        ['name', ['CharField', {'label': 'Your <name>', 'help_text': 'As on your <em>passport</em>.'}]],
        ['question', ['CharField', {'label': 'Really?'}]],
        ['unlabelled', ['CharField', {'label': '', 'required': False}]],
        ['suffixed', ['CharField', {'label_suffix': ' =', 'required': False}]],
    ]},
    {'name': 'hidden and visible fields', 'fields': [
        ['token', ['CharField', {'widget': 'HiddenInput'}]],
        ['title', ['CharField', {}]],
        ['next', ['CharField', {'widget': 'HiddenInput', 'required': False, 'initial': '/done/'}]],
    ], 'data': {'title': 'x'}},
    {'name': 'only hidden fields', 'fields': [
        ['a', ['CharField', {'widget': 'HiddenInput', 'initial': '1'}]],
        ['b', ['CharField', {'widget': 'HiddenInput', 'initial': '2'}]],
    ]},
    {'name': 'only hidden fields with errors', 'fields': [
        ['a', ['IntegerField', {'widget': 'HiddenInput'}]],
    ], 'data': {'a': 'x'}},
    {'name': 'non-field errors from clean', 'fields': [
        ['password', ['CharField', {'widget': 'PasswordInput'}]],
        ['confirm', ['CharField', {'widget': 'PasswordInput'}]],
    ], 'clean': 'passwords_match', 'data': {'password': 'a', 'confirm': 'b'}},
    {'name': 'add_error with markup is escaped', 'fields': CONTACT, 'clean': 'add_error_to_field',
     'data': {**CONTACT_OK, 'subject': 'spam'}},
    {'name': 'clean hook of a field', 'fields': CONTACT, 'field_hooks': {'subject': 'upper_subject'},
     'data': CONTACT_OK},
    {'name': 'user input in error messages is escaped', 'fields': CHOICES[:2],
     'data': {'size': '<script>alert(1)</script>', 'sizes': ['s', '"><img src=x>']}},
    {'name': 'every input widget unbound', 'fields': INPUTS},
    {'name': 'every input widget bound', 'fields': INPUTS, 'data': {
        'text': 'a & b', 'number': '11', 'email': 'x@y.zz', 'url': 'example.com', 'password': 'secret',
        'password_kept': 'kept', 'hidden': 'h2', 'date': '2024-02-30', 'datetime': '2024-01-02 03:04',
        'time': '13:45', 'agree': '', 'notes': '<b>bold</b>'}},
    {'name': 'every input widget with initial values', 'fields': INPUTS, 'options': {'initial': {
        'text': 'Initial', 'number': 5, 'email': 'a@b.co', 'url': 'https://example.com/',
        'password': 'never shown', 'password_kept': 'shown', 'date': {'$date': '2024-05-06'},
        'datetime': {'$datetime': '2024-05-06T07:08:09'}, 'time': {'$time': '10:11:12'},
        'agree': True, 'notes': 'Line 1\nLine 2'}}},
    {'name': 'choice widgets unbound', 'fields': CHOICES},
    {'name': 'choice widgets with initial values', 'fields': CHOICES, 'options': {'initial': {
        'size': 'm', 'sizes': ['s', 'l'], 'radio': 'l', 'checks': ['m'], 'media': 'cd',
        'media_radio': 'dvd', 'fruit': 'b', 'maybe': True}}},
    {'name': 'choice widgets bound', 'fields': CHOICES, 'data': {
        'size': 'l', 'sizes': ['m', 'l'], 'radio': 's', 'checks': ['s', 'l'], 'media': 'vhs',
        'media_radio': 'unknown', 'fruit': '', 'maybe': 'false'}},
    {'name': 'choice widgets bound invalid', 'fields': CHOICES, 'data': {
        'size': 'xl', 'sizes': 's', 'radio': '', 'media': 'Audio', 'maybe': 'perhaps'}},
    {'name': 'choice widgets without ids', 'fields': CHOICES, 'options': {'auto_id': False}},
    {'name': 'select date widget', 'fields': [
        ['born', ['DateField', {'widget': ['SelectDateWidget', {'years': [2020, 2021, 2022]}]}]],
        ['maybe', ['DateField', {'required': False, 'widget': ['SelectDateWidget', {
            'years': [2021], 'empty_label': ['Year', 'Month', 'Day']}]}]],
    ], 'options': {'initial': {'born': {'$date': '2021-03-04'}}}},
    {'name': 'select date widget bound', 'fields': [
        ['born', ['DateField', {'widget': ['SelectDateWidget', {'years': [2020, 2021, 2022]}]}]],
        ['maybe', ['DateField', {'required': False, 'widget': ['SelectDateWidget', {'years': [2021]}]}]],
    ], 'data': {'born_year': '2021', 'born_month': '2', 'born_day': '30', 'maybe_year': '', 'maybe_month': '',
                'maybe_day': ''}},
    {'name': 'split date and time', 'fields': [
        ['when', ['SplitDateTimeField', {}]],
        ['hidden_when', ['SplitDateTimeField', {'widget': 'SplitHiddenDateTimeWidget', 'required': False}]],
    ], 'options': {'initial': {'when': {'$datetime': '2024-01-02T03:04:05'}}}},
    {'name': 'split date and time bound', 'fields': [
        ['when', ['SplitDateTimeField', {}]],
        ['later', ['SplitDateTimeField', {'required': False}]],
    ], 'data': {'when_0': '2024-01-02', 'when_1': '03:04', 'later_0': '2024-01-02', 'later_1': ''}},
    {'name': 'multiple hidden input', 'fields': [
        ['tags', ['MultipleChoiceField', {'choices': SIZES, 'widget': 'MultipleHiddenInput'}]],
    ], 'options': {'initial': {'tags': ['s', 'm']}}},
    {'name': 'file fields unbound', 'fields': [
        ['doc', ['FileField', {}]],
        ['photo', ['ImageField', {'required': False}]],
        ['plain', ['FileField', {'widget': 'FileInput', 'required': False}]],
    ]},
    {'name': 'file fields bound', 'fields': [
        ['doc', ['FileField', {'max_length': 10}]],
        ['photo', ['ImageField', {'required': False}]],
        ['gif', ['ImageField', {'required': False}]],
        ['empty', ['FileField', {'required': False}]],
    ], 'data': {}, 'files': {
        'doc': {'$file': 'a-very-long-name.txt', 'content': 'hello'},
        'photo': {'$file': 'pixel.png', 'hex': PNG_1X1, 'type': 'image/png'},
        'gif': {'$file': 'fake.gif', 'content': 'not an image'},
        'empty': {'$file': 'empty.txt', 'content': ''}}},
    {'name': 'file fields valid', 'fields': [
        ['doc', ['FileField', {}]],
        ['photo', ['ImageField', {}]],
    ], 'data': {}, 'files': {
        'doc': {'$file': 'notes.txt', 'content': 'hello'},
        'photo': {'$file': 'wide.png', 'hex': PNG_3X2, 'type': 'image/png'}}},
    {'name': 'clearable file input with a stored file', 'fields': [
        ['avatar', ['ImageField', {'required': False}]],
        ['cv', ['FileField', {}]],
    ], 'options': {'initial': {'avatar': {'$stored': 'avatars/me.png', 'url': '/media/avatars/me.png'},
                               'cv': {'$stored': 'cv & more.pdf', 'url': '/media/cv%20%26%20more.pdf'}}}},
    {'name': 'clearable file input cleared and contradicted', 'fields': [
        ['avatar', ['ImageField', {'required': False}]],
        ['cv', ['FileField', {'required': False}]],
    ], 'options': {'initial': {'avatar': {'$stored': 'avatars/me.png', 'url': '/media/avatars/me.png'},
                               'cv': {'$stored': 'cv.pdf', 'url': '/media/cv.pdf'}}},
     'data': {'avatar-clear': 'on', 'cv-clear': 'on'},
     'files': {'cv': {'$file': 'new.pdf', 'content': 'pdf'}}},
    {'name': 'numbers unbound', 'fields': NUMBERS},
    {'name': 'numbers bound', 'fields': NUMBERS, 'data': {
        'count': ' 42.0 ', 'ratio': '1e3', 'price': '3.14', 'big': '123456789012', 'tiny': '0.0000001'}},
    {'name': 'numbers bound invalid', 'fields': NUMBERS, 'data': {
        'count': '0', 'ratio': 'nan', 'price': '123.456', 'big': '1e20', 'tiny': 'x'}},
    {'name': 'temporal fields bound', 'fields': TEMPORAL, 'data': {
        'day': '10/25/2006', 'moment': '2006-10-25T14:30:59+02:00', 'clock': '14:30:59.000200',
        'span': '3 days 04:05:06'}},
    {'name': 'temporal fields other formats', 'fields': TEMPORAL, 'data': {
        'day': 'Oct 25, 2006', 'moment': '10/25/06 14:30', 'clock': '14:30', 'span': 'P1DT2H'}},
    {'name': 'temporal fields invalid', 'fields': TEMPORAL, 'data': {
        'day': '2006-13-01', 'moment': '2006-10-32 10:00', 'clock': '25:00', 'span': 'soon'}},
    {'name': 'temporal fields with initial values', 'fields': TEMPORAL, 'options': {'initial': {
        'day': {'$date': '2001-02-03'}, 'moment': {'$datetime': '2001-02-03T04:05:06.789'},
        'clock': {'$time': '04:05:06'}, 'span': {'$duration': 93784005}}}},
    {'name': 'other text fields bound', 'fields': OTHERS, 'data': {
        'uid': '{12345678-1234-5678-1234-567812345678}', 'ip': ' 2001:0db8::0001 ', 'slug': 'a-slug_1',
        'site': 'example.com/path?q=1', 'code': 'AB12', 'meta': '{"a": [1, 2.5, null, true]}'}},
    {'name': 'other text fields invalid', 'fields': OTHERS, 'data': {
        'uid': 'nope', 'ip': '256.1.1.1', 'slug': 'not a slug', 'site': 'http://', 'code': 'ab12',
        'meta': '{bad json'}},
    {'name': 'json field with initial value', 'fields': [['meta', ['JSONField', {}]]],
     'options': {'initial': {'meta': {'b': [1, 'two'], 'a': 'é'}}}},
    {'name': 'typed choices', 'fields': [
        ['n', ['TypedChoiceField', {'choices': [[1, 'One'], [2, 'Two']], 'coerce': 'int'}]],
        ['ns', ['TypedMultipleChoiceField', {'choices': [[1, 'One'], [2, 'Two'], [3, 'Three']], 'coerce': 'int'}]],
        ['opt', ['TypedChoiceField', {'choices': [['', '-'], [1, 'One']], 'coerce': 'int', 'required': False,
                                      'empty_value': None}]],
    ], 'data': {'n': '2', 'ns': ['1', '3'], 'opt': ''}},
    {'name': 'disabled fields keep their initial value', 'fields': [
        ['locked', ['CharField', {'disabled': True, 'initial': 'fixed'}]],
        ['free', ['CharField', {}]],
    ], 'data': {'locked': 'tampered', 'free': 'x'}},
    {'name': 'hidden initial values', 'fields': [
        ['title', ['CharField', {'show_hidden_initial': True}]],
    ], 'options': {'initial': {'title': 'Before'}}, 'data': {'title': 'After', 'initial-title': 'Before'}},
    {'name': 'empty permitted form left empty', 'fields': CONTACT,
     'options': {'empty_permitted': True, 'use_required_attribute': False}, 'data': {}},
    {'name': 'field order', 'fields': CONTACT, 'options': {'field_order': ['sender', 'cc_myself', 'nope']}},
    {'name': 'char field options', 'fields': [
        ['stripped', ['CharField', {'min_length': 3}]],
        ['kept', ['CharField', {'strip': False, 'required': False}]],
        ['nullable', ['CharField', {'required': False, 'empty_value': None}]],
    ], 'data': {'stripped': '  ab  ', 'kept': '  ab  ', 'nullable': '   '}},
    {'name': 'combo field', 'fields': [
        ['email', ['ComboField', {'fields': [['CharField', {'max_length': 10}], ['EmailField', {}]]}]],
    ], 'data': {'email': 'long.name@example.com'}},
    {'name': 'required checkbox unticked', 'fields': [['agree', ['BooleanField', {}]]], 'data': {}},
    {'name': 'widget id attribute wins', 'fields': [
        ['name', ['CharField', {'widget': ['TextInput', {'attrs': {'id': 'custom'}}]}]],
        ['pick', ['MultipleChoiceField', {'choices': SIZES, 'widget': ['CheckboxSelectMultiple', {'attrs': {'id': 'p', 'class': 'inline'}}]}]],
    ]},
    {'name': 'date and time fields with text inputs and initial values', 'fields': [
        ['day', ['DateField', {'widget': 'TextInput'}]],
        ['clock', ['TimeField', {'widget': 'TextInput'}]],
        ['day_hidden', ['DateField', {'widget': 'HiddenInput'}]],
    ], 'options': {'initial': {'day': {'$date': '2020-02-03'}, 'clock': {'$time': '04:05:06'},
                               'day_hidden': {'$date': '2020-02-04'}}}},
    {'name': 'null characters refused', 'fields': [['text', ['CharField', {}]]], 'data': {'text': 'a\x00b'}},
]

# Formsets.
ARTICLE = [
    ['title', ['CharField', {}]],
    ['pub_date', ['DateField', {'required': False}]],
]


def management(prefix='form', total=1, initial=0):
    return {'%s-TOTAL_FORMS' % prefix: str(total), '%s-INITIAL_FORMS' % prefix: str(initial),
            '%s-MIN_NUM_FORMS' % prefix: '0', '%s-MAX_NUM_FORMS' % prefix: '1000'}


CASES += [
    {'kind': 'formset', 'name': 'formset unbound', 'fields': ARTICLE, 'factory': {'extra': 2}},
    {'kind': 'formset', 'name': 'formset with initial data, delete and order', 'fields': ARTICLE,
     'factory': {'extra': 1, 'can_delete': True, 'can_order': True},
     'options': {'initial': [{'title': 'First', 'pub_date': {'$date': '2020-01-01'}}, {'title': 'Second'}]}},
    {'kind': 'formset', 'name': 'formset bound valid', 'fields': ARTICLE,
     'data': {**management(total=2), 'form-0-title': 'A', 'form-0-pub_date': '2020-01-02', 'form-1-title': 'B'}},
    {'kind': 'formset', 'name': 'formset without management form', 'fields': ARTICLE,
     'data': {'form-0-title': 'A'}},
    {'kind': 'formset', 'name': 'formset over max', 'fields': ARTICLE,
     'factory': {'max_num': 1, 'validate_max': True},
     'data': {**management(total=2), 'form-0-title': 'A', 'form-1-title': 'B'}},
    {'kind': 'formset', 'name': 'formset total forms past absolute max', 'fields': ARTICLE,
     'factory': {'max_num': 2, 'absolute_max': 3},
     'data': {**management(total=1000000), 'form-0-title': 'A'}},
    {'kind': 'formset', 'name': 'formset under min', 'fields': ARTICLE,
     'factory': {'min_num': 2, 'validate_min': True, 'extra': 0},
     'data': {**management(total=2), 'form-0-title': 'A'}},
    {'kind': 'formset', 'name': 'formset deleting an invalid form', 'fields': ARTICLE,
     'factory': {'can_delete': True},
     'data': {**management(total=2, initial=2), 'form-0-title': 'A', 'form-1-title': '',
              'form-1-pub_date': 'bad', 'form-1-DELETE': 'on'}},
    {'kind': 'formset', 'name': 'formset ordering', 'fields': ARTICLE,
     'factory': {'can_order': True, 'extra': 0},
     'data': {**management(total=3, initial=3), 'form-0-title': 'A', 'form-0-ORDER': '2',
              'form-1-title': 'B', 'form-1-ORDER': '', 'form-2-title': 'C', 'form-2-ORDER': '1'}},
    {'kind': 'formset', 'name': 'formset with prefix and max', 'fields': ARTICLE,
     'factory': {'extra': 5, 'max_num': 2}, 'options': {'prefix': 'articles'}},
    {'kind': 'formset', 'name': 'formset empty extra forms are valid', 'fields': ARTICLE,
     'factory': {'extra': 3},
     'data': {**management(total=3), 'form-0-title': 'A', 'form-1-title': '', 'form-2-title': ''}},
    {'kind': 'formset', 'name': 'formset invalid form', 'fields': ARTICLE,
     'data': {**management(total=2), 'form-0-title': '', 'form-0-pub_date': '2020-01-01', 'form-1-title': 'B'}},
]

# Field.clean() vectors: a field and a value, Django's clean value or errors.
CLEAN = [
    (['CharField', {}], ' text '), (['CharField', {}], ''), (['CharField', {'required': False}], None),
    (['CharField', {'max_length': 1}], 'ab'), (['CharField', {'min_length': 1}], 'é'),
    (['CharField', {}], 42), (['CharField', {'max_length': 3}], '😀😀😀'),
    (['IntegerField', {}], '1'), (['IntegerField', {}], ' -12 '), (['IntegerField', {}], '1.0'),
    (['IntegerField', {}], '1.5'), (['IntegerField', {}], '1_000'), (['IntegerField', {}], 'abc'),
    (['IntegerField', {}], '+7'), (['IntegerField', {'required': False}], ''), (['IntegerField', {}], 12),
    (['IntegerField', {'max_value': 10}], '11'), (['IntegerField', {'min_value': 10}], '9'),
    (['FloatField', {}], '1.5'), (['FloatField', {}], '.5'), (['FloatField', {}], '5.'),
    (['FloatField', {}], 'inf'), (['FloatField', {}], '-1e-3'), (['FloatField', {}], '1e'),
    (['DecimalField', {}], '1.50'), (['DecimalField', {}], '1e3'), (['DecimalField', {}], '-0'),
    (['DecimalField', {}], 'NaN'), (['DecimalField', {}], 'Infinity'), (['DecimalField', {}], '.1'),
    (['DecimalField', {'max_digits': 4, 'decimal_places': 2}], '12.345'),
    (['DecimalField', {'max_digits': 4, 'decimal_places': 2}], '123.4'),
    (['DecimalField', {'max_digits': 4, 'decimal_places': 2}], '12345'),
    (['DecimalField', {'max_digits': 1, 'decimal_places': 1}], '0.01'),
    (['DecimalField', {'max_value': {'$decimal': '1.5'}}], '1.51'),
    (['DecimalField', {'min_value': 1}], '0.9'),
    (['BooleanField', {}], 'on'), (['BooleanField', {}], 'false'), (['BooleanField', {}], '0'),
    (['BooleanField', {'required': False}], ''), (['BooleanField', {}], False), (['BooleanField', {}], 'False'),
    (['NullBooleanField', {}], 'unknown'), (['NullBooleanField', {}], '1'), (['NullBooleanField', {}], False),
    (['ChoiceField', {'choices': SIZES}], 'm'), (['ChoiceField', {'choices': SIZES}], 'x'),
    (['ChoiceField', {'choices': [[1, 'One']]}], '1'), (['ChoiceField', {'choices': GROUPED}], 'dvd'),
    (['ChoiceField', {'choices': GROUPED}], 'Video'), (['ChoiceField', {'choices': SIZES, 'required': False}], ''),
    (['MultipleChoiceField', {'choices': SIZES}], ['s', 'm']), (['MultipleChoiceField', {'choices': SIZES}], 's'),
    (['MultipleChoiceField', {'choices': SIZES}], []), (['MultipleChoiceField', {'choices': SIZES}], ['s', 'q']),
    (['TypedChoiceField', {'choices': [[1, 'One']], 'coerce': 'int'}], '1'),
    (['TypedChoiceField', {'choices': [['x', 'X']], 'coerce': 'int'}], 'x'),
    (['TypedMultipleChoiceField', {'choices': [[1, 'One'], [2, 'Two']], 'coerce': 'int'}], ['1', '2']),
    (['EmailField', {}], 'ann@example.com'), (['EmailField', {}], 'ann@localhost'),
    (['EmailField', {}], 'ann@[127.0.0.1]'), (['EmailField', {}], 'ann@[::1]'), (['EmailField', {}], 'ann@x'),
    (['EmailField', {}], '"quoted name"@example.com'), (['EmailField', {}], 'a..b@example.com'),
    (['EmailField', {}], 'ann@exämple.com'), (['EmailField', {}], 'ann@-example.com'),
    (['EmailField', {}], ' ann@example.com '), (['EmailField', {}], 'a@b@c.com'),
    (['URLField', {}], 'http://example.com'), (['URLField', {}], 'example.com'),
    (['URLField', {}], 'https://user:pass@example.com:8080/p?q=1#f'), (['URLField', {}], 'http://localhost'),
    (['URLField', {}], 'http://127.0.0.1/'), (['URLField', {}], 'http://[::1]:80/'),
    (['URLField', {}], 'http://[::z]/'), (['URLField', {}], 'ftp://example.com'), (['URLField', {}], 'javascript:alert(1)'),
    (['URLField', {}], 'http://exämple.com/'), (['URLField', {}], 'http://-bad.com'), (['URLField', {}], 'http://example'),
    (['URLField', {}], 'http://a b.com'), (['URLField', {}], 'http://example.com/\nx'), (['URLField', {}], '//example.com'),
    (['SlugField', {}], 'ok-slug_1'), (['SlugField', {}], 'café'), (['SlugField', {'allow_unicode': True}], 'café-1'),
    (['RegexField', {'regex': '^\\d+$'}], '123'), (['RegexField', {'regex': '^\\d+$'}], '12a'),
    (['UUIDField', {}], '12345678123456781234567812345678'), (['UUIDField', {}], 'urn:uuid:12345678-1234-5678-1234-567812345678'),
    (['UUIDField', {}], '1234'), (['UUIDField', {'required': False}], ''),
    (['GenericIPAddressField', {}], '127.0.0.1'), (['GenericIPAddressField', {}], '::ffff:10.0.0.1'),
    (['GenericIPAddressField', {'unpack_ipv4': True}], '::ffff:10.0.0.1'), (['GenericIPAddressField', {}], '1:2:3:4:5:6:7:8:9'),
    (['GenericIPAddressField', {}], 'fe80:0:0:0:0:0:0:1'), (['GenericIPAddressField', {'protocol': 'ipv4'}], '::1'),
    (['GenericIPAddressField', {'protocol': 'ipv6'}], '10.0.0.1'), (['GenericIPAddressField', {}], '010.0.0.1'),
    (['DateField', {}], '2006-10-25'), (['DateField', {}], '10/25/06'), (['DateField', {}], '25 October 2006'),
    (['DateField', {}], '2006-02-29'), (['DateField', {}], ' 2006-10-25 '), (['DateField', {'input_formats': ['%d.%m.%Y']}], '25.10.2006'),
    (['DateField', {'input_formats': ['%d.%m.%Y']}], '2006-10-25'),
    (['TimeField', {}], '23:59'), (['TimeField', {}], '23:59:60'), (['TimeField', {}], '1:2:3'),
    (['DateTimeField', {}], '2006-10-25 14:30:59'), (['DateTimeField', {}], '2006-10-25'),
    (['DateTimeField', {}], '2006-10-25T14:30:59.123456Z'), (['DateTimeField', {}], '2006-10-25 14:30+05:30'),
    (['DateTimeField', {}], '10/25/2006 14:30:59.5'), (['DateTimeField', {}], '2006-10-25 24:00'),
    (['DurationField', {}], '30'), (['DurationField', {}], '1:30'), (['DurationField', {}], '-1 00:00:01'),
    (['DurationField', {}], '1 day, 1:00:00'), (['DurationField', {}], 'P2DT3H4M5.5S'), (['DurationField', {}], '-P1D'),
    (['DurationField', {}], '1.000001'), (['DurationField', {}], '1000000000 00:00:00'), (['DurationField', {}], 'x'),
    (['JSONField', {}], '[1, "a", {"b": null}]'), (['JSONField', {}], '"text"'), (['JSONField', {}], 'nul'),
    (['JSONField', {'required': False}], ''), (['JSONField', {}], '3.0'),
    (['ComboField', {'fields': [['CharField', {'max_length': 20}], ['EmailField', {}]]}], 'a@b.co'),
    (['SplitDateTimeField', {}], ['2006-01-10', '07:30']), (['SplitDateTimeField', {}], ['2006-01-10', '']),
    (['SplitDateTimeField', {'required': False}], ['', '']), (['SplitDateTimeField', {}], ['bad', 'worse']),
    (['SplitDateTimeField', {}], 'not a list'),
]
for i, (field, value) in enumerate(CLEAN):
    CASES.append({'kind': 'clean', 'name': 'clean %03d %s %r' % (i, field[0], value), 'field': field, 'value': value})

# Widgets rendered on their own.
WIDGETS = [
    ('TextInput', 'name', 'A "quoted" & <tagged> value', None),
    (['TextInput', {'attrs': {'type': 'tel', 'data-x': 1, 'hidden': True, 'off': False}}], 'phone', '', None),
    ('NumberInput', 'n', 0, {'step': 5}), ('HiddenInput', 'h', None, None),
    ('PasswordInput', 'p', 'secret', None), ('Textarea', 't', None, {'rows': 2}),
    ('CheckboxInput', 'c', 'yes', None), ('CheckboxInput', 'c', False, None), ('CheckboxInput', 'c', '', None),
    (['Select', {'choices': SIZES}], 's', 'm', {'class': 'x'}), (['Select', {'choices': GROUPED}], 's', 'cd', None),
    (['Select', {'choices': [[None, 'None'], [1, 'One']]}], 's', None, None),
    (['SelectMultiple', {'choices': SIZES}], 's', ['s', 'l'], None),
    (['RadioSelect', {'choices': SIZES}], 'r', 'l', {'id': 'rid'}), (['RadioSelect', {'choices': GROUPED}], 'r', 'vhs', {'id': 'g'}),
    (['CheckboxSelectMultiple', {'choices': SIZES}], 'c', ['m'], {'id': 'cid'}),
    ('NullBooleanSelect', 'nb', None, None), ('NullBooleanSelect', 'nb', 'false', None),
    ('MultipleHiddenInput', 'mh', ['a', 'b'], {'id': 'mh'}), ('FileInput', 'f', 'ignored', None),
    ('ClearableFileInput', 'f', None, None),
    (['DateInput', {'format': '%d/%m/%Y'}], 'd', {'$date': '2020-07-08'}, None),
    (['DateTimeInput', {}], 'dt', {'$datetime': '2020-07-08T09:10:11'}, None),
    (['TimeInput', {}], 't', {'$time': '09:10:11'}, None),
    (['SplitDateTimeWidget', {'date_attrs': {'type': 'date'}, 'time_attrs': {'type': 'time'}}], 'w',
     {'$datetime': '2020-07-08T09:10:11'}, {'id': 'w'}),
    ('SplitHiddenDateTimeWidget', 'w', None, None),
    (['SelectDateWidget', {'years': [2000, 2001]}], 'sd', '2001-0-4', {'id': 'sd'}),
    (['SelectDateWidget', {'years': [2000, 2001], 'empty_label': 'Choose'}], 'sd', None, None),
]
for i, (widget, name, value, attrs) in enumerate(WIDGETS):
    label = widget if isinstance(widget, str) else widget[0]
    CASES.append({'kind': 'widget', 'name': 'widget %02d %s' % (i, label), 'widget': widget, 'name_attr': name,
                  'value': value, 'attrs': attrs})
