import { CharField, FileField, defineModel } from '@stack/orm';
import { Engine } from '@stack/templates';
import { describe, expect, it } from 'vitest';

// A model FieldFile in templates compares by its name, as Django's FieldFile.__eq__. Expected
// outputs rendered by Django 3.2.25 for the same model (FileField(upload_to='docs/')) and context.
class Doc extends defineModel<Doc>()('tests.FieldFileDoc', {
  title: new CharField({ maxLength: 20, default: '' }),
  attachment: new FileField({ uploadTo: 'docs/', blank: true }),
}) {}

const doc = new Doc({ attachment: 'docs/a.txt' });
const doc2 = new Doc({ attachment: 'docs/a.txt' });
const doc3 = new Doc({ attachment: 'docs/b.txt' });
const context = {
  doc,
  doc2,
  doc3,
  empty: new Doc(),
  names: ['x', 'docs/a.txt'],
  files: [doc.attachment, doc3.attachment],
  docs: [doc, doc2, doc3],
};

const cases: [string, string][] = [
  ["{% if doc.attachment == 'docs/a.txt' %}y{% else %}n{% endif %}", 'y'],
  ["{% if 'docs/a.txt' == doc.attachment %}y{% else %}n{% endif %}", 'y'],
  ["{% if doc.attachment != 'docs/a.txt' %}y{% else %}n{% endif %}", 'n'],
  ['{% if doc.attachment == doc2.attachment %}y{% else %}n{% endif %}', 'y'],
  ['{% if doc.attachment == doc3.attachment %}y{% else %}n{% endif %}', 'n'],
  ['{% if doc.attachment in names %}y{% else %}n{% endif %}', 'y'],
  ["{% if 'docs/b.txt' in files %}y{% else %}n{% endif %}", 'y'],
  ["{% if doc.attachment in 'docs/a.txt and more' %}y{% else %}n{% endif %}", 'n'],
  ['{% if empty.attachment %}y{% else %}n{% endif %}', 'n'],
  ["{% if empty.attachment == '' %}y{% else %}n{% endif %}", 'y'],
  ['{% if empty.attachment == None %}y{% else %}n{% endif %}', 'n'],
  ["{% ifequal doc.attachment 'docs/a.txt' %}y{% else %}n{% endifequal %}", 'y'],
  [
    '{% regroup docs by attachment as groups %}{% for g in groups %}{{ g.grouper }}:{{ g.list|length }};{% endfor %}',
    'docs/a.txt:2;docs/b.txt:1;',
  ],
  [
    '{% for x in docs %}{% ifchanged x.attachment %}{{ x.attachment }};{% endifchanged %}{% endfor %}',
    'docs/a.txt;docs/b.txt;',
  ],
  ['{{ doc.attachment }}', 'docs/a.txt'],
];

describe("a model's FieldFile in templates, as in Django", () => {
  const engine = new Engine();
  it.each(cases)('%#: %s', async (source, expected) => {
    expect(await engine.fromString(source).render(context)).toBe(expected);
  });
});
