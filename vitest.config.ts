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
    // Most files wait on servers, browsers and databases in other processes: three at a time keep
    // both cores busy (one worker, vitest's default on 2 cores, left the suite at 14 minutes).
    maxWorkers: 3,
    testTimeout: 60_000,
    // Starting a server (a dashboard build, migrations) can take long on a busy 2-core machine.
    hookTimeout: 120_000,
  },
});
