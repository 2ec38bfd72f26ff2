// Hello JSON, issue 21's headline: raw node:http (the baseline), a bare @stack/wsgi application,
// the @stack/core handler without middleware and with Django's default middleware (seven once
// MessageMiddleware exists), Fastify and Express, all in the same run, measured twice: with
// autocannon and with wrk (STACK_BENCH_TOOLS=wrk or =autocannon picks one). Prints each goal's
// verdict last. `node:http after ESM imports` is the same baseline having imported an ESM
// dependency first (servers/node-http-esm.ts): not a goal, it shows what Node 20's ES module
// loader costs any ESM application on this path (bench/README.md, round 8; since round 12, with
// V8's memory reducer off in the servers, within the run's own error). `node:http, second
// process` is the baseline's own server started twice: its ratio reads the harness's own error
// in that run (two copies of one server should read 1.00x), printed under the verdicts.
// Run: cd bench && node --import tsx core.ts
import { ratioOf, runHttpBench, type HttpResult, type LoadTool } from './lib/http.js';
import { isMain } from './lib/main.js';
import { control, verdict } from './lib/verdict.js';
import { hasWrk } from './lib/wrk.js';

const CONTENDERS = [
  { name: 'node:http', script: 'servers/node-http.ts' },
  { name: 'node:http, second process', script: 'servers/node-http.ts' },
  { name: 'node:http after ESM imports', script: 'servers/node-http-esm.ts' },
  { name: '@stack/wsgi', script: 'servers/stack-wsgi.ts' },
  {
    name: 'handler, no middleware',
    script: 'servers/stack-core.ts',
    env: { STACK_BENCH_MIDDLEWARE: 'none' },
  },
  { name: 'handler, default middleware', script: 'servers/stack-core.ts' },
  { name: 'fastify', script: 'servers/fastify.ts' },
  { name: 'express', script: 'servers/express.ts' },
];

/** The load generators to use: both by default, those named in STACK_BENCH_TOOLS otherwise. */
export function loadTools(): LoadTool[] {
  const asked = (process.env.STACK_BENCH_TOOLS ?? 'autocannon,wrk').split(',');
  const tools = (['autocannon', 'wrk'] as const).filter((tool) => asked.includes(tool));
  if (tools.includes('wrk') && !hasWrk()) {
    console.log(
      'bench: wrk is not installed (apt-get install wrk); measuring with autocannon only',
    );
    return tools.filter((tool) => tool !== 'wrk');
  }
  return tools;
}

function verdicts(tool: LoadTool, results: HttpResult[]): void {
  const ratio = (name: string) => ratioOf(results, name);
  const defaults = ratio('handler, default middleware');
  console.log(`\nverdicts (${tool}, req/s ratios from the table above):`);
  verdict('@stack/wsgi vs node:http', ratio('@stack/wsgi'), 0.97);
  verdict('handler without middleware vs node:http', ratio('handler, no middleware'), 0.92);
  verdict('handler with the default middleware vs node:http', defaults, 0.85);
  // Both measured against node:http slice by slice; their quotient is the comparison.
  verdict('handler with the default middleware vs fastify', defaults / ratio('fastify'), 0.85);
  control('node:http, second process vs node:http', ratio('node:http, second process'));
  const esm = ratio('node:http after ESM imports');
  console.log(
    `  (not a goal) node:http after ESM imports vs node:http: ${esm.toFixed(2)}x; ` +
      `handler without middleware vs it: ${(ratio('handler, no middleware') / esm).toFixed(2)}x`,
  );
}

export async function run(): Promise<void> {
  for (const tool of loadTools()) {
    const results = await runHttpBench({
      title: 'hello JSON: @stack vs raw node:http, fastify, express',
      contenders: CONTENDERS,
      tool,
    });
    verdicts(tool, results);
  }
}

if (isMain(import.meta.url)) await run();
