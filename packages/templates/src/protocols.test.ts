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

describe('the equals protocol', () => {
  // Python's ==: the left operand's __eq__, then the right one's (reflected), also against a
  // string or a number. An object with `equals(other)` answers on either side.
  class Named {
    constructor(readonly name: string) {}
    equals(other: unknown): boolean {
      return other instanceof Named ? other.name === this.name : other === this.name;
    }
  }
  const a = new Named('a');

  it('asks the object on the left or the right, against any value', async () => {
    const context = { a, a2: new Named('a'), b: new Named('b'), list: ['x', 'a'], objs: [a] };
    const cases: [string, string][] = [
      ["{% if a == 'a' %}y{% endif %}", 'y'],
      ["{% if 'a' == a %}y{% endif %}", 'y'],
      ["{% if a != 'a' %}y{% else %}n{% endif %}", 'n'],
      ['{% if a == a2 %}y{% endif %}', 'y'],
      ['{% if a == b %}y{% else %}n{% endif %}', 'n'],
      ["{% if a == 'b' %}y{% else %}n{% endif %}", 'n'],
      ['{% if a in list %}y{% endif %}', 'y'],
      ["{% if 'a' in objs %}y{% endif %}", 'y'],
      ['{% if a == None %}y{% else %}n{% endif %}', 'n'],
      ["{% ifequal 'a' a %}y{% endifequal %}", 'y'],
    ];
    for (const [source, expected] of cases) expect(await render(source, context)).toBe(expected);
  });

  it('leaves objects without it to identity and primary keys', async () => {
    const plain = { name: 'a' };
    expect(await render("{% if plain == 'a' %}y{% else %}n{% endif %}", { plain })).toBe('n');
    expect(await render('{% if plain == plain %}y{% endif %}', { plain })).toBe('y');
  });
});
