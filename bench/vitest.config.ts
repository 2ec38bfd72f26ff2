import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../vitest.shared';

// The benchmarks are never tests; their pure helpers (lib/schedule.ts, lib/settings.ts) are.
export default mergeConfig(shared, defineConfig({ test: { include: ['lib/**/*.test.ts'] } }));
