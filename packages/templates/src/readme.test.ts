import { describe, expect, it } from 'vitest';
import { Engine, Library } from './index.js';

describe('the README example', () => {
  it('renders a plain-text e-mail à la carte, with inheritance, a library and async data', async () => {
    const mail = new Library().filter('money', (cents: number) => `€${(cents / 100).toFixed(2)}`);
    const engine = new Engine({
      templates: {
        'mail/base.txt':
          'Hello {{ user.get_full_name }},\n\n{% block body %}{% endblock %}\n-- The shop',
        'mail/order.txt': `{% extends "mail/base.txt" %}{% load mail %}{% block body %}Your order #{{ order.pk }}:
{% for line in order.lines %}- {{ line.qty }} x {{ line.name }}: {{ line.cents|money }}
{% empty %}(nothing){% endfor %}{{ order.lines|length }} item{{ order.lines|length|pluralize }}, shipped {{ order.shipped|date:"N j, Y" }}.{% endblock %}`,
      },
      autoescape: false,
      libraries: { mail },
    });
    const user = { getFullName: () => 'Ann Smith' };
    const order = {
      pk: 42,
      lines: Promise.resolve([{ qty: 2, name: 'Hat & scarf', cents: 1999 }]),
      shipped: new Date(Date.UTC(2026, 8, 3)),
    };
    expect(await engine.getTemplate('mail/order.txt').render({ user, order })).toBe(
      'Hello Ann Smith,\n\nYour order #42:\n- 2 x Hat & scarf: €19.99\n1 item, shipped Sept. 3, 2026.\n-- The shop',
    );
  });
});

describe('the README on custom tags', () => {
  it('registers a compile-function tag that renders its body', async () => {
    const upper = new Library().tag('upper', (parser) => {
      const body = parser.parse(['endupper']);
      parser.deleteFirstToken();
      return { render: async (context) => String(await body.render(context)).toUpperCase() };
    });
    const engine = new Engine({ libraries: { upper } });
    const out = await engine
      .fromString('{% load upper %}{% upper %}Hi {{ name }}{% endupper %}')
      .render({ name: 'Ann' });
    expect(out).toBe('HI ANN');
  });

  it('checks simple tag calls against declared params when the template compiles', () => {
    const lib = new Library().simpleTag('greet', (name: string) => `Hello, ${name}`, {
      params: ['name'],
    });
    const engine = new Engine({ libraries: { lib } });
    expect(() => engine.fromString('{% load lib %}{% greet "a" "b" %}')).toThrow(
      "'greet' received too many positional arguments",
    );
    expect(() => engine.fromString('{% load lib %}{% greet %}')).toThrow(
      "'greet' did not receive value(s) for the argument(s): 'name'",
    );
  });
});
