import { afterAll, beforeAll, describe } from 'vitest';
import { connections } from '../../src/connections.js';
import type { DatabaseSettings } from '../../src/internal/connection.js';
import { type ConformanceContext, setUpDatabase } from './context.js';
import { concurrencyConformance } from './concurrency.js';
import { instanceConformance } from './instances.js';
import { multiValuedConformance } from './multivalued.js';
import { writeRulesConformance } from './write-rules.js';
import { queryConformance } from './queries.js';
import { safetyConformance } from './safety.js';

/**
 * Registers the whole conformance suite for one database. Every dialect runs the same
 * blocks (STYLE.md rule 10); `settings` returns undefined to skip.
 */
export function conformanceSuite(
  name: string,
  settings: () => Promise<DatabaseSettings> | DatabaseSettings,
): void {
  describe(`conformance: ${name}`, () => {
    let context: ConformanceContext | undefined;
    beforeAll(async () => {
      context = await setUpDatabase(await settings());
    });
    afterAll(async () => {
      await connections.closeAll();
    });
    const ctx = () => {
      if (context === undefined) throw new Error('database not set up');
      return context;
    };
    queryConformance(ctx);
    instanceConformance(ctx);
    multiValuedConformance(ctx);
    writeRulesConformance(ctx);
    concurrencyConformance();
    safetyConformance();
  });
}
