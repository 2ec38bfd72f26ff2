import { fileURLToPath } from 'node:url';
import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * The vitest settings every package shares. The `@stack/source` condition makes a
 * package's tests import its siblings' `src/`, so nothing has to be built before testing.
 */
const conditions = ['@stack/source', ...defaultServerConditions];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Hermeticity guards shared by every package: see the file.
    setupFiles: [fileURLToPath(new URL('./vitest.setup.ts', import.meta.url))],
    // scripts/test.sh asks for a JSON report per package to print one closing line.
    ...(process.env.STACK_TEST_REPORT === '1' && {
      reporters: ['default', ['json', { outputFile: '.vitest-report.json' }]],
    }),
  },
});
