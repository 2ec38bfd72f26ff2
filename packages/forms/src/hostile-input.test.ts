import { describe, expect, it } from 'vitest';
import * as forms from './index.js';
import {
  CharField,
  ChoiceField,
  DecimalField,
  FileField,
  ImageField,
  IntegerField,
  MultipleChoiceField,
  defineForm,
  formsetFactory,
  type Field,
} from './index.js';

/** Values a crafted request (a JSON body, a query string parsed by qs) can carry. */
const HOSTILE: unknown[] = [
  {},
  [],
  [[]],
  [{}],
  { toString: 'x', valueOf: 1 },
  JSON.parse('{"__proto__": {"polluted": true}}'),
  JSON.parse('{"constructor": {"prototype": {"polluted": true}}}'),
  true,
  false,
  0,
  -0,
  1e308,
  -1e308,
  Number.NaN,
  '',
  ' ',
  '\u0000',
  'a'.repeat(100_000),
  '9'.repeat(5_000),
  '1e999999999',
  '-1e-999999999',
  'Infinity',
  '<script>alert(1)</script>',
  '%(value)s %d %%',
  '{}',
  '[1,2',
  ['a', { b: 1 }],
  Buffer.from('x'),
  new Date(Number.NaN),
];

/** One field of every class, with the options that make it do most work. */
function everyField(): Record<string, Field> {
  return {
    char: new CharField({ maxLength: 5, minLength: 2 }),
    email: new forms.EmailField(),
    url: new forms.URLField(),
    slug: new forms.SlugField(),
    regex: new forms.RegexField({ regex: '^a+$' }),
    integer: new IntegerField({ minValue: 0, maxValue: 10 }),
    float: new forms.FloatField({ minValue: 0 }),
    decimal: new DecimalField({ maxDigits: 5, decimalPlaces: 2, maxValue: '100' }),
    boolean: new forms.BooleanField(),
    nullBoolean: new forms.NullBooleanField(),
    choice: new ChoiceField({ choices: [['a', 'A']] }),
    typedChoice: new forms.TypedChoiceField({ choices: [[1, 'One']], coerce: Number }),
    multiple: new MultipleChoiceField({ choices: [['a', 'A']] }),
    typedMultiple: new forms.TypedMultipleChoiceField({ choices: [[1, 'One']], coerce: Number }),
    date: new forms.DateField(),
    datetime: new forms.DateTimeField(),
    time: new forms.TimeField(),
    duration: new forms.DurationField(),
    split: new forms.SplitDateTimeField(),
    uuid: new forms.UUIDField(),
    json: new forms.JSONField(),
    ip: new forms.GenericIPAddressField(),
    file: new FileField({ maxSize: 10 }),
    image: new ImageField(),
    combo: new forms.ComboField({
      fields: [new CharField({ maxLength: 20 }), new forms.EmailField()],
    }),
  };
}

describe('bad input', () => {
  it('never makes isValid() throw, whatever a field receives', async () => {
    const Everything = defineForm(everyField());
    const names = Object.keys(everyField());
    for (const value of HOSTILE) {
      const data = Object.fromEntries(names.map((name) => [name, value]));
      const files = Object.fromEntries(names.map((name) => [name, value]));
      const form = new Everything({ data, files });
      await expect(
        form.isValid(),
        `value ${String(JSON.stringify(value)).slice(0, 40)}`,
      ).resolves.toBe(false);
      expect((await form.asP()).value).toContain('<p>');
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('never makes isValid() throw for values split over sub-widgets either', async () => {
    const Split = defineForm({
      when: new forms.SplitDateTimeField(),
      born: new forms.DateField({ widget: new forms.SelectDateWidget({ years: [2000] }) }),
    });
    for (const value of HOSTILE) {
      const form = new Split({
        data: {
          when_0: value,
          when_1: value,
          born_year: value,
          born_month: value,
          born_day: value,
        },
      });
      await expect(form.isValid()).resolves.toBe(false);
    }
  });

  it('escapes what the user sent when it shows up in an error message', async () => {
    const Pick = defineForm({ choice: new ChoiceField({ choices: [['a', 'A']] }) });
    const form = new Pick({ data: { choice: '<img src=x onerror=alert(1)>' } });
    expect(await form.isValid()).toBe(false);
    const html = (await form.asP()).value;
    expect(html).not.toContain('<img');
    expect(html).toContain(
      '&lt;img src=x onerror=alert(1)&gt; is not one of the available choices',
    );
    expect(form.errors.asJson(true)).toContain('&lt;img src=x');
  });

  it('does not treat %-placeholders in user input as formatting', async () => {
    const Pick = defineForm({ choice: new ChoiceField({ choices: [['a', 'A']] }) });
    const form = new Pick({ data: { choice: '%(value)s%s' } });
    await form.isValid();
    expect(form.errors.get('choice')?.at(0)).toBe(
      'Select a valid choice. %(value)s%s is not one of the available choices.',
    );
  });

  it('keeps hostile field names as plain data', async () => {
    const Odd = defineForm({
      ['__proto__']: new CharField(),
      constructor: new CharField(),
      toString: new CharField(),
      hasOwnProperty: new CharField(),
      then: new CharField(),
      clean: new CharField(),
      fields: new CharField(),
    } as Record<string, Field>);
    const data = JSON.parse(
      '{"__proto__": "p", "constructor": "c", "toString": "t", "hasOwnProperty": "h", "then": "th", "clean": "cl", "fields": "f"}',
    ) as Record<string, unknown>;
    const form = new Odd({ data });
    expect(await form.isValid()).toBe(true);
    const cleaned = form.cleanedData as Record<string, unknown>;
    expect(Object.keys(cleaned)).toEqual([
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
      'then',
      'clean',
      'fields',
    ]);
    expect(cleaned.__proto__).toBe('p');
    expect(cleaned.constructor).toBe('c');
    expect(form.get('__proto__').value()).toBe('p');
    expect((await form.asP()).value).toContain('name="__proto__" value="p"');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const empty = new Odd({ data: {} });
    expect(await empty.isValid()).toBe(false);
    expect(empty.errors.keys()).toContain('__proto__');
  });

  it('ignores submitted keys that only exist on a prototype', async () => {
    const One = defineForm({
      toString: new CharField(),
      valueOf: new CharField({ required: false }),
    } as Record<string, Field>);
    const form = new One({ data: {} });
    expect(await form.isValid()).toBe(false);
    expect(form.errors.get('toString')?.at(0)).toBe('This field is required.');
  });

  it('never builds more forms than absoluteMax, whatever TOTAL_FORMS says', async () => {
    const Item = defineForm({ name: new CharField() });
    const FormSet = formsetFactory(Item, { maxNum: 5, absoluteMax: 10 });
    for (const total of ['1000000000', '99999999999999999999', '1e9', '-5', 'abc', '']) {
      const formset = new FormSet({
        data: { 'form-TOTAL_FORMS': total, 'form-INITIAL_FORMS': '1000000000' },
      });
      expect(formset.forms.length).toBeLessThanOrEqual(10);
      expect(formset.totalFormCount()).toBeGreaterThanOrEqual(0);
      // A negative count builds no form at all, which Django accepts as valid too.
      await expect(formset.isValid()).resolves.toBe(total === '-5');
    }
    const Default = formsetFactory(Item);
    const huge = new Default({
      data: { 'form-TOTAL_FORMS': '1000000000', 'form-INITIAL_FORMS': '0' },
    });
    expect(huge.forms.length).toBe(2000);
    expect(await huge.isValid()).toBe(false);
    expect(huge.nonFormErrors().at(0)).toBe('Please submit at most 1000 forms.');
  });

  it('reports a missing or tampered management form instead of failing', async () => {
    const Item = defineForm({ name: new CharField() });
    const FormSet = formsetFactory(Item);
    const formset = new FormSet({ data: { 'form-0-name': 'x' } });
    expect(await formset.isValid()).toBe(false);
    expect(formset.nonFormErrors().at(0)).toBe(
      'ManagementForm data is missing or has been tampered with. Missing fields: form-TOTAL_FORMS, form-INITIAL_FORMS. You may need to file a bug report if the issue persists.',
    );
  });

  it('checks file sizes and names', async () => {
    const Upload = defineForm({ doc: new FileField({ maxSize: 4, maxLength: 8 }) });
    const file = (name: string, content: string) => ({
      name,
      size: Buffer.byteLength(content),
      read: async () => Buffer.from(content),
    });
    let form = new Upload({ files: { doc: file('a.txt', 'hello') } });
    expect(await form.isValid()).toBe(false);
    expect(form.errors.getJsonData().doc).toEqual([
      { message: 'Ensure this file is at most 4 bytes (it is 5 bytes).', code: 'max_size' },
    ]);
    form = new Upload({ files: { doc: file('a-long-name.txt', 'hi') } });
    expect(await form.isValid()).toBe(false);
    expect(form.errors.get('doc')?.at(0)).toBe(
      'Ensure this filename has at most 8 characters (it has 15).',
    );
    form = new Upload({ files: { doc: { name: 'x.txt' } } });
    expect(await form.isValid()).toBe(false);
    expect(form.errors.get('doc')?.at(0)).toBe(
      'No file was submitted. Check the encoding type on the form.',
    );
    form = new Upload({ files: { doc: file('ok.txt', 'ok') } });
    expect(await form.isValid()).toBe(true);
  });

  it('checks an image by its content, not its name or claimed type', async () => {
    const Avatar = defineForm({ avatar: new ImageField() });
    const png = Buffer.from(
      '89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c49444154789c63f8cfc0000003010100c9fe92ef0000000049454e44ae426082',
      'hex',
    );
    const upload = (name: string, content: Buffer, contentType: string) => ({
      name,
      size: content.length,
      contentType,
      read: async () => content,
    });
    const fake = new Avatar({
      files: { avatar: upload('a.png', Buffer.from('<?php echo 1;'), 'image/png') },
    });
    expect(await fake.isValid()).toBe(false);
    expect(fake.errors.get('avatar')?.at(0)).toMatch(/^Upload a valid image/);
    const truncated = new Avatar({
      files: { avatar: upload('a.png', png.subarray(0, 12), 'image/png') },
    });
    expect(await truncated.isValid()).toBe(false);
    const renamed = new Avatar({ files: { avatar: upload('a.exe', png, 'image/png') } });
    expect(await renamed.isValid()).toBe(false);
    expect(renamed.errors.get('avatar')?.at(0)).toMatch(/^File extension “exe” is not allowed/);
    const real = new Avatar({ files: { avatar: upload('me.png', png, 'text/plain') } });
    expect(await real.isValid()).toBe(true);
    expect(real.cleanedData.avatar).toMatchObject({
      image: { width: 1, height: 1, format: 'png' },
      contentType: 'image/png',
    });
  });

  it('compares huge decimal exponents without building huge numbers', async () => {
    const Price = defineForm({ price: new DecimalField({ maxValue: '100', minValue: '-100' }) });
    for (const value of ['1e999999999', '-1e999999999', '1e-999999999']) {
      const form = new Price({ data: { price: value } });
      await form.isValid();
    }
    const small = new Price({ data: { price: '1e-999999999' } });
    expect(await small.isValid()).toBe(true);
    const big = new Price({ data: { price: '1e999999999' } });
    expect(await big.isValid()).toBe(false);
  });
});
