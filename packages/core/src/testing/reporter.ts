import path from 'node:path';

/** What the reporter writes to and counts (the `stack test` command reads the outcome). */
export interface ReporterOutput {
  write(text: string): void;
}

interface SerializedError {
  name?: string;
  message?: string;
  stack?: string;
  diff?: string;
}

interface ReportedTest {
  readonly name: string;
  readonly fullName: string;
  readonly module: { readonly moduleId: string };
  result(): { state: string; errors?: readonly SerializedError[] };
}

interface ReportedSuite {
  readonly name: string;
  errors(): readonly SerializedError[];
}

interface ReportedModule {
  readonly moduleId: string;
  errors(): readonly SerializedError[];
  children: { allSuites(): Iterable<ReportedSuite> };
}

interface Problem {
  kind: 'FAIL' | 'ERROR';
  title: string;
  error: SerializedError;
}

const LINE = '-'.repeat(70);
const DOUBLE = '='.repeat(70);

/**
 * Prints a vitest run as Django's test runner does: a dot (or F, E, s) per test, each failure
 * and error with its test's id (`testName (polls.tests.QuestionModelTests)`), `Ran N tests in
 * X.XXXs`, then `OK` or `FAILED (failures=N, errors=N)`. With `verbosity` 2, one line per test.
 */
export class DjangoReporter {
  readonly problems: Problem[] = [];
  ran = 0;
  skipped = 0;
  #started = 0;

  constructor(
    private readonly out: ReporterOutput,
    private readonly root: string,
    private readonly verbosity = 1,
  ) {}

  /** `polls/tests.ts` → `polls.tests`, the dotted path Django shows. */
  #moduleLabel(moduleId: string): string {
    return path
      .relative(this.root, moduleId)
      .replace(/\.(test\.)?[mc]?[jt]sx?$/, '')
      .split(path.sep)
      .join('.');
  }

  #testId(test: ReportedTest): string {
    const owners = test.fullName.split(' > ').slice(0, -1);
    const where = [this.#moduleLabel(test.module.moduleId), ...owners].join('.');
    return `${test.name} (${where})`;
  }

  onTestRunStart(): void {
    this.#started = performance.now();
  }

  onTestCaseResult(test: ReportedTest): void {
    const { state, errors = [] } = test.result();
    let mark = '.';
    let word = 'ok';
    if (state === 'skipped') {
      this.skipped++;
      mark = 's';
      word = 'skipped';
    } else if (state === 'failed') {
      const error = errors[0] ?? { message: 'failed' };
      const kind = error.name === 'AssertionError' ? 'FAIL' : 'ERROR';
      this.problems.push({ kind, title: this.#testId(test), error });
      mark = kind[0]!;
      word = kind;
    }
    if (state !== 'pending') this.ran++;
    this.out.write(this.verbosity >= 2 ? `${this.#testId(test)} ... ${word}\n` : mark);
  }

  onTestRunEnd(
    modules: readonly ReportedModule[],
    unhandled: readonly SerializedError[] = [],
  ): void {
    for (const module of modules) {
      const label = this.#moduleLabel(module.moduleId);
      for (const error of module.errors())
        this.problems.push({
          kind: 'ERROR',
          title: `${label} (unittest.loader._FailedTest)`,
          error,
        });
      for (const suite of module.children.allSuites()) {
        for (const error of suite.errors())
          this.problems.push({
            kind: 'ERROR',
            title: `setUpClass (${label}.${suite.name})`,
            error,
          });
      }
    }
    for (const error of unhandled)
      this.problems.push({ kind: 'ERROR', title: 'unhandled error', error });
    const seconds = ((performance.now() - this.#started) / 1000).toFixed(3);
    // A newline ends the line of dots (or leaves a blank line after the verbose lines).
    const out: string[] = [''];
    for (const { kind, title, error } of this.problems) {
      out.push(DOUBLE, `${kind}: ${title}`, LINE, describeError(error), '');
    }
    out.push(LINE, `Ran ${this.ran} test${this.ran === 1 ? '' : 's'} in ${seconds}s`, '');
    const failures = this.problems.filter((p) => p.kind === 'FAIL').length;
    const errors = this.problems.length - failures;
    const details = [
      failures && `failures=${failures}`,
      errors && `errors=${errors}`,
      this.skipped && `skipped=${this.skipped}`,
    ].filter(Boolean);
    if (this.problems.length > 0) out.push(`FAILED (${details.join(', ')})`);
    else out.push(this.skipped ? `OK (skipped=${this.skipped})` : 'OK');
    this.out.write(out.join('\n') + '\n');
  }

  /** Whether the run had no failure and no error. */
  get succeeded(): boolean {
    return this.problems.length === 0;
  }
}

function describeError(error: SerializedError): string {
  const head = `${error.name ?? 'Error'}: ${error.message ?? ''}`;
  const frames = (error.stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .join('\n');
  return [head, frames, error.diff].filter(Boolean).join('\n');
}
