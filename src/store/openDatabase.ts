import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { DatabaseUnavailable } from './databaseFaults.ts';
import { prepareStatements } from './preparedStatements.ts';
import type { Database } from './schema.ts';

/**
 * Opens the store: PostgreSQL when a `postgres://` URL is given (DATABASE_URL), otherwise the
 * embedded SQLite file `./puente-data/puente.db`.
 */

export type Engine = 'sqlite' | 'postgres';

export interface Store {
  db: Kysely<Database>;
  engine: Engine;
  /** Where the data lives, for messages: a file path or the URL without its password. */
  location: string;
  /** How long it waits for the database, and how long the transaction helper retries. */
  timeouts: DatabaseTimeouts;
  close(): Promise<void>;
}

/**
 * The time limits, in milliseconds, each overridable by an environment variable (README, "When
 * things fail"). A request never waits on the database longer than these: past them it is answered
 * 503 with Retry-After.
 */
export interface DatabaseTimeouts {
  /** PUENTE_DB_CONNECT_TIMEOUT_MS: getting a PostgreSQL connection (pool `connectionTimeoutMillis`). */
  connectMs: number;
  /** PUENTE_DB_STATEMENT_TIMEOUT_MS: one PostgreSQL statement (`statement_timeout`). */
  statementMs: number;
  /** PUENTE_DB_LOCK_TIMEOUT_MS: waiting for a PostgreSQL row or table lock (`lock_timeout`). */
  lockMs: number;
  /** PUENTE_DB_IDLE_TX_TIMEOUT_MS: a PostgreSQL session idle inside a transaction is ended. */
  idleInTransactionMs: number;
  /**
   * PUENTE_SQLITE_BUSY_TIMEOUT_MS: one wait for SQLite's write lock. better-sqlite3 waits
   * synchronously, freezing every request of the process, so a server's is short and the
   * transaction helper retries asynchronously instead. A command or worker process freezes no one
   * else: it waits longer (TOOL_SQLITE_BUSY_MS), which also covers the reads outside a transaction
   * that the helper cannot retry (several commands opening one file at once, on a busy machine).
   */
  sqliteBusyMs: number;
  /**
   * PUENTE_DB_RETRY_MS: how long a transaction is retried (lock busy, deadlock, conflict) before
   * it fails: a server then answers 503. A command or worker process, which has no one to answer,
   * waits longer (TOOL_RETRY_MS) unless the variable is set.
   */
  retryMs: number;
}

/** The transaction retry bound of a process that is not a server (an import, a worker). */
export const TOOL_RETRY_MS = 60_000;

/** The SQLite busy timeout of a process that is not a server. */
export const TOOL_SQLITE_BUSY_MS = 5_000;

export const DEFAULT_TIMEOUTS: DatabaseTimeouts = {
  connectMs: 5_000,
  statementMs: 30_000,
  lockMs: 10_000,
  idleInTransactionMs: 60_000,
  sqliteBusyMs: 100,
  retryMs: 3_000,
};

const TIMEOUT_VARIABLES: Record<keyof DatabaseTimeouts, string> = {
  connectMs: 'PUENTE_DB_CONNECT_TIMEOUT_MS',
  statementMs: 'PUENTE_DB_STATEMENT_TIMEOUT_MS',
  lockMs: 'PUENTE_DB_LOCK_TIMEOUT_MS',
  idleInTransactionMs: 'PUENTE_DB_IDLE_TX_TIMEOUT_MS',
  sqliteBusyMs: 'PUENTE_SQLITE_BUSY_TIMEOUT_MS',
  retryMs: 'PUENTE_DB_RETRY_MS',
};

/** The defaults, with each variable that is set in `env` in its place (a whole number of ms). */
export function timeoutsFrom(env: NodeJS.ProcessEnv, serving = true): DatabaseTimeouts {
  const timeouts = {
    ...DEFAULT_TIMEOUTS,
    ...(serving ? {} : { retryMs: TOOL_RETRY_MS, sqliteBusyMs: TOOL_SQLITE_BUSY_MS }),
  };
  for (const [key, name] of Object.entries(TIMEOUT_VARIABLES) as [keyof DatabaseTimeouts, string][]) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    if (!/^\d{1,9}$/.test(value)) throw new Error(`${name}=${value}: give a whole number of milliseconds`);
    timeouts[key] = Number(value);
  }
  return timeouts;
}

export const DEFAULT_SQLITE_FILE = './puente-data/puente.db';

/** The file of a SQLite store: `sqlite:path`, a bare path, or the default. */
export function sqliteFileOf(url: string | undefined): string {
  return url?.replace(/^sqlite:(\/\/)?/, '') || DEFAULT_SQLITE_FILE;
}

/** Whether the URL names a PostgreSQL database rather than a SQLite file. */
export const isPostgresUrl = (url: string | undefined): url is string =>
  !!url && /^postgres(ql)?:\/\//.test(url);

export function openDatabase(
  url: string | undefined = process.env.DATABASE_URL,
  options: {
    poolSize?: number;
    env?: NodeJS.ProcessEnv;
    /** A server answering requests: it gives up on a busy database sooner (503). */
    serving?: boolean;
  } = {},
): Store {
  const timeouts = timeoutsFrom(options.env ?? process.env, options.serving ?? false);
  if (url && /^postgres(ql)?:\/\//.test(url)) {
    const pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? 10,
      types: numbersAsNumbers,
      connectionTimeoutMillis: timeouts.connectMs,
      statement_timeout: timeouts.statementMs,
      lock_timeout: timeouts.lockMs,
      idle_in_transaction_session_timeout: timeouts.idleInTransactionMs,
      // The server's statement_timeout cannot help when the network itself stalls: the client
      // gives up a little later on its own.
      query_timeout: timeouts.statementMs + 5_000,
      keepAlive: true,
    });
    // A connection the server closed (restart, pg_terminate_backend, a dropped network) emits
    // 'error'. The pool listens only while the connection is idle; a connection in use had no
    // listener, and the unhandled 'error' ended the process. Every connection gets one for its
    // whole life: its query fails with the error instead (503), and the pool discards it on release.
    pool.on('connect', (client) => {
      client.on('error', () => {});
      prepareStatements(client);
    });
    pool.on('error', () => {});
    const db = new Kysely<Database>({
      dialect: new PostgresDialect({
        pool: {
          // A connection that cannot be had is the database being unavailable, whatever pg calls it.
          connect: () =>
            pool.connect().catch((error: unknown) => {
              throw new DatabaseUnavailable(error);
            }),
          end: () => pool.end(),
        },
      }),
    });
    return {
      db,
      engine: 'postgres',
      location: url.replace(/:[^:@/]*@/, ':***@'),
      timeouts,
      close: () => db.destroy(),
    };
  }
  const file = sqliteFileOf(url);
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SqliteDatabase(file);
  // WAL lets readers work beside a writer; NORMAL sync is durable across process crashes in WAL mode.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  // Several processes may write: wait a little for the lock rather than failing at once. Only a
  // little, as better-sqlite3 waits synchronously; inTransaction retries on (transaction.ts).
  sqlite.pragma(`busy_timeout = ${timeouts.sqliteBusyMs}`);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  sqliteHandles.set(db, sqlite);
  return { db, engine: 'sqlite', location: file, timeouts, close: () => db.destroy() };
}

const sqliteHandles = new WeakMap<object, SqliteDatabase.Database>();

/**
 * Whether the SQLite connection of `store` is inside a transaction. SQLite ends a transaction on
 * its own after some errors (SQLITE_FULL, SQLITE_IOERR, SQLITE_BUSY); a ROLLBACK then fails with
 * "cannot rollback - no transaction is active", which used to hide the real error.
 */
export function sqliteInTransaction(store: Store): boolean {
  return sqliteHandles.get(store.db)?.inTransaction ?? false;
}

/** The better-sqlite3 connection under a SQLite store (cachedQuery.ts runs its lookups on it); none on PostgreSQL. */
export function sqliteConnection(store: Store): SqliteDatabase.Database | undefined {
  return sqliteHandles.get(store.db);
}

const INT8 = 20;

/**
 * `pg` reads `bigint` (order totals, serial ids, counts and sums) as a string, since it can exceed
 * 2^53. Puente's limits keep every one of them a safe integer, so they come back as numbers, as
 * SQLite gives them; a value that is not safe stays a string rather than being rounded silently.
 */
const numbersAsNumbers = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 && format !== 'binary'
      ? (value: string) => {
          const n = Number(value);
          return Number.isSafeInteger(n) ? n : value;
        }
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely prepares every query anew; better-sqlite3 statements can be reused. Preparing took 15% of
 * an order's reservation on SQLite, so statements are kept by their SQL text (the same query
 * builder code always produces the same text).
 */
function withStatementCache(sqlite: SqliteDatabase.Database) {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => {
      sqlite.close();
    },
    prepare: (text: string) => {
      let statement = cache.get(text);
      if (!statement) {
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.clear();
        statement = sqlite.prepare(text);
        cache.set(text, statement);
      }
      return statement;
    },
  };
}
