import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** One built entry point: when it is missing, the packages were not built. */
const BUILT = fileURLToPath(new URL('../../packages/core/dist/index.js', import.meta.url));

/** Seconds per phase (warm-up, then measurement). `STACK_BENCH_DURATION`, default 5. */
export function benchDuration(): number {
  return positive('STACK_BENCH_DURATION', 5);
}

/** Seconds of warm-up per contender before measuring. `STACK_BENCH_WARMUP`, default 2. */
export function warmupDuration(): number {
  return positive('STACK_BENCH_WARMUP', 2);
}

/** Concurrent connections of the load generator. `STACK_BENCH_CONNECTIONS`, default 100. */
export function benchConnections(): number {
  return positive('STACK_BENCH_CONNECTIONS', 100);
}

/** Measured slices per contender, taken in turn. `STACK_BENCH_ROUNDS`, default 5. */
export function benchRounds(): number {
  return Math.max(1, Math.round(positive('STACK_BENCH_ROUNDS', 5)));
}

function positive(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
}

/**
 * Node's flags for a server or benchmark process. The servers are TypeScript files (run through
 * tsx), but by default `@stack/*` resolves to each package's built `dist/`: what an application
 * installs and runs, minified by nothing and transpiled once by tsup. `STACK_BENCH_SOURCE=1`
 * loads the packages' sources instead (tsx transpiles them at start and adds a `__name` call per
 * function it names, which costs in hot paths): handy while editing, not the figure to report.
 */
export function nodeFlags(): string[] {
  const fromSource = process.env.STACK_BENCH_SOURCE === '1';
  if (!fromSource && !existsSync(BUILT)) {
    throw new Error(
      `The packages are not built (${BUILT} is missing): run \`pnpm build\` first, ` +
        'or set STACK_BENCH_SOURCE=1 to measure the sources.',
    );
  }
  return [...(fromSource ? ['--conditions=@stack/source'] : []), '--import', 'tsx'];
}
