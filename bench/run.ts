// Runs every benchmark (bench/*.ts), or only those named: `pnpm bench wsgi urls`.
// Each benchmark runs in its own process, so one cannot warm or pollute another.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchmarkArgs } from './lib/node-args.js';

const here = dirname(fileURLToPath(import.meta.url));
// A benchmark is a bench/*.ts file exporting run(); scratch files beside them are skipped.
const exportsRun = (file: string) =>
  /export\s+(async\s+)?function\s+run\s*\(/.test(readFileSync(join(here, file), 'utf8'));
const available = readdirSync(here)
  .filter((file) => file.endsWith('.ts') && file !== 'run.ts' && !file.endsWith('.d.ts'))
  .filter(exportsRun)
  .map((file) => file.slice(0, -'.ts'.length))
  .sort();

const asked = process.argv.slice(2).map((name) => name.replace(/\.ts$/, ''));
const unknown = asked.filter((name) => !available.includes(name));
if (unknown.length > 0) {
  console.error(`Unknown benchmark(s): ${unknown.join(', ')}. Available: ${available.join(', ')}`);
  process.exit(2);
}

let failed = 0;
for (const name of asked.length > 0 ? asked : available) {
  console.log(`\n=== bench/${name}.ts ===`);
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, benchmarkArgs(join(here, `${name}.ts`)), {
      cwd: here,
      stdio: 'inherit',
    });
    child.once('exit', resolve);
  });
  if (code !== 0) {
    failed++;
    console.error(`bench/${name}.ts failed (exit ${code})`);
  }
}
process.exit(failed > 0 ? 1 : 0);
