import { sql } from 'kysely';
import type { Store } from './openDatabase.ts';

/**
 * What a failed statement says about the database rather than about the request: it cannot be
 * reached, it is busy (a lock, a conflict, a timeout), or its disk is full. The API answers these
 * 503/507 with Retry-After instead of 500, and the transaction helper retries the busy ones.
 * Codes: SQLite's extended result codes (better-sqlite3 `error.code`), PostgreSQL's SQLSTATE
 * (`error.code` from pg), and Node's socket errors under pg.
 */

export type DatabaseFault = 'unavailable' | 'busy' | 'full';

/** Getting a connection failed (refused, not accepting connections, timed out, unknown database). */
export class DatabaseUnavailable extends Error {
  readonly code: string | undefined;
  constructor(cause: unknown) {
    super(`the database cannot be reached: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    this.code = (cause as { code?: string })?.code;
  }
}

/**
 * A transaction found the data other than its snapshot promised and must run again from fresh
 * numbers (lockStock.ts's PlanRaced): retried by `inTransaction` like a deadlock.
 */
export class TransactionRaced extends Error {}

/** Why a whole transaction may simply run again, or null when it may not. */
export type RetryReason = 'deadlock' | 'serialization' | 'busy' | 'raced';

export function retryReason(e: unknown): RetryReason | null {
  if (e instanceof TransactionRaced) return 'raced';
  const code = codeOf(e);
  if (code === '40P01') return 'deadlock';
  if (code === '40001') return 'serialization';
  // SQLITE_BUSY_SNAPSHOT too: a read transaction that would write after another writer committed.
  if (code?.startsWith('SQLITE_BUSY')) return 'busy';
  return null;
}

/** SQLite's full disk, a write the file system refused, PostgreSQL's disk_full, a file write's ENOSPC. */
const FULL = new Set(['SQLITE_FULL', 'SQLITE_IOERR_WRITE', 'SQLITE_IOERR_SHMSIZE', '53100', 'ENOSPC']);

/** Waiting on someone else: locks, conflicts that outlived their retries, timeouts of a statement. */
const BUSY = new Set([
  '40P01', // deadlock_detected
  '40001', // serialization_failure
  '55P03', // lock_not_available: lock_timeout ran out
  '57014', // query_canceled: statement_timeout ran out
  '53200', // out_of_memory
]);

/** The server went away or refuses connections: restart, admin termination, too many clients. */
const UNAVAILABLE = new Set([
  '57P01', // admin_shutdown (pg_terminate_backend, fast shutdown)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, recovery)
  '53300', // too_many_connections
  '25P03', // idle_in_transaction_session_timeout
  '3D000', // invalid_catalog_name: the database is gone or renamed
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** pg and Kysely say a connection died in words, without a code. */
const UNAVAILABLE_MESSAGE =
  /Connection terminated|timeout exceeded when trying to connect|Query read timeout|not queryable|connection has been discarded|Connection refused/i;

export function faultOf(e: unknown): DatabaseFault | null {
  for (let error = e, depth = 0; error && depth < 4; error = (error as { cause?: unknown }).cause, depth++) {
    if (error instanceof DatabaseUnavailable) return 'unavailable';
    if (error instanceof TransactionRaced) return 'busy';
    const code = codeOf(error);
    if (code) {
      if (FULL.has(code)) return 'full';
      if (BUSY.has(code) || code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'busy';
      // Class 08: connection exceptions.
      if (UNAVAILABLE.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return 'unavailable';
    }
    if (UNAVAILABLE_MESSAGE.test((error as Error).message ?? '')) return 'unavailable';
  }
  return null;
}

function codeOf(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Whether the database answers a trivial query within `withinMs` (for /health): a refused or
 * stalled database is reported as such instead of hanging the probe.
 */
export async function databaseAnswers(store: Store, withinMs = 3_000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), withinMs);
  });
  try {
    return await Promise.race([
      sql`select 1`.execute(store.db).then(
        () => true,
        () => false,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
