import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { findChromium } from './chromium.ts';
import { type RunningPostgres, startEmbeddedPostgres } from './embeddedPostgres.ts';
import { makeTemplates } from './templateStores.ts';
import { skipBanner, skippedParts } from './testEnv.ts';

/**
 * Once per `vitest run`, before any test file: decides which PostgreSQL server the PostgreSQL runs
 * use and hands its URL to the test processes as PUENTE_TEST_PG (they inherit this environment):
 *
 * - PUENTE_TEST_PG=postgres://…  that server; it must answer, or the run stops saying so.
 * - PUENTE_TEST_PG=embedded      a throwaway server started here (test/support/embeddedPostgres.ts).
 * - unset                        the local server at 127.0.0.1:5432 when it answers, else embedded.
 *
 * It also announces, at the start and at the end, anything PUENTE_TEST_SKIP leaves out; migrates the
 * template databases the test stores are copied from (test/support/templateStores.ts); and makes
 * password hashing cheap for the run (src/services/security/passwords.ts, which honours it only
 * under vitest): every test server hashes its owner's password and every login verifies one, at
 * ~1 s and 128 MiB each at the production cost on the CI machine.
 *
 * And it builds the dashboard when its build is missing or stale, before any test starts: otherwise
 * the first test server to start (whatever its test) builds it inside that test's hook, minutes on
 * a busy machine, while every other file's servers wait for the build lock.
 */
const LOCAL = 'postgres://root@127.0.0.1:5432/postgres';

async function answers(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (error) {
    return error instanceof Error ? error.message || error.name : String(error);
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * The dashboard build as a server does it (src/http/dashboardBuild.ts), in a process of its own:
 * that module resolves Vite with import.meta.resolve, which vitest's module runner does not support.
 */
async function buildDashboard(): Promise<void> {
  const code =
    "const { ensureDashboardBuilt } = await import('./src/http/dashboardBuild.ts');" +
    'await ensureDashboardBuilt((line) => console.log(line));';
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', code],
    { cwd: fileURLToPath(new URL('../..', import.meta.url)) },
  );
  if (stdout.trim()) say(`Dashboard: ${stdout.trim()}`);
}

function say(text: string) {
  // Straight to the terminal: vitest's reporter would otherwise attribute it to no test, or hide it.
  process.stdout.write(`${text}\n`);
}

async function choosePostgres(): Promise<{ url: string; embedded?: RunningPostgres }> {
  const asked = process.env.PUENTE_TEST_PG?.trim();
  if (asked && asked !== 'embedded') {
    const failure = await answers(asked);
    if (failure)
      throw new Error(
        `PUENTE_TEST_PG=${asked} does not answer (${failure}). Start that server, or unset PUENTE_TEST_PG ` +
          '(the local server at 127.0.0.1:5432, else an embedded one), or set PUENTE_TEST_PG=embedded, ' +
          'or leave PostgreSQL out explicitly with PUENTE_TEST_SKIP=postgres.',
      );
    return { url: asked };
  }
  if (!asked && !(await answers(LOCAL))) return { url: LOCAL };
  const started = Date.now();
  const embedded = await startEmbeddedPostgres();
  const where = new URL(embedded.url);
  say(
    `PostgreSQL: ${asked ? 'PUENTE_TEST_PG=embedded' : 'none answers at 127.0.0.1:5432'}, so the tests use an ` +
      `embedded PostgreSQL on 127.0.0.1:${where.port} (started in ${Date.now() - started} ms, removed at the end).`,
  );
  return { url: embedded.url, embedded };
}

export default async function setup(): Promise<() => Promise<void>> {
  const skipped = skippedParts();
  const banner = skipBanner(skipped);
  if (banner) say(banner);

  let embedded: RunningPostgres | undefined;
  if (skipped.has('postgres')) delete process.env.PUENTE_TEST_PG;
  else {
    const chosen = await choosePostgres();
    process.env.PUENTE_TEST_PG = chosen.url;
    embedded = chosen.embedded;
  }

  const templates = await makeTemplates(process.env.PUENTE_TEST_PG);
  Object.assign(process.env, templates.env);
  process.env.PUENTE_TEST_SCRYPT_N ??= String(2 ** 10);

  await buildDashboard();

  if (!skipped.has('browser')) {
    const chromium = findChromium();
    // The browser test files fail with this too; saying it first explains the failures to come.
    if ('missing' in chromium) say(`Browser tests will fail: ${chromium.missing}`);
  }

  return async () => {
    await templates.remove();
    await embedded?.stop();
    if (banner) say(banner);
  };
}
