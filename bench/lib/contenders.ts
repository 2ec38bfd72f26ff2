// The servers instructions.ts and cpu-time.ts measure, each under a short key for the command
// line (`instructions.ts core-none core`). The first of each list is the baseline.
import type { Contender } from './http.js';

/** A contender with its command-line key. */
export type Keyed = Contender & { key: string };

/**
 * Hello JSON: raw node:http (the baseline), the gateway, the handler, Fastify, Express; and
 * node:http and Fastify after ESM imports (servers/node-http-esm.ts): what Node 20's ES module
 * loader costs an ESM application, measured on the others.
 */
export const HELLO: Keyed[] = [
  { key: 'node', name: 'node:http', script: 'servers/node-http.ts' },
  { key: 'node-esm', name: 'node:http after ESM imports', script: 'servers/node-http-esm.ts' },
  { key: 'wsgi', name: '@stack/wsgi', script: 'servers/stack-wsgi.ts' },
  {
    key: 'core-none',
    name: 'handler, no middleware',
    script: 'servers/stack-core.ts',
    env: { STACK_BENCH_MIDDLEWARE: 'none' },
  },
  { key: 'core', name: 'handler, default middleware', script: 'servers/stack-core.ts' },
  { key: 'fastify', name: 'fastify', script: 'servers/fastify.ts' },
  { key: 'fastify-esm', name: 'fastify after ESM imports', script: 'servers/fastify-esm.ts' },
  { key: 'express', name: 'express', script: 'servers/express.ts' },
];

/** The fortunes page: by hand with better-sqlite3 (the baseline), Stack without and with the defaults. */
export const FORTUNES: Keyed[] = [
  { key: 'fortunes-raw', name: 'hand-written', script: 'servers/fortunes-raw.ts' },
  {
    key: 'fortunes-none',
    name: 'Stack, no middleware',
    script: 'servers/fortunes-stack.ts',
    env: { STACK_BENCH_MIDDLEWARE: 'none' },
  },
  { key: 'fortunes', name: 'Stack, default middleware', script: 'servers/fortunes-stack.ts' },
];
