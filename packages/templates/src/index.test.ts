import { describe, expect, it } from 'vitest';
import * as api from './index.js';

describe('the public API of @stack/templates', () => {
  it('exports exactly these names (changing them is a deliberate act with a changeset)', () => {
    expect(Object.keys(api).sort()).toMatchInlineSnapshot(`
      [
        "Engine",
        "Library",
        "NaiveDate",
        "NaiveDateTime",
        "SafeString",
        "Template",
        "TemplateDoesNotExist",
        "TemplateError",
        "TemplateSyntaxError",
        "conditionalEscape",
        "debugContextProcessor",
        "escape",
        "isSafe",
        "markSafe",
        "requestContextProcessor",
      ]
    `);
  });
});
