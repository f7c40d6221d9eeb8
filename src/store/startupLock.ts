import { setTimeout as delay } from 'node:timers/promises';
import { sql } from 'kysely';
import type { Store } from './openDatabase.ts';

/**
 * Start-up work (migrations, the default organization, the first owner, the secret key) runs under
 * one lock, so that processes starting together do it once, one after the other.
 *
 * - PostgreSQL: a session advisory lock held on a connection of its own while the work uses the
 *   pool. (Kysely's migrator takes its own lock around migrations; that did not cover the owner.)
 * - SQLite: Kysely's migrator takes no lock and no transaction there (its SQLite adapter says DDL is
 *   not transactional), so two processes on a fresh file both found no migration applied and both
 *   created the tables: "table organizations already exists". Here the work runs inside BEGIN
 *   IMMEDIATE on the store's single connection: the second process waits for the write lock, then
 *   sees the finished schema. It also makes a migration atomic: a crash or a full disk midway rolls
 *   it back instead of leaving half a schema. The work must not open a transaction of its own.
 *
 * The lock is re-entrant per store: `migrate` takes it, and so does start-up around `migrate`.
 */

/** pg advisory lock id: "puente:startup", an arbitrary constant no other lock in the app uses. */
const PG_STARTUP_LOCK = 7_126_452_901;
/** How long a process waits for another one's start-up (a long migration) before giving up. */
const SQLITE_WAIT_MS = 15 * 60_000;

const held = new WeakMap<object, number>();

export async function underStartupLock<T>(store: Store, work: () => Promise<T>): Promise<T> {
  const depth = held.get(store.db) ?? 0;
  if (depth > 0) {
    held.set(store.db, depth + 1);
    try {
      return await work();
    } finally {
      held.set(store.db, (held.get(store.db) ?? 1) - 1);
    }
  }
  const run = async () => {
    held.set(store.db, 1);
    try {
      return await work();
    } finally {
      held.delete(store.db);
    }
  };
  if (store.engine === 'postgres')
    return store.db.connection().execute(async (lockConnection) => {
      await sql`select pg_advisory_lock(${PG_STARTUP_LOCK})`.execute(lockConnection);
      try {
        return await run();
      } finally {
        await sql`select pg_advisory_unlock(${PG_STARTUP_LOCK})`.execute(lockConnection);
      }
    });
  await beginImmediate(store);
  let result: T;
  try {
    result = await run();
  } catch (error) {
    await sql`rollback`.execute(store.db).catch(() => {});
    throw error;
  }
  await sql`commit`.execute(store.db);
  return result;
}

/** BEGIN IMMEDIATE, waiting past the busy timeout while another process holds the write lock. */
async function beginImmediate(store: Store): Promise<void> {
  const until = Date.now() + SQLITE_WAIT_MS;
  for (;;) {
    try {
      await sql`begin immediate`.execute(store.db);
      return;
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code !== 'SQLITE_BUSY' || Date.now() > until) throw error;
      await delay(50);
    }
  }
}
