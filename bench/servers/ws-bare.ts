// The baseline: a bare `ws` server on node:http echoing every message; GET /rss reports memory.
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';
import { rssReport } from './ws-rss.js';

const server = createServer((_req, res) => {
  res.setHeader('Content-Type', 'application/json');
  res.end(rssReport());
});
const wss = new WebSocketServer({ server, perMessageDeflate: false });
wss.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`listening ${(server.address() as { port: number }).port}`);
});
