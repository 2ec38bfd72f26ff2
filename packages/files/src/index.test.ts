import { describe, expect, it } from 'vitest';
import * as api from './index.js';

describe('the public API of @stack/files', () => {
  it('exports exactly these names (changing them is a deliberate act with a changeset)', () => {
    expect(Object.keys(api).sort()).toMatchInlineSnapshot(`
      [
        "FileSystemStorage",
        "NoDefaultStorage",
        "Storage",
        "getDefaultStorage",
        "getValidFilename",
        "setDefaultStorage",
        "validateFileName",
      ]
    `);
  });
});
