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
    // Test files run side by side, each in a process of its own. Most of a file's time is spent
    // waiting (on PostgreSQL, on the servers and commands it spawns), so three share two cores well.
    // Safe because nothing is shared between files: every database has a name of its own (or a file
    // in a temporary directory), every server listens on port 0, and no test depends on timing.
    pool: 'forks',
    maxWorkers: 3,
    // A worker process runs file after file with the modules it has loaded (a third of the run went
    // to loading them again for each file). Files share no state through them: no test mocks a
    // module, and those that read module-level counters compare them with the figure they started
    // from.
    isolate: false,
    unstubEnvs: true,
    // Timeouts only catch a hung test; they are no speed limit. A busy 2-core machine running three
    // files at once makes a long test (the ledger's property runs: ~1,000 transactions) take minutes.
    testTimeout: 240_000,
    // Starting a server (a demo load, a PostgreSQL database) can take long on a busy 2-core machine.
    hookTimeout: 240_000,
  },
});
