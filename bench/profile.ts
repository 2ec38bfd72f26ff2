// Where the time of one request goes, per layer: each server runs under `node --cpu-prof` for a
// fixed number of requests, and the self time of the samples is summed per package and per
// function. Not run by `pnpm bench` (it exports no run()); run it by hand when optimising:
//   cd bench && node --import tsx profile.ts [keys...]   (keys as in instructions.ts)
import { fortunesFixture } from './fortunes.js';
import { profileServer } from './lib/cpu-profile.js';
import { FORTUNES, HELLO } from './lib/contenders.js';
import type { Contender } from './lib/http.js';

// The keys of instructions.ts and cpu-time.ts; the fortunes page is asked at its own path.
const SERVERS: Record<string, Contender & { path?: string }> = Object.fromEntries([
  ...HELLO.map((c) => [c.key, c]),
  ...FORTUNES.map((c) => [c.key, { ...c, path: '/fortunes/' }]),
]);

const fixture = fortunesFixture();
process.on('exit', () => fixture.remove());

const names = process.argv.slice(2);
for (const key of names.length > 0 ? names : ['core']) {
  const contender = SERVERS[key];
  if (!contender) throw new Error(`unknown server ${key}: ${Object.keys(SERVERS).join(', ')}`);
  const summary = await profileServer(
    { ...contender, env: { ...fixture.env, ...contender.env } },
    {
      warmup: 20_000,
      requests: Number(process.env.STACK_BENCH_REQUESTS ?? 50_000),
      connections: 50,
      ...(contender.path && { path: contender.path }),
    },
  );
  console.log(`\n${contender.name}: self time per layer (% of busy samples)`);
  for (const { layer, percent } of summary.layers.slice(0, 20)) {
    console.log(`  ${percent.toFixed(1).padStart(5)}%  ${layer}`);
  }
  console.log(`${contender.name}: top functions`);
  for (const { name, layer, percent } of summary.functions.slice(0, 40)) {
    console.log(`  ${percent.toFixed(1).padStart(5)}%  ${layer.padEnd(24)} ${name}`);
  }
}
