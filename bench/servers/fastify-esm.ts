// Fastify after an application's worth of ES modules (kysely's ESM build, imported first and not
// used), as servers/node-http-esm.ts is node:http: Fastify is CommonJS, so the one-file Fastify
// server escapes the cost Node 20's ES module loader leaves on EventEmitter's inline caches,
// which an ESM application built on Fastify pays (bench/README.md, round 8).
import 'kysely';
import './fastify.js';
