import { describe, expect, it } from 'vitest';
import { Engine } from './index.js';

const engine = new Engine();
const render = (source: string, context: Record<string, unknown>) =>
  engine.fromString(source).render(context);

describe('the __getitem__ protocol', () => {
  it('finds items before attributes, as Django tries obj[key] first', async () => {
    const form = {
      title: 'attribute',
      size: 3,
      __getitem__(key: string) {
        return key === 'title' ? 'item' : undefined;
      },
    };
    expect(await render('{{ form.title }} {{ form.size }}', { form })).toBe('item 3');
  });

  it('keeps blocked names out of reach', async () => {
    const mapping = { __getitem__: () => 'leaked' };
    expect(await render('[{{ m.constructor }}{{ m.then }}]', { m: mapping })).toBe('[]');
  });
});

describe('the __html__ protocol', () => {
  it('awaits markup that comes as a promise', async () => {
    const widget = { __html__: async () => '<input name="q">' };
    expect(await render('<p>{{ widget }}</p>', { widget })).toBe('<p><input name="q"></p>');
  });
});
