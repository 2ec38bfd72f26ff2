import { describe, expect, it } from 'vitest';
import { Engine } from './index.js';

const engine = new Engine();
const render = (source: string, context: Record<string, unknown>) =>
  engine.fromString(source).render(context);

describe('the __html__ protocol', () => {
  it('awaits markup that comes as a promise', async () => {
    const widget = { __html__: async () => '<input name="q">' };
    expect(await render('<p>{{ widget }}</p>', { widget })).toBe('<p><input name="q"></p>');
  });
});

describe('values that cannot print themselves', () => {
  it('render as their kind instead of failing', async () => {
    const odd = Object.create({ toString: 1 }) as object;
    expect(await render('[{{ odd }}]', { odd })).toBe('[[object Object]]');
  });
});
