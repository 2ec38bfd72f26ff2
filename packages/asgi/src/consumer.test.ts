import { describe, expect, it } from 'vitest';
import {
  InMemoryChannelLayer,
  JsonWebsocketConsumer,
  WebsocketConsumer,
  type ChannelMessage,
} from './index.js';
import { handlerNameOf } from './consumer.js';
import {
  closeOf,
  eventually,
  nextMessage,
  openClient,
  serversClosedAfterEach,
} from '../test/helpers.js';

const start = serversClosedAfterEach();

const layer = new InMemoryChannelLayer();
const disconnects: number[] = [];

class ChatConsumer extends WebsocketConsumer {
  override groups = ['lobby'];
  override async connect() {
    const query = Buffer.from((this.scope as { query_string: Uint8Array }).query_string).toString();
    if (query === 'refuse') return this.close();
    await this.accept();
  }
  override async receive(textData?: string) {
    await this.channelLayer!.groupSend('lobby', { type: 'chat.message', text: textData });
  }
  async chatMessage(event: ChannelMessage) {
    await this.send(`${String(event.text)} (via ${this.channelName.split('!')[0]})`);
  }
  override async disconnect(code: number) {
    disconnects.push(code);
  }
}

describe('WebsocketConsumer', () => {
  it('relays group messages between connections and leaves the group on disconnect', async () => {
    const { ws } = await start(ChatConsumer.asAsgi({ channelLayer: layer }));
    const [ann, bob] = await Promise.all([openClient(ws), openClient(ws)]);
    const bobHears = nextMessage(bob);
    const annHears = nextMessage(ann);
    ann.send('hello');
    expect(await bobHears).toBe('hello (via specific.inmemory)');
    expect(await annHears).toBe('hello (via specific.inmemory)');
    const closed = closeOf(bob);
    bob.close(4000);
    await closed;
    await eventually(() => disconnects.includes(4000));
    // Bob's channel left the group: a later message reaches Ann only, and nothing piles up.
    const again = nextMessage(ann);
    ann.send('anyone?');
    expect(await again).toBe('anyone? (via specific.inmemory)');
    ann.close();
  });

  it('refuses the handshake with 403 when connect closes', async () => {
    const { ws } = await start(ChatConsumer.asAsgi({ channelLayer: layer }));
    await expect(openClient(`${ws}/?refuse`)).rejects.toThrow('handshake refused: 403');
  });

  it('needs a channel layer for groups, and says so', async () => {
    const { ws } = await start(ChatConsumer.asAsgi({ channelLayer: null }));
    await expect(openClient(ws)).rejects.toThrow('handshake refused: 500');
  });

  it.each(['constructor', '__proto__', 'toString', 'has space', 'websocket..x', ''])(
    'never dispatches the message type %j to an inherited or unnamed method',
    async (type) => {
      expect(handlerNameOf(type) === undefined || !(handlerNameOf(type)! in Object.prototype)).toBe(
        true,
      );
      const hostile = new InMemoryChannelLayer();
      const { ws } = await start(ChatConsumer.asAsgi({ channelLayer: hostile }));
      const client = await openClient(ws);
      const closed = closeOf(client);
      await hostile.groupSend('lobby', { type });
      // No handler: the consumer fails and the server closes with 1011, nothing else runs.
      expect((await closed).code).toBe(1011);
    },
  );
});

class EchoJson extends JsonWebsocketConsumer {
  override async receiveJson(content: unknown) {
    await this.sendJson({ echo: content });
  }
}

describe('JsonWebsocketConsumer', () => {
  it('decodes and encodes JSON', async () => {
    const { ws } = await start(EchoJson.asAsgi({ channelLayer: null }));
    const client = await openClient(ws);
    const reply = nextMessage(client);
    client.send(JSON.stringify({ a: [1, 'two'] }));
    expect(JSON.parse(await reply)).toEqual({ echo: { a: [1, 'two'] } });
    client.close();
  });

  it.each([
    ['invalid JSON', '{"a":'],
    ['a binary frame', Buffer.from('{}')],
  ])('closes with 1007 on %s', async (_name, frame) => {
    const { ws } = await start(EchoJson.asAsgi({ channelLayer: null }));
    const client = await openClient(ws);
    const closed = closeOf(client);
    client.send(frame);
    expect((await closed).code).toBe(1007);
  });
});
