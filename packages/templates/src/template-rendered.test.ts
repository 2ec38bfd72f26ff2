import { describe, expect, it } from 'vitest';
import { Engine } from './index.js';

describe('the onTemplateRendered option', () => {
  it('names every template rendered: the child, each parent, each include', async () => {
    const seen: [string, unknown][] = [];
    const engine = new Engine({
      templates: {
        'base.html': '<main>{% block body %}{% endblock %}{% include "footer.html" %}</main>',
        'layout.html':
          '{% extends "base.html" %}{% block body %}[{% block inner %}{% endblock %}]{% endblock %}',
        'page.html': '{% extends "layout.html" %}{% block inner %}{{ title }}{% endblock %}',
        'footer.html': '<footer>{{ title }}</footer>',
      },
      onTemplateRendered: (name, context) => seen.push([name, context.title]),
    });
    const html = await engine.getTemplate('page.html').render({ title: 'Hi' });
    expect(html).toBe('<main>[Hi]<footer>Hi</footer></main>');
    expect(seen).toEqual([
      ['page.html', 'Hi'],
      ['layout.html', 'Hi'],
      ['base.html', 'Hi'],
      ['footer.html', 'Hi'],
    ]);
  });

  it('is not called while hasTemplateRenderedListeners says no', async () => {
    const seen: string[] = [];
    let listening = false;
    const engine = new Engine({
      templates: { 'page.html': '{% include "part.html" %}', 'part.html': '{{ title }}' },
      onTemplateRendered: (name) => seen.push(name),
      hasTemplateRenderedListeners: () => listening,
    });
    const page = engine.getTemplate('page.html');
    expect(await page.render({ title: 'Hi' })).toBe('Hi');
    expect(seen).toEqual([]);
    listening = true;
    expect(await page.render({ title: 'Hi' })).toBe('Hi');
    expect(seen).toEqual(['page.html', 'part.html']);
  });
});
