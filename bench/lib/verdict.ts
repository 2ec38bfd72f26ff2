// The lines that end core.ts's and fortunes.ts's output: each goal's verdict, and the run's own
// error read from a second copy of the baseline's server.

/** Prints `label: value (goal …) ok|MISSED`. */
export function verdict(label: string, value: number, goal: number): void {
  const status = value >= goal ? 'ok' : 'MISSED';
  console.log(`  ${label}: ${value.toFixed(2)}x (goal >= ${goal.toFixed(2)}x) ${status}`);
}

/**
 * Prints how far the baseline's server, started a second time and measured like any contender,
 * reads from itself: the run's own error. A verdict nearer its goal than this is to 1.00x is
 * within the noise of that run.
 */
export function control(label: string, value: number): void {
  const error = Math.abs(value - 1) * 100;
  console.log(
    `  (not a goal) ${label}: ${value.toFixed(2)}x, the harness's own error in this run ` +
      `(${error.toFixed(0)}%; two copies of one server)`,
  );
}
