import { afterAll, describe, expect, it } from 'vitest';
import type { ServeHandle } from '@stack/wsgi';
import {
  InMemoryChannelLayer,
  JsonWebsocketConsumer,
  ProtocolTypeRouter,
  serve,
  setChannelLayers,
  type ChannelMessage,
} from './index.js';
import { nextMessage, openClient } from '../test/helpers.js';

let server: ServeHandle | undefined;
afterAll(async () => {
  await server?.close();
  setChannelLayers({});
});

describe('the README example', () => {
  it('relays a chat message to every client in the room', async () => {
    setChannelLayers({ default: new InMemoryChannelLayer() });

    class ChatConsumer extends JsonWebsocketConsumer {
      override groups = ['lobby'];

      override async receiveJson(content: unknown) {
        const text = String((content as { text?: unknown }).text ?? '');
        await this.channelLayer!.groupSend('lobby', { type: 'chat.message', text });
      }

      async chatMessage(event: ChannelMessage) {
        await this.sendJson({ text: event.text });
      }
    }

    server = serve(ProtocolTypeRouter({ websocket: ChatConsumer.asAsgi() }), {
      port: 0,
      log: false,
      handleSignals: false,
    });
    const { port } = await server.listening;
    const [ann, bob] = await Promise.all([
      openClient(`ws://127.0.0.1:${port}`),
      openClient(`ws://127.0.0.1:${port}`),
    ]);
    const heard = nextMessage(bob);
    ann.send(JSON.stringify({ text: 'hello' }));
    expect(JSON.parse(await heard)).toEqual({ text: 'hello' });
    ann.close();
    bob.close();
  });
});
