// Instructions per request under valgrind's callgrind for hello JSON (and the fortunes page):
// a count, not a time, so it is steady on a loaded machine and shows what each change saves.
// Every contender gets the same warm-up and the same number of requests; ratios are against
// raw node:http (hello) and the hand-written better-sqlite3 page (fortunes), from the same run.
// Only contenders named on the command line run when some are: `instructions.ts core-none`.
// Run: cd bench && node --conditions=@stack/source --import tsx instructions.ts
import { canCountInstructions, instructionsPerRequest } from './lib/callgrind.js';
import type { Contender } from './lib/http.js';
import { isMain } from './lib/main.js';
import { printTable, type Row } from './lib/table.js';

const HELLO: (Contender & { key: string })[] = [
  { key: 'node', name: 'node:http', script: 'servers/node-http.ts' },
  { key: 'wsgi', name: '@stack/wsgi', script: 'servers/stack-wsgi.ts' },
  {
    key: 'core-none',
    name: '@stack/core (no middleware)',
    script: 'servers/stack-core.ts',
    env: { STACK_BENCH_MIDDLEWARE: 'none' },
  },
  { key: 'core', name: '@stack/core (default middleware)', script: 'servers/stack-core.ts' },
  { key: 'fastify', name: 'fastify', script: 'servers/fastify.ts' },
  { key: 'express', name: 'express', script: 'servers/express.ts' },
];

export async function run(): Promise<void> {
  if (!canCountInstructions()) {
    console.log('bench/instructions: valgrind (callgrind) is not installed; skipped');
    return;
  }
  const asked = process.argv.slice(2);
  const requests = Number(process.env.STACK_BENCH_REQUESTS ?? 3000);
  const options = {
    warmup: 5000,
    requests,
    connections: Number(process.env.STACK_BENCH_IR_CONNECTIONS ?? 1),
  };
  const rows: Row[] = [];
  for (const contender of HELLO) {
    if (asked.length > 0 && !asked.includes(contender.key) && contender.key !== 'node') continue;
    const count = await instructionsPerRequest(contender, options);
    rows.push({ name: contender.name, values: { ir: count / 1000 } });
    console.log(`${contender.name}: ${Math.round(count)} instructions/request`);
  }
  printTable(
    `hello JSON: thousands of instructions per request (callgrind, ${requests} requests after ${options.warmup}, ${options.connections} connections)`,
    rows,
    [{ key: 'ir', label: 'k instr/req', digits: 1 }],
    'node:http',
  );
}

if (isMain(import.meta.url)) await run();
