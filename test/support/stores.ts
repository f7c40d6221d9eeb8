import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { migrate } from '../../src/store/migrations.ts';
import { type Engine, openDatabase, type Store } from '../../src/store/openDatabase.ts';
import { TEMPLATE_ENV } from './templateStores.ts';
import { skippedParts } from './testEnv.ts';

/**
 * Test stores on both engines. Each test file gets its own database: a fresh SQLite file, or a
 * PostgreSQL database with a unique name created for the run and dropped after it, so that runs
 * never see each other's data.
 *
 * The PostgreSQL server is chosen once per run by the global setup (test/support/globalSetup.ts),
 * which hands its admin URL over as PUENTE_TEST_PG: an explicit server, the local one, or an
 * embedded one it started. PostgreSQL is left out only by PUENTE_TEST_SKIP=postgres, never because
 * a server is missing.
 */
const skipped = skippedParts();

export const engines: Engine[] = skipped.has('postgres') ? ['sqlite'] : ['sqlite', 'postgres'];

/** Benchmarks (`npm run bench:*`) run outside vitest: they use PUENTE_TEST_PG or the local server. */
const BENCH_DEFAULT = process.env.VITEST ? undefined : 'postgres://root@127.0.0.1:5432/postgres';

function adminUrl(): string {
  const url = process.env.PUENTE_TEST_PG ?? BENCH_DEFAULT;
  if (!url || !/^postgres(ql)?:\/\//.test(url))
    throw new Error(
      `PUENTE_TEST_PG is ${url ? `"${url}"` : 'unset'} in the test process: run the tests through vitest ` +
        '(npm test, npx vitest run), whose global setup chooses the PostgreSQL server.',
    );
  return url;
}

export interface TestStore extends Store {
  /** The URL another process can open the same database with. */
  url: string;
  dispose(): Promise<void>;
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/**
 * A fully migrated store is a copy of the run's template (test/support/templateStores.ts); one
 * migrated only partly, or not at all, is built the long way.
 */
function fromTemplate(options: { migratedTo?: string; unmigrated?: boolean }): boolean {
  return !options.unmigrated && options.migratedTo === undefined;
}

/**
 * A new, migrated, empty database on the engine (migrated only up to `migratedTo` when given; not at
 * all with `unmigrated`, for tests of what processes do on a database nobody has started yet).
 */
export async function freshStore(
  engine: Engine,
  options: { poolSize?: number; migratedTo?: string; unmigrated?: boolean } = {},
): Promise<TestStore> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'puente-store-'));
    const url = `sqlite:${join(dir, 'puente.db')}`;
    const template = fromTemplate(options) ? process.env[TEMPLATE_ENV.sqlite] : undefined;
    if (template) copyFileSync(template, join(dir, 'puente.db'));
    const store = openDatabase(url);
    if (!options.unmigrated && !template) await migrate(store, options.migratedTo);
    return {
      ...store,
      url,
      dispose: async () => {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `puente_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const template = fromTemplate(options) ? process.env[TEMPLATE_ENV.postgres] : undefined;
  await adminQuery(template ? `create database ${name} template ${template}` : `create database ${name}`);
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  const store = openDatabase(url.toString(), options);
  if (!options.unmigrated && !template) await migrate(store, options.migratedTo);
  return {
    ...store,
    url: url.toString(),
    dispose: async () => {
      await store.close();
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}
