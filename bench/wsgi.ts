// Hello JSON: a bare @stack/wsgi application against raw node:http, fastify and express.
// Run: cd bench && node --import tsx wsgi.ts
import { runHttpBench } from './lib/http.js';
import { isMain } from './lib/main.js';

export async function run(): Promise<void> {
  await runHttpBench({
    title: 'hello JSON: @stack/wsgi serve() vs raw node:http, fastify, express',
    contenders: [
      { name: 'node:http', script: 'servers/node-http.ts' },
      { name: '@stack/wsgi', script: 'servers/stack-wsgi.ts' },
      { name: 'fastify', script: 'servers/fastify.ts' },
      { name: 'express', script: 'servers/express.ts' },
    ],
  });
}

if (isMain(import.meta.url)) await run();
