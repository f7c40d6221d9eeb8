import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { migrate } from '../../src/store/migrations.ts';
import { openDatabase } from '../../src/store/openDatabase.ts';

/**
 * Migrated empty databases made once per `vitest run` by the global setup, which the test stores
 * are copied from (test/support/stores.ts). Running the ~20 migrations took 5–8 s per PostgreSQL
 * database and ~0.5 s per SQLite file on the busy CI machine, for every test server and store;
 * `CREATE DATABASE … TEMPLATE` and a file copy take a fraction of that. The copies are the schema the
 * migrations build in this very run, so a changed migration changes every test store with it.
 *
 * The test processes find them through the environment they inherit from the global setup.
 */
export const TEMPLATE_ENV = { postgres: 'PUENTE_TEST_PG_TEMPLATE', sqlite: 'PUENTE_TEST_SQLITE_TEMPLATE' };

export interface Templates {
  /** Environment for the test processes: which template each engine copies. */
  env: Record<string, string>;
  remove(): Promise<void>;
}

async function admin(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export async function makeTemplates(pgAdminUrl: string | undefined): Promise<Templates> {
  const dir = mkdtempSync(join(tmpdir(), 'puente-template-'));
  const file = join(dir, 'puente.db');
  const sqlite = openDatabase(`sqlite:${file}`);
  try {
    await migrate(sqlite);
  } finally {
    // Closing the only connection checkpoints the WAL into the file, so copying the file is enough.
    await sqlite.close();
  }
  const env: Record<string, string> = { [TEMPLATE_ENV.sqlite]: file };

  let pgName: string | undefined;
  if (pgAdminUrl) {
    pgName = `puente_template_${process.pid}_${randomBytes(4).toString('hex')}`;
    await admin(pgAdminUrl, `create database ${pgName}`);
    const url = new URL(pgAdminUrl);
    url.pathname = `/${pgName}`;
    const store = openDatabase(url.toString());
    try {
      await migrate(store);
    } finally {
      // A template with an open connection cannot be copied: the pool closes before any test starts.
      await store.close();
    }
    env[TEMPLATE_ENV.postgres] = pgName;
  }

  return {
    env,
    async remove() {
      rmSync(dir, { recursive: true, force: true });
      if (pgAdminUrl && pgName) await admin(pgAdminUrl, `drop database if exists ${pgName} with (force)`);
    },
  };
}
