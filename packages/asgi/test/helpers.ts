import { connect, type Socket } from 'node:net';
import { afterEach } from 'vitest';
import { WebSocket } from 'ws';
import { serve, type AsgiApplication, type AsgiServeOptions } from '../src/index.js';
import type { ServeHandle } from '@stack/wsgi';

export const text = (value: string): Uint8Array => new TextEncoder().encode(value);

/** A server on a free loopback port, silent, without signal handlers. */
export async function startServer(
  app: AsgiApplication,
  options: AsgiServeOptions = {},
): Promise<{ handle: ServeHandle; origin: string; ws: string; port: number }> {
  const handle = serve(app, {
    host: '127.0.0.1',
    port: 0,
    log: false,
    handleSignals: false,
    onError: () => {},
    ...options,
  });
  const { port } = await handle.listening;
  return { handle, origin: `http://127.0.0.1:${port}`, ws: `ws://127.0.0.1:${port}`, port: port! };
}

/** A `start(app, options)` whose servers are all closed after each test of the file. */
export function serversClosedAfterEach(): typeof startServer {
  const handles: ServeHandle[] = [];
  afterEach(async () => {
    await Promise.all(handles.splice(0).map((handle) => handle.close()));
  });
  return async (app, options) => {
    const started = await startServer(app, options);
    handles.push(started.handle);
    return started;
  };
}

/** Opens a client and resolves once it is open (or rejects with the handshake's status). */
export function openClient(
  url: string,
  options: { protocols?: string[]; headers?: Record<string, string> } = {},
): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, options.protocols, { headers: options.headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) =>
      reject(new Error(`handshake refused: ${res.statusCode}`)),
    );
    ws.once('error', reject);
  });
}

/** Resolves with the close code and reason the client saw. */
export function closeOf(ws: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
}

/** The next message a client receives, as text. */
export function nextMessage(ws: WebSocket): Promise<string> {
  return new Promise((resolve) => ws.once('message', (data) => resolve(data.toString())));
}

/** A raw TCP client that has completed a WebSocket handshake (for frames ws would never send). */
export async function rawHandshake(
  port: number,
  path = '/',
): Promise<{ socket: Socket; head: string }> {
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => {});
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write(
    `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
  );
  const head = await new Promise<string>((resolve) => {
    let received = '';
    const onData = (data: Buffer) => {
      received += data.toString('latin1');
      if (received.includes('\r\n\r\n')) {
        socket.off('data', onData);
        resolve(received);
      }
    };
    socket.on('data', onData);
  });
  return { socket, head };
}

/** Writes raw bytes and collects the answer until the server closes (or `waitMs`). */
export function rawExchange(port: number, bytes: string, waitMs = 3_000): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let response = '';
    const timer = setTimeout(() => socket.destroy(), waitMs);
    socket.setEncoding('latin1');
    socket.on('data', (data: string) => (response += data));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(response);
    });
    socket.on('connect', () => socket.write(bytes));
  });
}

/** An echo application that records what it received, for the fault tests. */
export function recordingEcho(events: unknown[]): AsgiApplication {
  return async (scope, receive, send) => {
    if (scope.type !== 'websocket') return;
    for (;;) {
      const event = await receive();
      events.push(event);
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
}

/** Polls `check` until it holds; bounded by a count, never by a duration the test asserts. */
export async function eventually(check: () => boolean, tries = 400): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('condition never held');
}
