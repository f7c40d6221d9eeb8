import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { migrate } from '../../src/store/migrations.ts';
import { type Engine, openDatabase, type Store } from '../../src/store/openDatabase.ts';

/**
 * Test stores on both engines. Each test file gets its own database: a fresh SQLite file, or a
 * PostgreSQL database with a unique name created for the run and dropped after it, so that runs
 * never see each other's data.
 *
 * PostgreSQL is used when reachable (PUENTE_TEST_PG, default postgres://root@127.0.0.1:5432/postgres).
 * Under CI it must be: a suite that silently skipped it would prove nothing.
 */
export const PG_ADMIN_URL = process.env.PUENTE_TEST_PG ?? 'postgres://root@127.0.0.1:5432/postgres';

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

const pgUp = await postgresReachable();
if (!pgUp && process.env.CI)
  throw new Error(`PostgreSQL is not reachable at ${PG_ADMIN_URL}: CI must test both engines`);

export const engines: Engine[] = pgUp ? ['sqlite', 'postgres'] : ['sqlite'];

export interface TestStore extends Store {
  /** The URL another process can open the same database with. */
  url: string;
  dispose(): Promise<void>;
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** A new, migrated, empty database on the engine (migrated only up to `migratedTo` when given). */
export async function freshStore(
  engine: Engine,
  options: { poolSize?: number; migratedTo?: string } = {},
): Promise<TestStore> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'puente-store-'));
    const url = `sqlite:${join(dir, 'puente.db')}`;
    const store = openDatabase(url);
    await migrate(store, options.migratedTo);
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
  await adminQuery(`create database ${name}`);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const store = openDatabase(url.toString(), options);
  await migrate(store, options.migratedTo);
  return {
    ...store,
    url: url.toString(),
    dispose: async () => {
      await store.close();
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}
