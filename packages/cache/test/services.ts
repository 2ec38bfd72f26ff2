import { describe } from 'vitest';

/**
 * Runs a block that needs a service only when its URL is set; under `CI=true` a missing URL
 * fails the block instead of skipping it, as the house rules ask.
 */
export function describeWithService(
  variable: 'STACK_TEST_REDIS_URL' | 'STACK_TEST_POSTGRES_URL',
  name: string,
  body: (url: string) => void,
): void {
  const url = process.env[variable];
  if (url) {
    describe(name, () => body(url));
    return;
  }
  if (process.env.CI) {
    describe(name, () => {
      throw new Error(`${variable} is not set: start the service (scripts/services.sh).`);
    });
    return;
  }
  // The body is collected (with no URL) so its tests count as skipped in the suite's summary.
  describe.skip(`${name} (${variable} not set)`, () => body(''));
}
