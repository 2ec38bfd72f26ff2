// The load generator of websockets.ts, run in its own process pinned to the other core.
//   ws-load.ts idle <url> <count>       opens <count> idle connections, prints "open <n>", then
//                                       holds them until stdin closes
//   ws-load.ts echo <url> <clients> <seconds> <inflight>
//                                       each client keeps <inflight> messages in flight; prints
//                                       "messages <n> <seconds>"
import { WebSocket } from 'ws';

const [mode, url, countText, secondsText, inflightText] = process.argv.slice(2);
const count = Number(countText);

function open(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url!, { perMessageDeflate: false });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

if (mode === 'idle') {
  const sockets: WebSocket[] = [];
  // In batches, so the server's accept queue never overflows.
  for (let i = 0; i < count; i += 200) {
    const batch = await Promise.all(Array.from({ length: Math.min(200, count - i) }, open));
    sockets.push(...batch);
  }
  console.log(`open ${sockets.length}`);
  process.stdin.resume();
  process.stdin.once('end', () => {
    for (const ws of sockets) ws.terminate();
    process.exit(0);
  });
} else {
  const seconds = Number(secondsText);
  const inflight = Number(inflightText);
  const clients = await Promise.all(Array.from({ length: count }, open));
  const payload = JSON.stringify({ type: 'chat', text: 'x'.repeat(64) });
  let received = 0;
  let running = true;
  for (const ws of clients) {
    ws.on('message', () => {
      received++;
      if (running) ws.send(payload);
    });
    for (let i = 0; i < inflight; i++) ws.send(payload);
  }
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  running = false;
  const elapsed = (performance.now() - started) / 1000;
  console.log(`messages ${received} ${elapsed}`);
  for (const ws of clients) ws.terminate();
  process.exit(0);
}
