/**
 * What a test run leaves out, and only when asked: `PUENTE_TEST_SKIP=postgres,browser` (either or
 * both). Without it `npm test` runs everything, and a part whose tool is missing fails with the
 * command that installs it, so a fresh machine can never pass while testing less than it says.
 * Read by vitest.config.ts (files to leave out), the global setup (the banner) and the test support.
 */
export const SKIPPABLE = {
  postgres:
    'the PostgreSQL runs of every store, API and CLI suite, test/api/several-servers.test.ts and test/database-down.e2e.test.ts',
  browser: 'the dashboard in a real browser (test/browser/*.e2e.test.ts)',
  disk: 'a database disk that fills up (test/disk-full*.e2e.test.ts: mounting a small tmpfs needs root)',
} as const;
export type Skippable = keyof typeof SKIPPABLE;

export function skippedParts(value = process.env.PUENTE_TEST_SKIP ?? ''): Set<Skippable> {
  const words = value
    .split(',')
    .map((w) => w.trim().toLowerCase())
    .filter(Boolean);
  const unknown = words.filter((w) => !(w in SKIPPABLE));
  if (unknown.length)
    throw new Error(
      `PUENTE_TEST_SKIP=${value}: ${unknown.join(', ')} cannot be skipped; the parts are ${Object.keys(SKIPPABLE).join(', ')} (comma-separated)`,
    );
  return new Set(words as Skippable[]);
}

/** The files that test only a skippable part, relative to the project (vitest `exclude` globs). */
export const FILES_OF: Record<Skippable, string[]> = {
  postgres: [
    'test/api/several-servers.test.ts',
    'test/database-down.e2e.test.ts',
    'test/disk-full-postgres.e2e.test.ts',
  ],
  browser: ['test/browser/*.e2e.test.ts'],
  disk: ['test/disk-full.e2e.test.ts', 'test/disk-full-postgres.e2e.test.ts'],
};

/** The lines shown at the start and end of a run that leaves parts out; none when nothing is. */
export function skipBanner(skipped: Set<Skippable>): string {
  if (!skipped.size) return '';
  const rule = '='.repeat(100);
  const lines = [...skipped].map((p) => `  - ${p}: ${SKIPPABLE[p]}`);
  return [
    rule,
    `NOT TESTED in this run (PUENTE_TEST_SKIP=${[...skipped].join(',')}):`,
    ...lines,
    'A run without PUENTE_TEST_SKIP tests them; passing here says nothing about them.',
    rule,
  ].join('\n');
}
