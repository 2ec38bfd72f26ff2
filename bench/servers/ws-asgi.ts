// @stack/asgi's server with a raw ASGI echo application (STACK_BENCH_WS=raw), or a
// WebsocketConsumer with an in-memory channel layer, a channel per connection (the default).
import {
  InMemoryChannelLayer,
  ProtocolTypeRouter,
  serve,
  WebsocketConsumer,
  type AsgiApplication,
} from '@stack/asgi';
import { rssReport } from './ws-rss.js';

const rss: AsgiApplication = async (scope, _receive, send) => {
  if (scope.type !== 'http') return;
  await send({
    type: 'http.response.start',
    status: 200,
    headers: [[Buffer.from('content-type'), Buffer.from('application/json')]],
  });
  await send({ type: 'http.response.body', body: Buffer.from(rssReport()) });
};

const rawEcho: AsgiApplication = async (scope, receive, send) => {
  if (scope.type !== 'websocket') return;
  for (;;) {
    const event = await receive();
    if (event.type === 'websocket.connect') await send({ type: 'websocket.accept' });
    else if (event.type === 'websocket.receive') {
      await send(
        event.text != null
          ? { type: 'websocket.send', text: event.text }
          : { type: 'websocket.send', bytes: event.bytes },
      );
    } else return;
  }
};

class EchoConsumer extends WebsocketConsumer {
  override async receive(textData?: string, bytesData?: Uint8Array) {
    await this.send(textData ?? null, bytesData ?? null);
  }
}

const websocket =
  process.env.STACK_BENCH_WS === 'raw'
    ? rawEcho
    : EchoConsumer.asAsgi({ channelLayer: new InMemoryChannelLayer() });
const handle = serve(ProtocolTypeRouter({ http: rss, websocket }), {
  port: Number(process.env.PORT ?? 0),
  log: false,
  lifespan: 'off',
});
const address = await handle.listening;
console.log(`listening ${address.port}`);
