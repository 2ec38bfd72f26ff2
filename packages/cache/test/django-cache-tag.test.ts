import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Engine, Library } from '@stack/templates';
import { afterAll, describe, expect, it } from 'vitest';
import { caches, cacheLibrary } from '../src/index.js';

/**
 * Replays the `{% load cache %}` renderings harvested from Django 3.2's own template tests by
 * `conformance/harvest/templates.py` (kept in @stack/templates' data, where they are counted
 * not portable: the library lives here). Cases of one Django test share one cache, in order,
 * as they did in Django (cache04 renders what cache03 cached).
 */
interface Harvest {
  engines: Record<string, { templates: Record<string, string>; stringIfInvalid: string }>;
  cases: {
    test: string;
    engine: string;
    name?: string;
    source?: string;
    context?: Record<string, unknown>;
    output?: string;
    error?: string;
  }[];
}

const data = JSON.parse(
  readFileSync(
    fileURLToPath(new URL('../../templates/test/django/syntax-tests.json', import.meta.url)),
    'utf8',
  ),
) as Harvest;

const LOAD_CACHE = /\{%\s*load\s+(\S+\s+)*cache\b/;
const cases = data.cases.filter((c) =>
  LOAD_CACHE.test([c.source ?? '', ...Object.values(data.engines[c.engine]!.templates)].join('\n')),
);
const byTest = new Map<string, Harvest['cases']>();
for (const c of cases) byTest.set(c.test, [...(byTest.get(c.test) ?? []), c]);

// Django's template_tests.templatetags.custom, the part the cache cases load.
const custom = new Library().filter('noop', (value: unknown) => value);

afterAll(async () => {
  await caches.configure({ default: { backend: 'locmem' } });
});

describe('{% cache %} against Django 3.2’s own template tests', () => {
  it('replays every harvested case', () => {
    expect(cases.length).toBeGreaterThanOrEqual(41);
  });

  for (const [test, group] of byTest) {
    it(test.replace('template_tests.syntax_tests.test_cache.', ''), async () => {
      await caches.configure({
        default: { backend: 'locmem', location: randomUUID() },
        template_fragments: { backend: 'locmem', location: randomUUID() },
      });
      for (const c of group) {
        const desc = data.engines[c.engine]!;
        const engine = new Engine({
          templates: desc.templates,
          stringIfInvalid: desc.stringIfInvalid,
          libraries: { cache: cacheLibrary, custom },
        });
        const render = async () => {
          const template =
            c.source !== undefined ? engine.fromString(c.source) : engine.getTemplate(c.name!);
          return (await template).render(c.context ?? {});
        };
        if (c.error)
          await expect(render()).rejects.toThrow(expect.objectContaining({ name: c.error }));
        else expect(await render()).toBe(c.output);
      }
    });
  }
});
