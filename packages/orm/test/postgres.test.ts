import { afterAll, describe } from 'vitest';
import { conformanceSuite } from './conformance/suite.js';
import { freshDatabase } from './postgres-database.js';

const url = process.env.STACK_TEST_POSTGRES_URL;
let drop: (() => Promise<void>) | undefined;
afterAll(async () => drop?.());

// Runs whenever a server is given; in CI a missing server is a failure, not a skip. The suite
// gets a database of its own, so other test files on the same server never see its tables.
describe.skipIf(url === undefined && process.env.CI === undefined)('PostgreSQL', () => {
  conformanceSuite('PostgreSQL', async () => {
    const fresh = await freshDatabase('the PostgreSQL conformance suite');
    if (fresh === undefined) throw new Error('no PostgreSQL server');
    drop = fresh.drop;
    return { engine: 'postgres', url: fresh.url };
  });
});
