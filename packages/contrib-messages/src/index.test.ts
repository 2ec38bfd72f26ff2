import { describe, expect, it } from 'vitest';
import * as api from './index.js';

describe('the public API of @stack/contrib-messages', () => {
  it('exports exactly these names (changing them is a deliberate act with a changeset)', () => {
    expect(Object.keys(api).sort()).toMatchInlineSnapshot(`
      [
        "BaseStorage",
        "CookieStorage",
        "DEBUG",
        "DEFAULT_LEVELS",
        "DEFAULT_TAGS",
        "ERROR",
        "FallbackStorage",
        "INFO",
        "MESSAGE_DEFAULTS",
        "Message",
        "MessageFailure",
        "MessageMiddleware",
        "SUCCESS",
        "SessionStorage",
        "SuccessMessageMixin",
        "WARNING",
        "addMessage",
        "debug",
        "error",
        "getLevel",
        "getMessages",
        "info",
        "messagesContextProcessor",
        "setLevel",
        "success",
        "warning",
      ]
    `);
  });
});
