import { type Expression, type SqlBool, sql } from 'kysely';

/**
 * Filters the list queries share, written once so that both engines behave the same.
 */

/**
 * `column contains text`, case-insensitive and the same on both engines (LIKE is case-sensitive on
 * PostgreSQL and not on SQLite); `%` and `_` in what the user typed match themselves.
 */
export function contains(column: string, text: string): Expression<SqlBool> {
  const pattern = `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<SqlBool>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;
}

/**
 * Rows after `after` in a newest-first list ordered by (time desc, id desc): the keyset page
 * condition `(time, id) < (at, id)`, a row-value comparison both engines can answer from an index.
 */
export function olderThan(
  timeColumn: string,
  idColumn: string,
  [at, id]: [string, string],
): Expression<SqlBool> {
  return sql<SqlBool>`(${sql.ref(timeColumn)}, ${sql.ref(idColumn)}) < (${at}, ${id})`;
}
