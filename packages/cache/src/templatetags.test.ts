import { randomUUID } from 'node:crypto';
import { Engine } from '@stack/templates';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { cache, caches } from './caches.js';
import { cacheLibrary, makeTemplateFragmentKey } from './templatetags.js';

const engine = new Engine({ libraries: { cache: cacheLibrary } });
const render = async (source: string, context: Record<string, unknown> = {}) =>
  (await engine.fromString(source)).render(context);

beforeEach(async () => {
  await caches.configure({ default: { backend: 'locmem', location: randomUUID() } });
});
afterAll(async () => {
  await caches.configure({ default: { backend: 'locmem' } });
});

describe('makeTemplateFragmentKey', () => {
  it('builds the keys Django 3.2 builds', () => {
    expect(makeTemplateFragmentKey('sidebar', ['ann', null, 1, true, 'with spaces'])).toBe(
      'template.cache.sidebar.1e8bc598ac81f3db982bf03e9201bc9e',
    );
    expect(makeTemplateFragmentKey('a')).toBe('template.cache.a.d41d8cd98f00b204e9800998ecf8427e');
  });
});

describe('{% cache %}', () => {
  it('renders once per vary-on value, and can be invalidated by key', async () => {
    const source =
      '{% load cache %}{% cache 500 greeting name %}Hi {{ name }} {{ n }}{% endcache %}';
    expect(await render(source, { name: 'ann', n: 1 })).toBe('Hi ann 1');
    expect(await render(source, { name: 'ann', n: 2 })).toBe('Hi ann 1');
    expect(await render(source, { name: 'bob', n: 3 })).toBe('Hi bob 3');
    await cache.delete(makeTemplateFragmentKey('greeting', ['ann']));
    expect(await render(source, { name: 'ann', n: 4 })).toBe('Hi ann 4');
  });

  it('keeps the fragment’s escaping and does not escape it twice', async () => {
    const source = '{% load cache %}{% cache 60 x %}<b>{{ v }}</b>{% endcache %}';
    expect(await render(source, { v: '<i>' })).toBe('<b>&lt;i&gt;</b>');
    expect(await render(source, { v: 'other' })).toBe('<b>&lt;i&gt;</b>');
  });

  it('caches nothing with a 0 timeout, and for ever with None', async () => {
    const zero = '{% load cache %}{% cache 0 z %}{{ n }}{% endcache %}';
    expect(await render(zero, { n: 1 })).toBe('1');
    expect(await render(zero, { n: 2 })).toBe('2');
    const forever = '{% load cache %}{% cache None f %}{{ n }}{% endcache %}';
    expect(await render(forever, { n: 1 })).toBe('1');
    expect(await render(forever, { n: 2 })).toBe('1');
  });

  it('uses the cache named by using=, and refuses an unknown one', async () => {
    await caches.configure({
      default: { backend: 'locmem', location: randomUUID() },
      other: { backend: 'locmem', location: randomUUID() },
    });
    await render('{% load cache %}{% cache 60 u using="other" %}x{% endcache %}');
    expect(await caches.get('other').get(makeTemplateFragmentKey('u'))).toBe('x');
    expect(await cache.get(makeTemplateFragmentKey('u'))).toBeUndefined();
    await expect(
      render('{% load cache %}{% cache 60 u using="nope" %}x{% endcache %}'),
    ).rejects.toThrow('Invalid cache name specified for cache tag');
    await expect(
      render('{% load cache %}{% cache 60 u using="__proto__" %}x{% endcache %}'),
    ).rejects.toThrow('Invalid cache name specified for cache tag');
  });

  it('refuses timeouts that are not integers', async () => {
    for (const value of ['1.5', 'abc', [], {}]) {
      await expect(
        render('{% load cache %}{% cache t x %}x{% endcache %}', { t: value }),
      ).rejects.toThrow('"cache" tag got a non-integer timeout value');
    }
  });
});
