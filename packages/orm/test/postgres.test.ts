import { describe } from 'vitest';
import { conformanceSuite } from './conformance/suite.js';

const url = process.env.STACK_TEST_POSTGRES_URL;

// Runs whenever a server is given; in CI a missing server is a failure, not a skip.
describe.skipIf(url === undefined && process.env.CI === undefined)('PostgreSQL', () => {
  conformanceSuite('PostgreSQL', () => {
    if (url === undefined)
      throw new Error('CI needs STACK_TEST_POSTGRES_URL to run the PostgreSQL conformance suite.');
    return { engine: 'postgres', url };
  });
});
