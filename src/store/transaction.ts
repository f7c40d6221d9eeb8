import { type Kysely, sql, type Transaction } from 'kysely';
import type { Store } from './openDatabase.ts';
import type { Database } from './schema.ts';

export type Tx = Kysely<Database> | Transaction<Database>;

/**
 * Runs `fn` in one transaction: all of it commits or none of it does.
 *
 * On SQLite the transaction starts with BEGIN IMMEDIATE: it takes the write lock at once, so two
 * processes queue on the busy timeout instead of both reading and then failing to upgrade their
 * lock (SQLITE_BUSY mid-transaction). PostgreSQL runs at READ COMMITTED; correctness comes from the
 * guarded statements, not from the isolation level.
 */
export async function inTransaction<T>(store: Store, fn: (trx: Tx) => Promise<T>): Promise<T> {
  if (store.engine === 'postgres') return store.db.transaction().execute(fn);
  return store.db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      const result = await fn(conn);
      await sql`commit`.execute(conn);
      return result;
    } catch (error) {
      await sql`rollback`.execute(conn);
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
