import { createHash } from 'node:crypto';
import {
  Library,
  TemplateSyntaxError,
  markSafe,
  type CompiledFilter,
  type TemplateContext,
} from '@stack/templates';
import type { BaseCache } from './base.js';
import { caches } from './caches.js';
import { InvalidCacheBackendError } from './errors.js';

/** Python's `str()` of the values a template passes, so keys match Django's. */
function pyStr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  return String(value);
}

/**
 * The key of a cached template fragment (Django's `make_template_fragment_key`), to delete a
 * fragment when what it shows changes.
 *
 * @example
 * ```ts
 * await cache.delete(makeTemplateFragmentKey('sidebar', [user.username]));
 * ```
 */
export function makeTemplateFragmentKey(fragmentName: string, varyOn?: readonly unknown[]): string {
  const hasher = createHash('md5');
  for (const arg of varyOn ?? []) {
    hasher.update(pyStr(arg));
    hasher.update(':');
  }
  return `template.cache.${fragmentName}.${hasher.digest('hex')}`;
}

function timeoutOf(value: unknown, source: string): number | null {
  if (value === undefined) {
    throw new TemplateSyntaxError(`"cache" tag got an unknown variable: '${source}'`);
  }
  if (value === null) return null;
  if (typeof value === 'number' && Number.isFinite(value)) return Math.trunc(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value)) return Number(value);
  throw new TemplateSyntaxError(
    `"cache" tag got a non-integer timeout value: ${JSON.stringify(pyStr(value))}`,
  );
}

function fragmentCache(name: unknown, source: string | undefined): BaseCache {
  if (source !== undefined) {
    if (name === undefined) {
      throw new TemplateSyntaxError(`"cache" tag got an unknown variable: '${source}'`);
    }
    try {
      return caches.get(pyStr(name));
    } catch (error) {
      if (!(error instanceof InvalidCacheBackendError)) throw error;
      throw new TemplateSyntaxError(
        `Invalid cache name specified for cache tag: ${JSON.stringify(pyStr(name))}`,
      );
    }
  }
  return caches.aliases().includes('template_fragments')
    ? caches.get('template_fragments')
    : caches.default;
}

/**
 * The `cache` template library (Django's `django.templatetags.cache`), registered by
 * `@stack/core` as `{% load cache %}`: `{% cache timeout name [vary_on…] [using="alias"] %}…
 * {% endcache %}` caches the rendered fragment in the `template_fragments` cache if configured,
 * else the default one. A `timeout` of `None` caches for ever.
 *
 * @example
 * ```ts
 * const engine = new Engine({ libraries: { cache: cacheLibrary } });
 * // {% load cache %}{% cache 500 sidebar request.user.username %}…{% endcache %}
 * ```
 */
export const cacheLibrary = new Library().tag('cache', (parser, token) => {
  const nodelist = parser.parse(['endcache']);
  parser.deleteFirstToken();
  let tokens = token.splitContents();
  if (tokens.length < 3) {
    throw new TemplateSyntaxError(`'${tokens[0]}' tag requires at least 2 arguments.`);
  }
  let using: { filter: CompiledFilter; source: string } | undefined;
  const last = tokens[tokens.length - 1]!;
  if (tokens.length > 3 && last.startsWith('using=')) {
    const source = last.slice('using='.length);
    using = { filter: parser.compileFilter(source), source };
    tokens = tokens.slice(0, -1);
  }
  const timeoutSource = tokens[1]!;
  const timeout = parser.compileFilter(timeoutSource);
  const fragmentName = tokens[2]!;
  const varyOn = tokens.slice(3).map((source) => parser.compileFilter(source));
  return {
    async render(context: TemplateContext) {
      const expireTime = timeoutOf(await timeout.resolve(context), timeoutSource);
      const cache = fragmentCache(await using?.filter.resolve(context), using?.source);
      const vary = await Promise.all(varyOn.map((filter) => filter.resolve(context)));
      const key = makeTemplateFragmentKey(fragmentName, vary);
      const cached = await cache.get<unknown>(key);
      if (typeof cached === 'string') return markSafe(cached);
      const rendered = String(await nodelist.render(context));
      await cache.set(key, rendered, expireTime);
      return markSafe(rendered);
    },
  };
});
