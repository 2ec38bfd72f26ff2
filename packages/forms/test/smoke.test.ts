import { describe, expect, it } from 'vitest';
import { BooleanField, CharField, EmailField, Textarea, defineForm, ChoiceField, IntegerField } from '../src/index.js';

class ContactForm extends defineForm({
  subject: new CharField({ maxLength: 100 }),
  message: new CharField({ widget: Textarea }),
  sender: new EmailField(),
  cc_myself: new BooleanField({ required: false }),
  size: new ChoiceField({ choices: [['s', 'Small'], ['l', 'Large']] }),
  n: new IntegerField({ minValue: 1 }),
}) {}

describe('smoke', () => {
  it('renders and validates', async () => {
    const f = new ContactForm();
    console.log((await f.asP()).value);
    const b = new ContactForm({ data: { subject: 'hi', message: 'x', sender: 'bad', size: 'q', n: '0' } });
    expect(await b.isValid()).toBe(false);
    console.log((await b.asTable()).value);
    console.log(b.errors.asJson());
    const ok = new ContactForm({ data: { subject: ' hi ', message: 'x', sender: 'a@b.co', size: 's', n: '3' } });
    expect(await ok.isValid()).toBe(true);
    const s: string = ok.cleanedData.subject;
    const n: number = ok.cleanedData.n;
    console.log(ok.cleanedData, s, n);
  });
});
