import type SqliteDatabase from 'better-sqlite3';
import { CompiledQuery, PostgresAdapter } from 'kysely';
import { type Store, sqliteConnection } from './openDatabase.ts';
import type { Tx } from './transaction.ts';

/**
 * A read that every request makes (its token, the order's storefront and SKUs), written once as SQL
 * and run without the query builder: building and compiling the Kysely query cost more than the
 * SQLite statement itself.
 *  - SQLite: prepared once per connection and run straight on better-sqlite3. While the connection
 *    is inside a transaction (another request's, between two of its statements), the read goes
 *    through Kysely instead, which waits for that transaction to end: a read never sees rows that
 *    are not committed.
 *  - PostgreSQL: the `?` placeholders are numbered ($1…) once; the text goes through the pool.
 * Written with `?` placeholders, in SQL both engines read alike.
 */
export function cachedQuery<Row>(text: string): (store: Store, params: readonly unknown[]) => Promise<Row[]> {
  let pgText: string | undefined;
  const prepared = new WeakMap<SqliteDatabase.Database, SqliteDatabase.Statement>();
  return async (store, params) => {
    if (store.engine === 'postgres') {
      pgText ??= numbered(text);
      return (await store.db.executeQuery<Row>(CompiledQuery.raw(pgText, [...params]))).rows;
    }
    const sqlite = sqliteConnection(store);
    if (!sqlite || sqlite.inTransaction)
      return (await store.db.executeQuery<Row>(CompiledQuery.raw(text, [...params]))).rows;
    let statement = prepared.get(sqlite);
    if (!statement) {
      statement = sqlite.prepare(text);
      prepared.set(sqlite, statement);
    }
    return statement.all(...params) as Row[];
  };
}

/**
 * `cachedQuery` for a list of values of any length (`in (…)`): one statement per length, the
 * placeholder `(?…)` in `text` widened to the length.
 */
export function cachedListQuery<Row>(
  text: string,
): (store: Store, params: readonly unknown[], list: readonly unknown[]) => Promise<Row[]> {
  const byLength = new Map<number, ReturnType<typeof cachedQuery<Row>>>();
  return (store, params, list) => {
    let query = byLength.get(list.length);
    if (!query) {
      query = cachedQuery<Row>(text.replace('(?…)', `(${list.map(() => '?').join(', ')})`));
      byLength.set(list.length, query);
    }
    return query(store, [...params, ...list]);
  };
}

function numbered(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

/**
 * A statement of the order path, run inside a transaction: written once as SQL with `?`
 * placeholders and handed to the transaction's connection as it is, without building and compiling
 * a Kysely query on every call (an order runs a dozen statements; on SQLite, building them cost
 * about as much as running them). Where the text says `{rows}`, the `row` group is repeated `rows`
 * times (a multi-row VALUES list, or an `in` list): one text per count, kept.
 */
export function txStatement<Row = Record<string, unknown>>(
  text: string,
  row = '',
): (trx: Tx, params: readonly unknown[], rows?: number) => Promise<Row[]> {
  const texts = new Map<string, string>();
  return async (trx, params, rows = 1) => {
    const engine = trx.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
    const key = `${engine}:${rows}`;
    let t = texts.get(key);
    if (t === undefined) {
      t = text.replace('{rows}', Array.from({ length: rows }, () => row).join(', '));
      if (engine === 'postgres') t = numbered(t);
      texts.set(key, t);
    }
    return (await trx.executeQuery<Row>(CompiledQuery.raw(t, [...params]))).rows;
  };
}
