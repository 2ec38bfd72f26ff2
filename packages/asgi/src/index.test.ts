import { describe, expect, it } from 'vitest';
import * as api from './index.js';

describe('the public API of @stack/asgi', () => {
  it('exports exactly these names (changing them is a deliberate act with a changeset)', () => {
    expect(Object.keys(api).sort()).toMatchInlineSnapshot(`
      [
        "AsgiError",
        "AsgiProtocolError",
        "AsyncConsumer",
        "ChannelFull",
        "ClientDisconnected",
        "InMemoryChannelLayer",
        "InvalidChannelLayerInput",
        "JsonWebsocketConsumer",
        "ProtocolTypeRouter",
        "RedisChannelLayer",
        "WebsocketConsumer",
        "fromApplication",
        "getChannelLayer",
        "headerValue",
        "serve",
        "setChannelLayers",
        "toApplication",
      ]
    `);
  });
});
