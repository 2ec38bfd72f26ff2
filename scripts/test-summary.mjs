#!/usr/bin/env node
// Adds up the JSON reports vitest wrote in each package (STACK_TEST_REPORT=1; turbo restores them
// on a cache hit) into one closing verdict: every failed test by name, every package whose report
// is missing, what the tests left in their temp folder (`--temp-folder <dir>`, test.sh's), and,
// outside CI, which services were missing and how many tests skipped.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { 'temp-folder': { type: 'string' } } });

let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];
const skippedBy = [];
// Every workspace with tests: the packages, the apps, and bench/ (its helpers' tests).
const workspaces = ['packages', 'apps']
  .filter((root) => existsSync(root))
  .flatMap((root) =>
    readdirSync(root)
      .sort()
      .map((dir) => `${root}/${dir}`),
  )
  .concat('bench');
for (const workspace of workspaces) {
  const manifest = join(workspace, 'package.json');
  if (!existsSync(manifest)) continue;
  if (!JSON.parse(readFileSync(manifest, 'utf8')).scripts?.test) continue;
  const file = join(workspace, '.vitest-report.json');
  if (!existsSync(file)) {
    failures.push(`${workspace}: no test report (its tests did not run, or did not finish)`);
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  const skips = report.numPendingTests + report.numTodoTests;
  skipped += skips;
  if (skips) skippedBy.push(`${workspace} ${skips}`);
  for (const suite of report.testResults)
    for (const test of suite.assertionResults)
      if (test.status === 'failed') failures.push(`${workspace}: ${test.fullName}`);
  if (!report.success && report.numFailedTests === 0)
    failures.push(`${workspace}: a test file failed to load`);
}

const folder = values['temp-folder'];
if (folder && existsSync(folder)) {
  // tsx (which runs the CLI tests' child processes) keeps its compile cache in tsx-<uid>: a
  // tool's cache, removed with the folder, not a test's leftover.
  const left = readdirSync(folder)
    .filter((name) => !/^tsx-\d+$/.test(name))
    .sort();
  if (left.length)
    failures.push(
      `the tests left ${left.length} entries in the temp folder (a test must remove what it ` +
        `creates): ${left.join(', ')}`,
    );
}

const services = {
  PostgreSQL: 'STACK_TEST_POSTGRES_URL',
  Redis: 'STACK_TEST_REDIS_URL',
  Chromium: 'STACK_TEST_CHROMIUM',
};
const missing = Object.entries(services)
  .filter(([, variable]) => !process.env[variable])
  .map(([name, variable]) => `${name} (${variable} unset)`);
if (missing.length && !process.env.CI) {
  console.log('');
  console.log('!'.repeat(78));
  console.log(`!! MISSING SERVICES: ${missing.join(', ')}`);
  console.log(`!! The tests that need them were SKIPPED, not run; under CI=true they fail.`);
  console.log(`!! Skipped tests: ${skipped} (${skippedBy.join(', ') || 'none counted'})`);
  console.log('!'.repeat(78));
  console.log('');
}
for (const line of failures) console.log(`FAILED ${line}`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed || failures.length || passed === 0 ? 1 : 0);
