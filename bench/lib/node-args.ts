// How every benchmark, server and load generator is started: what ships, not a development
// loader. By default each TypeScript file under bench/ is compiled once by esbuild into
// bench/.compiled/ (its own imports bundled, every package left external) and run by plain
// `node`, so `@stack/*` resolves to each package's built `dist/`, as in an application, and no
// loader sits in the process (tsx's hooks alone add about 80 MB of RSS to a server importing
// `@stack/core`, and slow its start-up). STACK_BENCH_SOURCE=1 runs the packages' sources through
// tsx instead: no build needed while editing, but tsx wraps each named function in a `__name`
// call, which costs in hot paths, so those figures are not the ones to report.
import { mkdirSync, renameSync, existsSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

const benchRoot = fileURLToPath(new URL('..', import.meta.url));
const outRoot = join(benchRoot, '.compiled');
/** One built entry point: when it is missing, the packages were not built. */
const BUILT = fileURLToPath(new URL('../../packages/core/dist/index.js', import.meta.url));
const compiled = new Map<string, string>();

/** Whether the packages' sources are measured (STACK_BENCH_SOURCE=1) instead of their builds. */
export function fromSource(): boolean {
  return process.env.STACK_BENCH_SOURCE === '1';
}

/**
 * Node's arguments that run `script` (a .ts file, absolute or relative to bench/), after
 * `flags` and with `preload` (a .ts module given to `--import`) loaded first.
 */
export function nodeArgs(
  script: string,
  options: { flags?: readonly string[]; preload?: string } = {},
): string[] {
  const { flags = [], preload } = options;
  if (fromSource()) {
    const loader = ['--conditions=@stack/source', '--import', 'tsx'];
    const pre = preload ? ['--import', resolve(benchRoot, preload)] : [];
    return [...flags, ...loader, ...pre, resolve(benchRoot, script)];
  }
  const pre = preload ? ['--import', compile(preload)] : [];
  return [...flags, ...pre, compile(script)];
}

/** Compiles `script` into bench/.compiled (once per process) and returns the output's path. */
function compile(script: string): string {
  const source = resolve(benchRoot, script);
  const done = compiled.get(source);
  if (done) return done;
  if (!existsSync(BUILT)) {
    throw new Error(
      `The packages are not built (${BUILT} is missing): run \`pnpm build\` first, ` +
        'or set STACK_BENCH_SOURCE=1 to measure the sources.',
    );
  }
  const out = join(outRoot, relative(benchRoot, source).replace(/\.ts$/, '.mjs'));
  const result = buildSync({
    entryPoints: [source],
    bundle: true,
    packages: 'external',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    write: false,
    outfile: out,
    logLevel: 'error',
  });
  mkdirSync(dirname(out), { recursive: true });
  // Another benchmark process may compile the same file: write aside, then rename (atomic).
  const temporary = `${out}.${process.pid}.tmp`;
  writeFileSync(temporary, result.outputFiles[0]!.contents);
  renameSync(temporary, out);
  compiled.set(source, out);
  return out;
}

/** Node's arguments that run a benchmark file itself (it measures in-process or spawns servers). */
export function benchmarkArgs(file: string): string[] {
  return [...(fromSource() ? ['--conditions=@stack/source'] : []), '--import', 'tsx', file];
}

/** Node flags that put V8's log (which `--perf-basic-prof` turns on) in `folder`. */
export function v8LogIn(folder: string): string[] {
  return [`--logfile=${join(folder, 'v8.log')}`, '--no-logfile-per-isolate'];
}
