import { type Kysely, sql } from 'kysely';
import type { Store } from './openDatabase.ts';
import type { Database } from './schema.ts';

/**
 * The PostgreSQL half of the projections kept by triggers (orderCounts.ts, dispatchCounts.ts,
 * demandDays.ts): triggers append each change to the projection's `changes` table (insert only: no
 * row lock on a hot row), and the alert scan folds those rows in. One helper, so that the three
 * projections append and fold alike.
 */
export interface ChangeTable {
  /** The projection, e.g. `order_counts`. */
  table: string;
  /** Where triggers append, e.g. `order_count_changes`. */
  changes: string;
  /** The key columns, comma-separated, in both tables. */
  key: string;
  /** The columns summed, e.g. `['n', 'units']`. */
  measures: readonly string[];
}

/** Rows of one table that count: the prefix of its triggers' names, and the select of a transition table's rows. */
export interface CountedRows {
  table: 'orders' | 'order_lines';
  prefix: string;
  /** The key and measures of transition table `r`'s rows, each measure times `d` (1 or -1), as SQL. */
  rows: (r: string, d: number) => string;
}

/**
 * The statements that create the insert, delete and update triggers (and their functions) of each
 * source: the functions first, then the triggers that call them.
 *
 * `perRow` (migration 2026_12_027): row triggers instead of statement triggers, replacing those of
 * the same names. A statement trigger reads transition tables, and PostgreSQL cannot keep a plan for
 * a query over them: each call planned its union, join and grouping again, about 1 ms per
 * statement, three times per order, with the order's stock rows locked. A row trigger's query reads
 * the row (`select (new).*` under the transition table's name, so that `rows` is the same SQL) and
 * its plan is kept for the session: about 10 µs a row. Still insert only, so still no row lock.
 */
export function changeTriggers(
  p: ChangeTable,
  sources: readonly CountedRows[],
  options: { perRow?: boolean } = {},
): string[] {
  const measures = p.measures.join(', ');
  const perRow = options.perRow === true;
  // Per row, each transition table the parts read is the trigger's row.
  const rowsOf = (parts: string[]) =>
    perRow
      ? `with ${['new', 'old']
          .filter((r) => parts.some((part) => part.includes(`${r}_rows`)))
          .map((r) => `${r}_rows as (select (${r}).*)`)
          .join(', ')} `
      : '';
  const fn = (name: string, parts: string[]) => `
    create or replace function ${name}() returns trigger language plpgsql as $$
    begin
      ${rowsOf(parts)}insert into ${p.changes} (${p.key}, ${measures})
      select ${p.key}, ${p.measures.map((m) => `sum(${m})`).join(', ')} from (${parts.join(' union all ')}) as c(${p.key}, ${measures})
      group by ${p.key} having ${p.measures.map((m) => `sum(${m}) <> 0`).join(' or ')};
      return null;
    end $$`;
  const trigger = (name: string, event: string, table: string, transition: string) =>
    perRow
      ? `create trigger ${name} after ${event} on ${table} for each row execute function ${name}()`
      : `create trigger ${name} after ${event} on ${table} referencing ${transition}
     for each statement execute function ${name}()`;
  const functions: string[] = [];
  const triggers: string[] = [];
  for (const { table, prefix, rows } of sources) {
    functions.push(
      fn(`${prefix}_insert`, [rows('new_rows', 1)]),
      fn(`${prefix}_delete`, [rows('old_rows', -1)]),
      fn(`${prefix}_update`, [rows('new_rows', 1), rows('old_rows', -1)]),
    );
    for (const [event, transition] of [
      ['insert', 'new table as new_rows'],
      ['delete', 'old table as old_rows'],
      ['update', 'old table as old_rows new table as new_rows'],
    ] as const) {
      if (perRow) triggers.push(`drop trigger if exists ${prefix}_${event} on ${table}`);
      triggers.push(trigger(`${prefix}_${event}`, event, table, transition));
    }
  }
  return [...functions, ...triggers];
}

/**
 * Moves the appended changes of an organization into the projection's rows, and drops the rows that
 * reached zero. One statement: a change row is moved exactly once even when two servers fold at the
 * same time (the second one's delete skips rows the first deleted). Nothing to do on SQLite, whose
 * row triggers write the projection directly.
 */
export async function foldChanges(
  store: Store,
  p: ChangeTable,
  organizationId: string,
  db: Kysely<Database> = store.db,
): Promise<void> {
  if (store.engine !== 'postgres') return;
  const key = sql.raw(p.key);
  const measures = sql.raw(p.measures.join(', '));
  const sums = sql.raw(p.measures.map((m) => `sum(${m})`).join(', '));
  const add = sql.raw(p.measures.map((m) => `${m} = ${p.table}.${m} + excluded.${m}`).join(', '));
  const zero = sql.raw(p.measures.map((m) => `${m} = 0`).join(' and '));
  await sql`with moved as (
      delete from ${sql.table(p.changes)} where organization_id = ${organizationId}
      returning ${key}, ${measures}
    )
    insert into ${sql.table(p.table)} (${key}, ${measures})
    select ${key}, ${sums} from moved group by ${key} order by ${key}
    on conflict (${key}) do update set ${add}`.execute(db);
  await sql`delete from ${sql.table(p.table)} where organization_id = ${organizationId} and ${zero}`.execute(
    db,
  );
}
