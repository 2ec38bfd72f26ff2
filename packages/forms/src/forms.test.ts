import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '@stack/templates';
import { afterAll, describe, expect, expectTypeOf, it } from 'vitest';
import {
  BooleanField,
  CharField,
  ChoiceField,
  DjangoTemplates,
  EmailField,
  IntegerField,
  MultipleChoiceField,
  RadioSelect,
  TemplatesSetting,
  Textarea,
  ValidationError,
  defineForm,
  formsTemplatesDir,
} from './index.js';

class ContactForm extends defineForm({
  subject: new CharField({ maxLength: 100, helpText: '100 <em>characters</em> at most.' }),
  message: new CharField({ widget: Textarea }),
  sender: new EmailField(),
  ccMyself: new BooleanField({ required: false }),
}) {}

const valid = { subject: 'Hello', message: 'Hi', sender: 'ann@example.com', ccMyself: 'on' };

describe('a declared form', () => {
  it('types cleanedData from its fields', async () => {
    const form = new ContactForm({ data: valid });
    expect(await form.isValid()).toBe(true);
    expectTypeOf(form.cleanedData.subject).toEqualTypeOf<string>();
    expectTypeOf(form.cleanedData.ccMyself).toEqualTypeOf<boolean>();
    const Numbers = defineForm({
      n: new IntegerField(),
      maybe: new IntegerField({ required: false }),
      name: new CharField({ required: false, emptyValue: null }),
    });
    const numbers = new Numbers({ data: { n: '1' } });
    expect(await numbers.isValid()).toBe(true);
    expectTypeOf(numbers.cleanedData.n).toEqualTypeOf<number>();
    expectTypeOf(numbers.cleanedData.maybe).toEqualTypeOf<number | null>();
    expectTypeOf(numbers.cleanedData.name).toEqualTypeOf<string | null>();
    expect(numbers.cleanedData).toEqual({ n: 1, maybe: null, name: null });
  });

  it('reads data from a query string, a Map, a plain object or anything with getlist', async () => {
    const Pick = defineForm({
      tags: new MultipleChoiceField({
        choices: [
          ['a', 'A'],
          ['b', 'B'],
        ],
      }),
      name: new CharField(),
    });
    const sources = [
      new URLSearchParams('tags=a&tags=b&name=x'),
      new Map<string, unknown>([
        ['tags', ['a', 'b']],
        ['name', 'x'],
      ]),
      { tags: ['a', 'b'], name: 'x' },
      {
        get: (k: string) => (k === 'name' ? 'x' : 'b'),
        getlist: () => ['a', 'b'],
        has: () => true,
      },
    ];
    for (const data of sources) {
      const form = new Pick({ data });
      expect(await form.isValid()).toBe(true);
      expect(form.cleanedData).toEqual({ tags: ['a', 'b'], name: 'x' });
    }
  });

  it('is unbound without data, and never valid then', async () => {
    const form = new ContactForm();
    expect(form.isBound).toBe(false);
    expect(await form.isValid()).toBe(false);
    expect(form.errors.size).toBe(0);
  });

  it('reads its errors at once when nothing has to wait, as in Django', () => {
    const form = new ContactForm({ data: { subject: 'x' } });
    expect(form.errors.keys()).toEqual(['message', 'sender']);
    expect(form.errors.asText()).toBe(
      '* message\n  * This field is required.\n* sender\n  * This field is required.',
    );
    expect(form.errors.asUl().value).toBe(
      '<ul class="errorlist"><li>message<ul class="errorlist"><li>This field is required.</li></ul></li><li>sender<ul class="errorlist"><li>This field is required.</li></ul></li></ul>',
    );
    expect(form.errors.asData().sender?.[0]?.code).toBe('required');
    expect(form.hasError('sender', 'required')).toBe(true);
    expect(form.hasError('sender', 'invalid')).toBe(false);
  });

  it('asks to be awaited when a hook has to wait', async () => {
    class Slow extends defineForm({ name: new CharField() }) {
      async cleanName() {
        await new Promise((resolve) => setImmediate(resolve));
        if (this.cleanedData.name === 'taken')
          throw new ValidationError('Taken.', { code: 'taken' });
        return this.cleanedData.name;
      }
    }
    const form = new Slow({ data: { name: 'taken' } });
    expect(() => form.errors).toThrow(/await form.isValid\(\)/);
    expect(await form.isValid()).toBe(false);
    expect(form.errors.get('name')?.at(0)).toBe('Taken.');
    const free = new Slow({ data: { name: 'free' } });
    expect(await free.isValid()).toBe(true);
  });

  it('runs clean<Field>() then clean(), which may add errors or replace the clean data', async () => {
    class Signup extends defineForm({
      username: new CharField(),
      password: new CharField(),
      confirm: new CharField(),
    }) {
      cleanUsername() {
        return this.cleanedData.username.toLowerCase();
      }
      override clean() {
        const { password, confirm } = this.cleanedData;
        if (password !== confirm) this.addError('confirm', 'Passwords differ.');
        if (password === 'secret') throw new ValidationError('Too easy.', { code: 'weak' });
        return { ...this.cleanedData, extra: 1 };
      }
    }
    const form = new Signup({ data: { username: 'ANN', password: 'secret', confirm: 'x' } });
    expect(await form.isValid()).toBe(false);
    expect(form.nonFieldErrors().asUl().value).toBe(
      '<ul class="errorlist nonfield"><li>Too easy.</li></ul>',
    );
    expect(form.errors.get('confirm')?.at(0)).toBe('Passwords differ.');
    expect(form.cleanedData).toEqual({ username: 'ann', password: 'secret' });
    const ok = new Signup({ data: { username: 'ANN', password: 'pw', confirm: 'pw' } });
    expect(await ok.isValid()).toBe(true);
    expect(ok.cleanedData).toEqual({ username: 'ann', password: 'pw', confirm: 'pw', extra: 1 });
  });

  it('adds errors by field, refusing unknown fields and a field with a dict', async () => {
    const form = new ContactForm({ data: valid });
    await form.isValid();
    form.addError(null, new ValidationError({ subject: 'Bad subject.', sender: ['Bad sender.'] }));
    expect(form.errors.keys()).toEqual(['subject', 'sender']);
    expect('subject' in form.cleanedData).toBe(false);
    expect(() => form.addError('nope', 'x')).toThrow("'ContactForm' has no field named 'nope'.");
    expect(() => form.addError('subject', { subject: 'x' })).toThrow(TypeError);
    expect(form.errors.asJson()).toBe(
      '{"subject": [{"message": "Bad subject.", "code": ""}], "sender": [{"message": "Bad sender.", "code": ""}]}',
    );
  });

  it('tells what changed from the initial values', () => {
    const form = new ContactForm({
      data: { ...valid, ccMyself: '' },
      initial: { subject: 'Hello', message: 'Hi', ccMyself: true },
    });
    expect(form.changedData).toEqual(['sender', 'ccMyself']);
    expect(form.hasChanged()).toBe(true);
  });

  it('orders fields by the static fieldOrder or the option', () => {
    class Ordered extends ContactForm {
      static override fieldOrder = ['sender'];
    }
    expect(Object.keys(new Ordered().fields)).toEqual(['sender', 'subject', 'message', 'ccMyself']);
    expect(Object.keys(new Ordered({ fieldOrder: ['ccMyself'] }).fields)).toEqual([
      'ccMyself',
      'subject',
      'message',
      'sender',
    ]);
  });

  it('inherits fields from a base form, adds and removes some', async () => {
    class Extended extends defineForm(
      { priority: new IntegerField(), ccMyself: null },
      ContactForm,
    ) {}
    const form = new Extended({ data: { ...valid, priority: '2' } });
    expect(Object.keys(form.fields)).toEqual(['subject', 'message', 'sender', 'priority']);
    expect(await form.isValid()).toBe(true);
    expectTypeOf(form.cleanedData.priority).toEqualTypeOf<number>();
    expect(form).toBeInstanceOf(ContactForm);
  });

  it('gives each form its own copies of the fields', () => {
    const a = new ContactForm();
    const b = new ContactForm();
    a.fields.subject.required = false;
    a.fields.subject.widget.attrs.class = 'wide';
    expect(b.fields.subject.required).toBe(true);
    expect(b.fields.subject.widget.attrs.class).toBeUndefined();
    expect(() => a.get('nope' as 'subject')).toThrow(
      "Key 'nope' not found in 'ContactForm'. Choices are: ccMyself, message, sender, subject.",
    );
  });

  it('renders as divs, with Django 4.1’s layout', async () => {
    const form = new ContactForm({ data: { subject: 'x' } });
    await form.isValid();
    const html = (await form.asDiv()).value;
    expect(html).toContain('<div>\n    <label for="id_subject">Subject:</label>');
    expect(html).toContain('<div class="helptext">100 <em>characters</em> at most.</div>');
    expect(html).toContain('<ul class="errorlist"><li>This field is required.</li></ul>');
  });
});

describe('forms in templates', () => {
  const engine = new Engine();
  const render = (source: string, context: Record<string, unknown>) =>
    engine.fromString(source).render(context);

  it('renders {{ form }}, {{ form.as_p }} and field by field as Django templates write them', async () => {
    const form = new ContactForm({ data: { subject: '<b>hi</b>', sender: 'bad' } });
    await form.isValid();
    expect(await render('{{ form }}', { form })).toBe((await form.asTable()).value);
    expect(await render('{{ form.as_p }}', { form })).toBe((await form.asP()).value);
    const byHand = await render(
      '{% for field in form %}<div{% if field.errors %} class="bad"{% endif %}>{{ field.label_tag }} {{ field }}{{ field.errors }}<small>{{ field.help_text }}</small></div>\n{% endfor %}',
      { form },
    );
    expect(byHand.split('\n')[0]).toBe(
      '<div><label for="id_subject">Subject:</label> <input type="text" name="subject" value="&lt;b&gt;hi&lt;/b&gt;" maxlength="100" required id="id_subject"><small>100 &lt;em&gt;characters&lt;/em&gt; at most.</small></div>',
    );
    expect(byHand).toContain('<div class="bad"><label for="id_sender">');
    expect(
      await render(
        '{{ form.sender.errors.0 }}|{{ form.errors.sender.0 }}|{{ form.sender.id_for_label }}|{{ form.sender.value }}',
        { form },
      ),
    ).toBe('Enter a valid email address.|Enter a valid email address.|id_sender|bad');
    expect(
      await render('{% for f in form.visible_fields %}{{ f.name }} {% endfor %}', { form }),
    ).toBe('subject message sender ccMyself ');
  });

  it('lays radio buttons out one by one', async () => {
    const Size = defineForm({
      size: new ChoiceField({
        choices: [
          ['s', 'Small'],
          ['l', 'Large'],
        ],
        widget: RadioSelect,
      }),
    });
    const form = new Size({ initial: { size: 'l' } });
    const html = await render(
      '{% for radio in form.size %}<label for="{{ radio.id_for_label }}">{{ radio.choice_label }} {{ radio.tag }}</label>{% endfor %}',
      { form },
    );
    expect(html).toBe(
      '<label for="id_size_0">Small <input type="radio" name="size" value="s" id="id_size_0" required></label><label for="id_size_1">Large <input type="radio" name="size" value="l" id="id_size_1" required checked></label>',
    );
  });
});

describe('widget templates', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stack-forms-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('are overridden by a renderer’s own folders', async () => {
    mkdirSync(join(dir, 'django/forms/widgets'), { recursive: true });
    writeFileSync(
      join(dir, 'django/forms/widgets/text.html'),
      '<input class="fancy" type="{{ widget.type }}" name="{{ widget.name }}"{% include "django/forms/widgets/attrs.html" %}>',
    );
    const renderer = new DjangoTemplates({ dirs: [dir] });
    const form = new ContactForm({ renderer });
    expect((await form.get('subject').render()).value).toBe(
      '<input class="fancy" type="text" name="subject" maxlength="100" required id="id_subject">',
    );
    expect((await form.get('sender').render()).value).toBe(
      '<input type="email" name="sender" maxlength="320" required id="id_sender">',
    );
    const project = new Engine({ dirs: [dir, formsTemplatesDir] });
    const setting = new ContactForm({ renderer: new TemplatesSetting(project) });
    expect((await setting.get('subject').render()).value).toContain('class="fancy"');
    expect((await setting.get('message').render()).value).toContain('<textarea');
    expect(formsTemplatesDir).toMatch(/templates$/);
  });
});
