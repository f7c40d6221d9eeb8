import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';

/**
 * `column contains text`, case-insensitive and the same on both engines (LIKE is case-sensitive on
 * PostgreSQL and not on SQLite); `%` and `_` in what the user typed match themselves.
 */
export function contains<DB, TB extends keyof DB>(
  _eb: ExpressionBuilder<DB, TB>,
  column: string,
  text: string,
): Expression<SqlBool> {
  const pattern = `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<SqlBool>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;
}
