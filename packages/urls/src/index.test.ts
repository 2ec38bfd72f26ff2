import { describe, expect, it } from 'vitest';
import * as api from './index.js';

describe('the public API of @stack/urls', () => {
  it('exports exactly these names (changing them is a deliberate act with a changeset)', () => {
    expect(Object.keys(api).sort()).toMatchInlineSnapshot(`
      [
        "ImproperlyConfigured",
        "Included",
        "NoReverseMatch",
        "RegexPattern",
        "Resolver404",
        "ResolverMatch",
        "RoutePattern",
        "URLPattern",
        "URLResolver",
        "UrlsError",
        "checkUrlconf",
        "clearScriptPrefix",
        "clearUrlCaches",
        "getScriptPrefix",
        "getUrlconf",
        "include",
        "iriToUri",
        "isValidPath",
        "path",
        "rePath",
        "registerConverter",
        "resolve",
        "reverse",
        "reverseLazy",
        "setScriptPrefix",
        "setUrlconf",
      ]
    `);
  });
});
