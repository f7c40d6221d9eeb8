import { setTimeout as delay } from 'node:timers/promises';
import { type Kysely, sql, type Transaction } from 'kysely';
import { type RetryReason, retryReason } from './databaseFaults.ts';
import { type Store, sqliteInTransaction } from './openDatabase.ts';
import type { Database } from './schema.ts';

export type Tx = Kysely<Database> | Transaction<Database>;

/** How often transactions were run again, and why; tests assert that the lock order keeps deadlocks at 0. */
export const transactionRetries: Record<RetryReason, number> = {
  deadlock: 0,
  serialization: 0,
  raced: 0,
  busy: 0,
};

/** A transaction runs at most this many times, and for at most `store.timeouts.retryMs`. */
const MAX_ATTEMPTS = 50;

/**
 * The wait before try `attempt + 1`: exponential with full jitter, so that transactions that
 * collided do not collide again in step. SQLite's first waits are longer: the other writer is
 * usually another process, and each try blocks the event loop for up to the busy timeout.
 */
function backoff(reason: RetryReason, attempt: number): number {
  const [base, cap] = reason === 'busy' ? [20, 250] : [2, 100];
  return Math.random() * Math.min(cap, base * 2 ** (attempt - 1));
}

/**
 * Runs `fn` in one transaction: all of it commits or none of it does. The one transaction helper:
 * every writer goes through it (stock writers through `withStock`, which is built on it).
 *
 * A transaction that lost to another one is rolled back whole and run again, after a bounded
 * backoff with jitter: a deadlock (40P01), a serialization failure (40001), SQLite's write lock
 * held by another process (SQLITE_BUSY), or a plan that found the data changed (TransactionRaced).
 * After `store.timeouts.retryMs` the last error is thrown, and the API answers it 503.
 *
 * On SQLite the transaction starts with BEGIN IMMEDIATE: it takes the write lock at once, so two
 * processes queue for it instead of both reading and then failing to upgrade their lock. The wait
 * for the lock is short (the busy timeout blocks the event loop); between tries the event loop is
 * free. PostgreSQL runs at READ COMMITTED; correctness comes from the guarded statements, not from
 * the isolation level.
 */
export async function inTransaction<T>(store: Store, fn: (trx: Tx) => Promise<T>): Promise<T> {
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return store.engine === 'postgres' ? await postgresAttempt(store, fn) : await sqliteAttempt(store, fn);
    } catch (error) {
      const reason = retryReason(error);
      if (!reason) throw error;
      transactionRetries[reason]++;
      const wait = backoff(reason, attempt);
      if (attempt >= MAX_ATTEMPTS || Date.now() - started + wait > store.timeouts.retryMs) throw error;
      await delay(wait);
    }
  }
}

async function postgresAttempt<T>(store: Store, fn: (trx: Tx) => Promise<T>): Promise<T> {
  // When the ROLLBACK fails too (the connection died), Kysely throws the rollback's error: the
  // work's own error is the one that says what happened.
  let failed: { error: unknown } | null = null;
  try {
    return await store.db.transaction().execute(async (trx) => {
      try {
        return await fn(trx);
      } catch (error) {
        failed = { error };
        throw error;
      }
    });
  } catch (error) {
    throw failed ? (failed as { error: unknown }).error : error;
  }
}

/**
 * One SQLite write transaction of a process tries at a time. Each try may block the event loop
 * for the busy timeout, holding the process's one connection; the others wait here, asynchronously,
 * so that a read waits behind at most one try instead of a queue of them. The gate is let go
 * between tries (inTransaction's backoff), so every writer keeps its own time bound.
 */
const sqliteGates = new WeakMap<object, Promise<void>>();

async function sqliteAttempt<T>(store: Store, fn: (trx: Tx) => Promise<T>): Promise<T> {
  const ahead = sqliteGates.get(store.db);
  let open = () => {};
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  const mine = (ahead ?? Promise.resolve()).then(() => gate);
  sqliteGates.set(store.db, mine);
  await ahead;
  try {
    return await sqliteTry(store, fn);
  } finally {
    open();
    if (sqliteGates.get(store.db) === mine) sqliteGates.delete(store.db);
  }
}

function sqliteTry<T>(store: Store, fn: (trx: Tx) => Promise<T>): Promise<T> {
  return store.db.connection().execute(async (conn) => {
    // SQLITE_BUSY here leaves no transaction to roll back.
    await sql`begin immediate`.execute(conn);
    try {
      const result = await fn(conn);
      await sql`commit`.execute(conn);
      return result;
    } catch (error) {
      // After SQLITE_FULL, SQLITE_IOERR or a failed COMMIT SQLite may have rolled back already;
      // a ROLLBACK then fails with "cannot rollback - no transaction is active" and hid the cause.
      if (sqliteInTransaction(store)) await sql`rollback`.execute(conn);
      throw error;
    }
  });
}

/** Rows changed by an UPDATE, as a number on both engines. */
export function changed(result: { numUpdatedRows: bigint } | { numDeletedRows: bigint }): number {
  return Number('numUpdatedRows' in result ? result.numUpdatedRows : result.numDeletedRows);
}

export const now = () => new Date().toISOString();

/** A unique key refused the row (SQLite and PostgreSQL report it differently). */
export function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}
