// Baseline of the fortunes page: node:http, better-sqlite3 with the statement prepared once,
// and the page written by hand (HTML escaping included), as TechEmpower's fastest Node entries.
// STACK_BENCH_DB names the SQLite file (made by bench/fortunes.ts).
import Database from 'better-sqlite3';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const db = new Database(process.env.STACK_BENCH_DB!, { readonly: true });
const all = db.prepare('SELECT "id", "message" FROM "fortunes_fortune"');

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#x27;',
};
const escape = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

interface Fortune {
  id: number;
  message: string;
}

const server = createServer((_req, res) => {
  const fortunes = all.all() as Fortune[];
  fortunes.push({ id: 0, message: 'Additional fortune added at request time.' });
  fortunes.sort((a, b) => (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
  let html =
    '<!DOCTYPE html>\n<html>\n<head><title>Fortunes</title></head>\n<body>\n<table>\n<tr><th>id</th><th>message</th></tr>\n';
  for (const f of fortunes) html += `<tr><td>${f.id}</td><td>${escape(f.message)}</td></tr>\n`;
  html += '</table>\n</body>\n</html>';
  res.writeHead(200, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(html),
  });
  res.end(html);
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`listening ${(server.address() as AddressInfo).port}`);
});
