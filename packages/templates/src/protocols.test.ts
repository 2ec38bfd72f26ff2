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

describe('equality of containers, as Python compares dicts, lists and sets', () => {
  // Expected outputs rendered by Django 3.2.25 with the same context (dicts for plain objects).
  const context = {
    a: { k: 1, j: [1, 2] },
    b: { j: [1, 2], k: 1 },
    c: { k: 2, j: [1, 2] },
    d: { k: 1 },
    l: [1, '1', { a: 1 }, { a: 1 }, { a: 2 }],
    m1: new Map<unknown, unknown>([['x', [1]]]),
    m2: new Map<unknown, unknown>([['x', [1]]]),
    s1: new Set([1, 2]),
    s2: new Set([2, 1]),
    s3: new Set([1]),
    pairs: [
      [1, 'x'],
      [1, 'x'],
      [1, 'y'],
      ['1', 'y'],
    ],
  };
  const cases: [string, string][] = [
    ['{% if a == b %}y{% else %}n{% endif %}', 'y'],
    ['{% if a == c %}y{% else %}n{% endif %}', 'n'],
    ['{% if a == d %}y{% else %}n{% endif %}', 'n'],
    ['{% if a != b %}y{% else %}n{% endif %}', 'n'],
    ['{% if d in l %}y{% else %}n{% endif %}', 'n'],
    ['{% if m1 == m2 %}y{% else %}n{% endif %}', 'y'],
    ['{% if s1 == s2 %}y{% else %}n{% endif %}', 'y'],
    ['{% if s1 == s3 %}y{% else %}n{% endif %}', 'n'],
    [
      '{% for x in l %}{% ifchanged x %}{{ forloop.counter }};{% endifchanged %}{% endfor %}',
      '1;2;3;5;',
    ],
    [
      '{% for p in pairs %}{% ifchanged p.0 p.1 %}{{ forloop.counter }};{% endifchanged %}{% endfor %}',
      '1;3;4;',
    ],
  ];
  it.each(cases)('%s', async (source, expected) => {
    expect(await render(source, context)).toBe(expected);
  });

  it('stops at a container that holds itself instead of recursing forever', async () => {
    const x: unknown[] = [];
    x.push(x);
    const y: unknown[] = [];
    y.push(y);
    expect(await render('{% if x == y %}y{% else %}n{% endif %}', { x, y })).toBe('n');
  });
});
