// The TechEmpower fortunes page: 12 rows read from SQLite, one added, sorted, rendered through
// a template with escaping. Stack (ORM + template file + the core handler, with and without the
// default middleware) against node:http with better-sqlite3 and the page written by hand (the
// baseline), in the same run, with autocannon and wrk. Goal: >= 0.80x with the defaults. The
// baseline's server runs twice: `hand-written, second process` reads the run's own error.
// Run: cd bench && node --import tsx fortunes.ts
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTools } from './core.js';
import { ratioOf, runHttpBench } from './lib/http.js';
import { isMain } from './lib/main.js';
import { control, verdict } from './lib/verdict.js';

const MESSAGES = [
  'fortune: No such file or directory',
  "A computer scientist is someone who fixes things that aren't broken.",
  'After enough decimal places, nobody gives a damn.',
  'A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1',
  'A computer program does what you tell it to do, not what you want it to do.',
  'Emacs is a nice operating system, but I prefer UNIX. — Tom Christaensen',
  'Any program that runs right is obsolete.',
  'A list is only as strong as its weakest link. — Donald Knuth',
  'Feature: A bug with seniority.',
  'Computers make very fast, very accurate mistakes.',
  '<script>alert("This should not be displayed in a browser alert box.");</script>',
  'フレームワークのベンチマーク',
];

export const FORTUNES_TEMPLATE = `<!DOCTYPE html>
<html>
<head><title>Fortunes</title></head>
<body>
<table>
<tr><th>id</th><th>message</th></tr>
{% for fortune in fortunes %}<tr><td>{{ fortune.id }}</td><td>{{ fortune.message }}</td></tr>
{% endfor %}</table>
</body>
</html>`;

/** A folder with the SQLite file and the template; removed by the returned function. */
export function fortunesFixture(): { env: Record<string, string>; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'stack-fortunes-'));
  const file = join(dir, 'fortunes.sqlite3');
  const db = new Database(file);
  db.exec(
    'CREATE TABLE "fortunes_fortune" ("id" integer NOT NULL PRIMARY KEY, "message" varchar(2048) NOT NULL)',
  );
  const insert = db.prepare('INSERT INTO "fortunes_fortune" ("id", "message") VALUES (?, ?)');
  MESSAGES.forEach((message, i) => insert.run(i + 1, message));
  db.close();
  writeFileSync(join(dir, 'fortunes.html'), FORTUNES_TEMPLATE);
  return {
    env: { STACK_BENCH_DB: file, STACK_BENCH_TEMPLATES: dir },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export async function run(): Promise<void> {
  const fixture = fortunesFixture();
  try {
    for (const tool of loadTools()) {
      const results = await runHttpBench({
        title: 'fortunes: Stack (ORM + template file) vs node:http + better-sqlite3 by hand',
        path: '/fortunes/',
        tool,
        baseline: 'hand-written',
        contenders: [
          { name: 'hand-written', script: 'servers/fortunes-raw.ts', env: fixture.env },
          {
            name: 'hand-written, second process',
            script: 'servers/fortunes-raw.ts',
            env: fixture.env,
          },
          {
            name: 'Stack, no middleware',
            script: 'servers/fortunes-stack.ts',
            env: { ...fixture.env, STACK_BENCH_MIDDLEWARE: 'none' },
          },
          {
            name: 'Stack, default middleware',
            script: 'servers/fortunes-stack.ts',
            env: fixture.env,
          },
        ],
      });
      const ratio = (name: string) => ratioOf(results, name);
      console.log(`\nverdict (${tool}):`);
      verdict(
        'fortunes with the default middleware vs hand-written',
        ratio('Stack, default middleware'),
        0.8,
      );
      control(
        'hand-written, second process vs hand-written',
        ratio('hand-written, second process'),
      );
    }
  } finally {
    fixture.remove();
  }
}

if (isMain(import.meta.url)) await run();
