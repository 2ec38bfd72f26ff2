import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { request } from 'undici';
import type { Application } from '@stack/wsgi';
import {
  ClientDisconnected,
  fromApplication,
  headerValue,
  type AsgiApplication,
  type HttpDisconnectEvent,
} from './index.js';
import {
  closeOf,
  nextMessage,
  openClient,
  serversClosedAfterEach,
  startServer,
  text,
} from '../test/helpers.js';

const start = serversClosedAfterEach();

describe('serve: http scopes', () => {
  it('hands the application a typed scope and streams its answer', async () => {
    let seen: Record<string, unknown> = {};
    const { origin } = await start(async (scope, receive, send) => {
      if (scope.type !== 'http') return;
      let body = '';
      for (;;) {
        const event = await receive();
        if (event.type !== 'http.request') break;
        body += Buffer.from(event.body).toString();
        if (!event.more_body) break;
      }
      seen = {
        method: scope.method,
        path: scope.path,
        raw: Buffer.from(scope.raw_path).toString(),
        query: Buffer.from(scope.query_string).toString(),
        scheme: scope.scheme,
        client: scope.client?.[0],
        agent: headerValue(scope, 'X-Test'),
        body,
      };
      await send({
        type: 'http.response.start',
        status: 201,
        headers: [[text('content-type'), text('text/plain')]],
      });
      await send({ type: 'http.response.body', body: text('one,'), more_body: true });
      await send({ type: 'http.response.body', body: text('two') });
    });
    const response = await request(`${origin}/caf%C3%A9/?q=1`, {
      method: 'POST',
      body: 'hello',
      headers: { 'x-test': 'yes' },
    });
    expect(response.statusCode).toBe(201);
    expect(response.headers['content-type']).toBe('text/plain');
    expect(await response.body.text()).toBe('one,two');
    expect(seen).toEqual({
      method: 'POST',
      path: '/café/',
      raw: '/caf%C3%A9/',
      query: 'q=1',
      scheme: 'http',
      client: '127.0.0.1',
      agent: 'yes',
      body: 'hello',
    });
  });

  it.each([
    [
      'throws before answering',
      async () => {
        throw new Error('boom');
      },
    ],
    ['returns without answering', async () => {}],
    [
      'sends a header with a newline',
      async (_s: unknown, _r: unknown, send: (e: unknown) => Promise<void>) => {
        await send({
          type: 'http.response.start',
          status: 200,
          headers: [[text('x-a'), text('1\r\nSet-Cookie: a=1')]],
        });
      },
    ],
    [
      'sends a body before the start',
      async (_s: unknown, _r: unknown, send: (e: unknown) => Promise<void>) => {
        await send({ type: 'http.response.body', body: text('x') });
      },
    ],
  ])('answers 500 when the application %s', async (_name, handler) => {
    const { origin } = await start(async (scope, receive, send) => {
      if (scope.type === 'http') await (handler as AsgiApplication)(scope, receive, send);
    });
    const response = await request(`${origin}/`);
    expect(response.statusCode).toBe(500);
    expect(response.headers['set-cookie']).toBeUndefined();
    await response.body.text();
  });

  it('tells a streaming application that its client left: send rejects, receive says disconnect', async () => {
    const outcome: { error?: string; event?: HttpDisconnectEvent } = {};
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    const { port } = await start(async (scope, receive, send) => {
      if (scope.type !== 'http') return;
      await receive();
      await send({
        type: 'http.response.start',
        status: 200,
        headers: [[text('content-type'), text('text/event-stream')]],
      });
      try {
        for (let i = 0; i < 10_000; i++) {
          await send({ type: 'http.response.body', body: text(`data: ${i}\n\n`), more_body: true });
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      } catch (error) {
        outcome.error = error instanceof ClientDisconnected ? 'ClientDisconnected' : String(error);
        outcome.event = (await receive()) as HttpDisconnectEvent;
      }
      done();
    });
    const socket = connect(port, '127.0.0.1');
    socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    await new Promise((resolve) => socket.once('data', resolve));
    socket.destroy();
    await finished;
    expect(outcome).toEqual({ error: 'ClientDisconnected', event: { type: 'http.disconnect' } });
  });
});

describe('serve: the lifespan', () => {
  it('starts before listening, shares its state with each scope, and shuts down after close', async () => {
    const log: string[] = [];
    const app: AsgiApplication = async (scope, receive, send) => {
      if (scope.type === 'lifespan') {
        await receive();
        scope.state.greeting = 'from start-up';
        log.push('startup');
        await send({ type: 'lifespan.startup.complete' });
        await receive();
        log.push('shutdown');
        await send({ type: 'lifespan.shutdown.complete' });
        return;
      }
      if (scope.type !== 'http') return;
      await send({ type: 'http.response.start', status: 200 });
      await send({ type: 'http.response.body', body: text(String(scope.state?.greeting)) });
    };
    const { origin, handle } = await start(app);
    expect(log).toEqual(['startup']);
    expect(await (await request(origin)).body.text()).toBe('from start-up');
    await handle.close();
    expect(log).toEqual(['startup', 'shutdown']);
  });

  it('does not listen when start-up fails', async () => {
    const app: AsgiApplication = async (scope, receive, send) => {
      if (scope.type !== 'lifespan') return;
      await receive();
      await send({ type: 'lifespan.startup.failed', message: 'no database' });
    };
    await expect(startServer(app)).rejects.toThrow('Lifespan start-up failed: no database');
  });

  it("serves an application without a lifespan in 'auto', and refuses it in 'on'", async () => {
    const app: AsgiApplication = async (scope, _receive, send) => {
      if (scope.type === 'lifespan') throw new Error('lifespan? never heard of it');
      await send({ type: 'http.response.start', status: 204 });
      await send({ type: 'http.response.body' });
    };
    const { origin } = await start(app);
    expect((await request(origin)).statusCode).toBe(204);
    await expect(startServer(app, { lifespan: 'on' })).rejects.toThrow('never heard of it');
  });
});

describe('serve: websocket scopes', () => {
  it('echoes, negotiates a subprotocol and adds the accept headers', async () => {
    const app: AsgiApplication = async (scope, receive, send) => {
      if (scope.type !== 'websocket') return;
      expect(await receive()).toEqual({ type: 'websocket.connect' });
      expect(scope.subprotocols).toEqual(['chat.v2', 'chat.v1']);
      expect(scope.path).toBe('/ws/room/');
      expect(scope.scheme).toBe('ws');
      await send({
        type: 'websocket.accept',
        subprotocol: 'chat.v1',
        headers: [[text('x-room'), text('lobby')]],
      });
      for (;;) {
        const event = await receive();
        if (event.type !== 'websocket.receive') return;
        if (event.text != null)
          await send({ type: 'websocket.send', text: event.text.toUpperCase() });
        else await send({ type: 'websocket.send', bytes: event.bytes!.reverse() });
      }
    };
    const { ws } = await start(app);
    let roomHeader: string | undefined;
    const client = await openClient(`${ws}/ws/room/`, { protocols: ['chat.v2', 'chat.v1'] });
    client.once('upgrade', (res) => (roomHeader = res.headers['x-room'] as string));
    expect(client.protocol).toBe('chat.v1');
    const reply = nextMessage(client);
    client.send('hello');
    expect(await reply).toBe('HELLO');
    const binary = new Promise<Buffer>((resolve) =>
      client.once('message', (data) => resolve(data as Buffer)),
    );
    client.send(Buffer.from([1, 2, 3]));
    expect([...(await binary)]).toEqual([3, 2, 1]);
    void roomHeader;
    client.close(1000);
  });

  it('shuts down cleanly: in-flight HTTP finishes, every WebSocket gets 1001', async () => {
    let releaseHttp!: () => void;
    const held = new Promise<void>((resolve) => (releaseHttp = resolve));
    const disconnects: number[] = [];
    const app: AsgiApplication = async (scope, receive, send) => {
      if (scope.type === 'http') {
        await send({ type: 'http.response.start', status: 200 });
        await send({ type: 'http.response.body', body: text('first,'), more_body: true });
        await held;
        await send({ type: 'http.response.body', body: text('last') });
        return;
      }
      if (scope.type !== 'websocket') return;
      await receive();
      await send({ type: 'websocket.accept' });
      const event = await receive();
      if (event.type === 'websocket.disconnect') disconnects.push(event.code);
    };
    const { origin, ws, handle } = await start(app);
    const clients = await Promise.all([openClient(ws), openClient(ws)]);
    const closes = clients.map(closeOf);
    const response = await request(origin);
    const closing = handle.close();
    releaseHttp();
    expect(await response.body.text()).toBe('first,last');
    expect((await Promise.all(closes)).map((c) => c.code)).toEqual([1001, 1001]);
    await closing;
    expect(disconnects).toEqual([1001, 1001]);
  });
});

describe('fromApplication', () => {
  const gateway: Application = (environ, startResponse) => {
    startResponse('200 OK', [['Content-Type', 'text/plain']]);
    return (async function* () {
      yield `${environ.REQUEST_METHOD} ${environ.SCRIPT_NAME}|${environ.PATH_INFO}?${environ.QUERY_STRING} `;
      for await (const chunk of environ['wsgi.input']) yield chunk;
    })();
  };

  it('runs a gateway application as ASGI, in process', async () => {
    const app = fromApplication(gateway);
    const sent: unknown[] = [];
    const inbox = [
      { type: 'http.request', body: text('ab'), more_body: true },
      { type: 'http.request', body: text('c'), more_body: false },
    ];
    await app(
      {
        type: 'http',
        asgi: { version: '3.0' },
        http_version: '1.1',
        method: 'PUT',
        scheme: 'http',
        path: '/mount/café',
        raw_path: text('/mount/caf%C3%A9'),
        query_string: text('x=1'),
        root_path: '/mount',
        headers: [[text('host'), text('example.com')]],
        client: ['127.0.0.1', 5000],
        server: ['example.com', 80],
      },
      async () => inbox.shift() as never,
      async (event) => void sent.push(event),
    );
    const body = sent
      .filter((e) => (e as { type: string }).type === 'http.response.body')
      .map((e) => Buffer.from((e as { body: Uint8Array }).body).toString())
      .join('');
    expect(sent[0]).toMatchObject({ type: 'http.response.start', status: 200 });
    expect(body).toBe(`PUT /mount|${Buffer.from('/café').toString('latin1')}?x=1 abc`);
    expect(sent.at(-1)).toMatchObject({ more_body: false });
  });

  it('is served over a socket, and refuses WebSockets with 403', async () => {
    const { origin, ws } = await start(fromApplication(gateway));
    expect(await (await request(`${origin}/x/?y=2`)).body.text()).toBe('GET |/x/?y=2 ');
    await expect(openClient(ws)).rejects.toThrow('handshake refused: 403');
  });
});
