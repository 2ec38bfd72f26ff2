// Multi-worker scaling: the @stack/core handler (default middleware) served by one worker on one
// core against two workers (serve({ workers: 2 })) allowed both cores, same run, interleaved,
// with wrk (else autocannon). On a 2-core machine the load generator shares the cores with
// the two workers, so the ratio understates what two free cores give; it says so.
// Run: cd bench && node --import tsx workers.ts
import { availableParallelism } from 'node:os';
import { measureAll } from './lib/http.js';
import { isMain } from './lib/main.js';
import { hasWrk } from './lib/wrk.js';

export async function run(): Promise<void> {
  const tool = hasWrk() ? 'wrk' : 'autocannon';
  const results = await measureAll(
    [
      { name: '1 worker', script: 'servers/stack-core.ts', cores: '0' },
      {
        name: '2 workers',
        script: 'servers/stack-core.ts',
        cores: '0,1',
        env: { STACK_BENCH_WORKERS: '2' },
      },
    ],
    '/',
    tool,
  );
  const [, two] = results;
  console.log(`\nworkers (${tool}, hello JSON through the default middleware):`);
  for (const r of results) console.log(`  ${r.name}: ${r.requestsPerSecond.toFixed(0)} req/s`);
  console.log(`  2 workers vs 1: ${two!.ratio.toFixed(2)}x (slice by slice)`);
  if (availableParallelism() <= 2) {
    console.log('  (2 cores only: the load generator competes with the two workers)');
  }
}

if (isMain(import.meta.url)) await run();
