import { configDefaults, defineConfig } from 'vitest/config';
import { FILES_OF, skippedParts } from './test/support/testEnv.ts';

// PUENTE_TEST_SKIP leaves whole files out only when asked; the global setup says so at the start
// and the end of the run, and chooses (or starts) the PostgreSQL server the tests use.
const skipped = skippedParts();

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'],
    exclude: [...configDefaults.exclude, ...[...skipped].flatMap((part) => FILES_OF[part])],
    globalSetup: ['test/support/globalSetup.ts'],
    testTimeout: 60_000,
    // Starting a server (a dashboard build, migrations) can take long on a busy 2-core machine.
    hookTimeout: 120_000,
  },
});
