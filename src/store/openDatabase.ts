import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
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
  close(): Promise<void>;
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
  options: { poolSize?: number } = {},
): Store {
  if (url && /^postgres(ql)?:\/\//.test(url)) {
    const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, types: numbersAsNumbers });
    // An idle connection the server closed (restart, admin termination) is replaced by the pool;
    // without a listener its error would crash the process.
    pool.on('error', () => {});
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, engine: 'postgres', location: url.replace(/:[^:@/]*@/, ':***@'), close: () => db.destroy() };
  }
  const file = sqliteFileOf(url);
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SqliteDatabase(file);
  // WAL lets readers work beside a writer; NORMAL sync is durable across process crashes in WAL mode.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  // Several processes may write: wait for the lock rather than failing at once.
  sqlite.pragma('busy_timeout = 10000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { db, engine: 'sqlite', location: file, close: () => db.destroy() };
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
