import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import {
  ConsoleEmailBackend,
  DummyEmailBackend,
  FileEmailBackend,
  LocmemEmailBackend,
  outbox,
  SmtpEmailBackend,
} from '../src/index.js';
import { backendConformance, splitWritten } from './backend-conformance.js';
import { startSmtpServer, type TestSmtpServer } from './smtp-server.js';

let server: TestSmtpServer;
const folders: string[] = [];

beforeAll(async () => {
  server = await startSmtpServer();
});
afterAll(async () => {
  await server.close();
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});
beforeEach(() => {
  outbox.length = 0;
});

backendConformance('smtp', () => {
  const start = server.received.length;
  return {
    connection: (options) =>
      new SmtpEmailBackend({ host: '127.0.0.1', port: server.port, ...options }),
    delivered: async () => server.received.slice(start).map((message) => message.raw),
  };
});

backendConformance('console', () => {
  let written = '';
  const stream = { write: (chunk: string) => (written += chunk) };
  return {
    connection: (options) => new ConsoleEmailBackend({ ...options, stream }),
    delivered: async () => splitWritten(written),
  };
});

backendConformance('file', () => {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'stack-mail-file-'));
  folders.push(folder);
  return {
    connection: (options) => new FileEmailBackend({ ...options, filePath: folder }),
    delivered: async () =>
      readdirSync(folder)
        .sort()
        .flatMap((name) => splitWritten(readFileSync(path.join(folder, name), 'utf8'))),
  };
});

backendConformance('locmem', () => ({
  connection: (options) => new LocmemEmailBackend(options),
  delivered: () => Promise.all(outbox.map(async (message) => (await message.message()).asBytes())),
}));

backendConformance('dummy', () => ({
  connection: (options) => new DummyEmailBackend(options),
  delivered: () => null,
}));
