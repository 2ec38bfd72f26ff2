import { CharField, FileField, ImageField, defineModel } from '@stack/orm';
import { describe, expect, it } from 'vitest';
import { serializeInstance } from './index.js';

class Attachment extends defineModel<Attachment>()('fixtures.Attachment', {
  title: new CharField({ maxLength: 20 }),
  file: new FileField({ uploadTo: 'docs/' }),
  image: new ImageField({ blank: true }),
}) {}

describe('serializing file fields', () => {
  it('writes the stored name, and an empty string for no file, as Django does', async () => {
    const row = new Attachment({ title: 'a', file: 'docs/a.txt' });
    row.id = 1;
    expect(await serializeInstance(row)).toEqual({
      model: 'fixtures.attachment',
      pk: 1,
      fields: { title: 'a', file: 'docs/a.txt', image: '' },
    });
  });
});
