import { describe, expect, it } from 'vitest';
import * as api from './index.js';

describe('the public API of @stack/wsgi', () => {
  it('exports exactly these names (changing them is a deliberate act with a changeset)', () => {
    expect(Object.keys(api).sort()).toMatchInlineSnapshot(`
      [
        "PathOutsideMount",
        "ProtocolError",
        "ServerConfigurationError",
        "WsgiError",
        "buildEnviron",
        "callApplication",
        "serve",
        "syntheticEnviron",
        "toFetchHandler",
      ]
    `);
  });
});
