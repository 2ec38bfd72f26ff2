import { describe, expect, it } from 'vitest';
import type { AsgiApplication, WebSocketDisconnectEvent } from './index.js';
import {
  closeOf,
  eventually,
  openClient,
  rawExchange,
  rawHandshake,
  recordingEcho,
  serversClosedAfterEach,
} from '../test/helpers.js';

const start = serversClosedAfterEach();

const disconnectOf = (events: unknown[]) =>
  events.find((e) => (e as { type: string }).type === 'websocket.disconnect') as
    WebSocketDisconnectEvent | undefined;

const KEY = 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n';

describe('malformed handshakes get a 4xx and never reach the application', () => {
  it.each([
    [
      'no Sec-WebSocket-Key',
      `GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      400,
    ],
    [
      'a malformed key',
      `GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: short\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      400,
    ],
    [
      'an unknown version',
      `GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n${KEY}Sec-WebSocket-Version: 99\r\n\r\n`,
      400,
    ],
    [
      'a POST',
      `POST / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n${KEY}Sec-WebSocket-Version: 13\r\n\r\n`,
      405,
    ],
    [
      'no Host',
      `GET / HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n${KEY}Sec-WebSocket-Version: 13\r\n\r\n`,
      400,
    ],
    [
      'a malformed subprotocol list',
      `GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n${KEY}Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: a,,b\r\n\r\n`,
      400,
    ],
    [
      'HTTP/1.0',
      `GET / HTTP/1.0\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n${KEY}Sec-WebSocket-Version: 13\r\n\r\n`,
      400,
    ],
  ])('%s', async (_name, request, status) => {
    const events: unknown[] = [];
    const { port } = await start(recordingEcho(events));
    const response = await rawExchange(port, request);
    expect(response.startsWith(`HTTP/1.1 ${status} `)).toBe(true);
    expect(events).toEqual([]);
  });

  it('answers 404 to a handshake outside the mount prefix', async () => {
    const events: unknown[] = [];
    const { ws } = await start(recordingEcho(events), { scriptName: '/app' });
    await expect(openClient(`${ws}/elsewhere/`)).rejects.toThrow('handshake refused: 404');
    expect(events).toEqual([]);
  });
});

describe('limits and faults on open connections', () => {
  it('closes a message over maxMessageSize with 1009 and tells the application', async () => {
    const events: unknown[] = [];
    const { ws } = await start(recordingEcho(events), { websocket: { maxMessageSize: 1024 } });
    const client = await openClient(ws);
    const closed = closeOf(client);
    client.send('x'.repeat(2048));
    expect((await closed).code).toBe(1009);
    await eventually(() => disconnectOf(events) !== undefined);
    expect(disconnectOf(events)!.code).toBe(1009);
  });

  it('survives garbage frames: the connection closes with 1002, the server keeps serving', async () => {
    const events: unknown[] = [];
    const { port, ws } = await start(recordingEcho(events));
    const { socket, head } = await rawHandshake(port);
    expect(head.startsWith('HTTP/1.1 101 ')).toBe(true);
    // An unmasked frame with reserved opcode 0x3: illegal from a client on two counts.
    socket.write(Buffer.from([0x83, 0x05, 0x68, 0x65, 0x6c, 0x6c, 0x6f]));
    await new Promise((resolve) => socket.once('close', resolve));
    await eventually(() => disconnectOf(events) !== undefined);
    expect(disconnectOf(events)!.code).toBe(1002);
    const client = await openClient(ws);
    client.close();
  });

  it('cleans up a client that disconnects in the middle of a message', async () => {
    const events: unknown[] = [];
    const { port, handle } = await start(recordingEcho(events));
    const { socket } = await rawHandshake(port);
    // A masked text frame announcing 1000 bytes, of which only 4 arrive before the hang-up.
    socket.write(Buffer.from([0x81, 0xfe, 0x03, 0xe8, 1, 2, 3, 4, 0x61, 0x62, 0x63, 0x64]));
    socket.destroy();
    await eventually(() => disconnectOf(events) !== undefined);
    expect(disconnectOf(events)!.code).toBe(1006);
    expect(events.filter((e) => (e as { type: string }).type === 'websocket.receive')).toEqual([]);
    await handle.close();
  });

  it('drops a dead client that stops answering pings', async () => {
    const events: unknown[] = [];
    const { port } = await start(recordingEcho(events), {
      websocket: { pingInterval: 50, pingTimeout: 100 },
    });
    const { socket } = await rawHandshake(port);
    // The raw client never answers a ping: like a peer whose network vanished.
    await new Promise((resolve) => socket.once('close', resolve));
    await eventually(() => disconnectOf(events) !== undefined);
    expect(disconnectOf(events)!.code).toBe(1006);
  });

  it('keeps a live client that answers pings', async () => {
    const events: unknown[] = [];
    // A generous timeout: a stalled test process must not look like a dead client.
    const { ws } = await start(recordingEcho(events), {
      websocket: { pingInterval: 20, pingTimeout: 5_000 },
    });
    const client = await openClient(ws);
    let pings = 0;
    client.on('ping', () => pings++);
    await eventually(() => pings >= 5);
    const reply = new Promise((resolve) =>
      client.once('message', (data) => resolve(data.toString())),
    );
    client.send('still here');
    expect(await reply).toBe('still here');
    client.close();
  });

  it('drops a client that does not read, once unread output passes maxBufferedAmount', async () => {
    let disconnect: WebSocketDisconnectEvent | undefined;
    let sent = 0;
    const chunk = new Uint8Array(64 * 1024);
    const app: AsgiApplication = async (scope, receive, send) => {
      if (scope.type !== 'websocket') return;
      await receive();
      await send({ type: 'websocket.accept' });
      // Fire and forget, as a broadcast would: only the server's policy bounds the memory.
      const pending: Promise<void>[] = [];
      let gone = false;
      for (let i = 0; i < 4_000 && !gone; i++) {
        pending.push(
          send({ type: 'websocket.send', bytes: chunk }).catch(() => void (gone = true)),
        );
        sent++;
        if (i % 16 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      const event = await receive();
      if (event.type === 'websocket.disconnect') disconnect = event;
      await Promise.all(pending);
    };
    const { port } = await start(app, { websocket: { maxBufferedAmount: 256 * 1024 } });
    const { socket } = await rawHandshake(port);
    socket.pause(); // never reads again
    await eventually(() => disconnect !== undefined);
    expect(disconnect!.code).toBe(1008);
    expect(sent).toBeLessThan(4_000);
    socket.destroy();
  });

  it('pauses reading while the application is busy, and loses nothing', async () => {
    const received: string[] = [];
    let release!: () => void;
    const busy = new Promise<void>((resolve) => (release = resolve));
    const app: AsgiApplication = async (scope, receive, send) => {
      if (scope.type !== 'websocket') return;
      await receive();
      await send({ type: 'websocket.accept' });
      await busy;
      for (;;) {
        const event = await receive();
        if (event.type !== 'websocket.receive') return;
        received.push(event.text!);
        if (received.length === 500) await send({ type: 'websocket.send', text: 'done' });
      }
    };
    const { ws } = await start(app, { websocket: { maxQueuedMessages: 8 } });
    const client = await openClient(ws);
    for (let i = 0; i < 500; i++) client.send(String(i));
    const done = new Promise((resolve) => client.once('message', resolve));
    release();
    await done;
    expect(received).toEqual(Array.from({ length: 500 }, (_, i) => String(i)));
    client.close();
  });
});

describe('the application decides the handshake', () => {
  it.each([
    [
      'closes before accepting',
      403,
      (async (scope, receive, send) => {
        if (scope.type !== 'websocket') return;
        await receive();
        await send({ type: 'websocket.close' });
      }) as AsgiApplication,
    ],
    [
      'returns without accepting',
      403,
      (async (scope, receive) => {
        if (scope.type !== 'websocket') return;
        await receive();
      }) as AsgiApplication,
    ],
    [
      'throws before accepting',
      500,
      (async (scope) => {
        if (scope.type !== 'websocket') return;
        throw new Error('boom');
      }) as AsgiApplication,
    ],
  ])('refuses when the application %s (%i)', async (_name, status, app) => {
    const { ws } = await start(app);
    await expect(openClient(ws)).rejects.toThrow(`handshake refused: ${status}`);
  });

  it('answers 504 when the application never decides', async () => {
    const neverDecides: AsgiApplication = async (scope, receive) => {
      if (scope.type !== 'websocket') return;
      await receive();
      await new Promise(() => {});
    };
    const { ws } = await start(neverDecides, {
      websocket: { handshakeTimeout: 50 },
    });
    await expect(openClient(ws)).rejects.toThrow('handshake refused: 504');
  });

  it('refuses a subprotocol the client did not offer, and a header with a newline', async () => {
    const errors: string[] = [];
    const app =
      (accept: Record<string, unknown>): AsgiApplication =>
      async (scope, receive, send) => {
        if (scope.type !== 'websocket') return;
        await receive();
        await send({ type: 'websocket.accept', ...accept }).catch((error: Error) => {
          errors.push(error.name);
          throw error;
        });
      };
    const a = await start(app({ subprotocol: 'evil' }));
    await expect(openClient(a.ws, { protocols: ['chat'] })).rejects.toThrow(
      'handshake refused: 500',
    );
    const b = await start(
      app({ headers: [[Buffer.from('x-a'), Buffer.from('1\r\nSet-Cookie: x=1')]] }),
    );
    await expect(openClient(b.ws)).rejects.toThrow('handshake refused: 500');
    expect(errors).toEqual(['AsgiProtocolError', 'AsgiProtocolError']);
  });
});
