import { type Kysely, type Migration, sql } from 'kysely';
import { type ChangeTable, changeTriggers, foldChanges } from './changeTables.ts';
import type { Engine, Store } from './openDatabase.ts';
import type { Database } from './schema.ts';

/**
 * Orders per (storefront, warehouse queue, hour of the platform deadline, outcome): the projection
 * the late-dispatch rates [P11] sum, kept by triggers in the transaction of every write to orders, as
 * `order_counts` is (see orderCounts.ts for why triggers, and why PostgreSQL appends changes that the
 * alert scan folds in). An order counts from the moment it has a platform deadline and is reserved,
 * waiting, shipped or delivered; its outcome is 'open' until it ships, then 'late' or 'on_time' for
 * good (shipped after the deadline's second, or not). A rate over [from, now] is the bucket rows of the
 * whole hours inside it, where every open order is already late, plus an exact count from the
 * covering index of the two hours the bounds cut.
 */

const COUNTED = "('reserved', 'awaiting_stock', 'shipped', 'delivered')";
const KEY = 'organization_id, storefront_id, warehouse_id, ship_hour, outcome';
const keyOf = (r: string) =>
  `${r}.organization_id, ${r}.storefront_id, coalesce(${r}.warehouse_id, ''), substr(${r}.ship_by, 1, 13),
   case when ${r}.shipped_at is null then 'open'
        when substr(${r}.shipped_at, 1, 19) > substr(${r}.ship_by, 1, 19) then 'late' else 'on_time' end`;
const counted = (r: string) => `${r}.status in ${COUNTED} and ${r}.ship_by is not null`;

function sqliteTriggers(): string[] {
  const change = (r: string, d: number) => `
    insert into dispatch_counts (${KEY}, n) select ${keyOf(r)}, ${d} where ${counted(r)}
      on conflict (${KEY}) do update set n = n + excluded.n;`;
  const columns = ['status', 'ship_by', 'shipped_at', 'storefront_id', 'warehouse_id', 'organization_id'];
  const moved = columns.map((c) => `old.${c} is not new.${c}`).join(' or ');
  return [
    `create trigger dispatch_counts_insert after insert on orders when ${counted('new')}
     begin ${change('new', 1)} end`,
    `create trigger dispatch_counts_delete after delete on orders when ${counted('old')}
     begin ${change('old', -1)} end`,
    `create trigger dispatch_counts_update after update of ${columns.join(', ')} on orders
     when (${counted('old')} or ${counted('new')}) and (${moved})
     begin ${change('old', -1)} ${change('new', 1)} end`,
  ];
}

const DISPATCH_COUNTS: ChangeTable = {
  table: 'dispatch_counts',
  changes: 'dispatch_count_changes',
  key: KEY,
  measures: ['n'],
};

/** PostgreSQL's triggers; `perRow` as migration 2026_12_027 made them (changeTables.ts). */
function postgresTriggers(perRow = false): string[] {
  return changeTriggers(
    DISPATCH_COUNTS,
    [
      {
        table: 'orders',
        prefix: 'dispatch_counts',
        rows: (r, d) => `select ${keyOf(r)}, ${d} from ${r} where ${counted(r)}`,
      },
    ],
    { perRow },
  );
}

/** Its PostgreSQL triggers as row triggers (migration 2026_12_027). */
export const dispatchCountRowTriggers = () => postgresTriggers(true);

/** Migration `2026_12_008_dispatch_counts`: tables, triggers, and the counts of the orders already there. */
export function dispatchCountsMigration(engine: Engine): Migration {
  const count = engine === 'postgres' ? 'bigint' : 'integer';
  return {
    // biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was
    async up(db: Kysely<any>) {
      for (const table of ['dispatch_counts', 'dispatch_count_changes']) {
        let t = db.schema
          .createTable(table)
          .addColumn('organization_id', 'text', (c) => c.notNull())
          .addColumn('storefront_id', 'text', (c) => c.notNull())
          .addColumn('warehouse_id', 'text', (c) => c.notNull())
          .addColumn('ship_hour', 'text', (c) => c.notNull())
          .addColumn('outcome', 'text', (c) => c.notNull())
          .addColumn('n', count, (c) => c.notNull());
        // The key leads with the hour: a window is one range of it.
        if (table === 'dispatch_counts')
          t = t.addPrimaryKeyConstraint('dispatch_counts_key', [
            'organization_id',
            'ship_hour',
            'storefront_id',
            'warehouse_id',
            'outcome',
          ]);
        await t.execute();
      }
      await db.schema
        .createIndex('dispatch_count_changes_key')
        .on('dispatch_count_changes')
        .columns(['organization_id', 'ship_hour'])
        .execute();
      await sql
        .raw(
          `insert into dispatch_counts (${KEY}, n) select ${keyOf('o')}, count(*) from orders o
           where ${counted('o')} group by ${keyOf('o')}`,
        )
        .execute(db);
      for (const statement of engine === 'postgres' ? postgresTriggers() : sqliteTriggers())
        await sql.raw(statement).execute(db);
    },
  };
}

/** Moves appended changes into the bucket rows (PostgreSQL), as foldOrderCounts does. */
export function foldDispatchCounts(
  store: Store,
  organizationId: string,
  db: Kysely<Database> = store.db,
): Promise<void> {
  return foldChanges(store, DISPATCH_COUNTS, organizationId, db);
}

/** The projection against a recount of the orders. */
export async function verifyDispatchCounts(
  store: Store,
  organizationId: string,
): Promise<{ key: string; stored: number; counted: number }[]> {
  const { rows } = await sql<{ k: string; stored: string | number | null; counted: string | number | null }>`
    with stored as (
      select ${sql.raw(KEY)}, sum(n) as n from (
        select ${sql.raw(KEY)}, n from dispatch_counts where organization_id = ${organizationId}
        union all select ${sql.raw(KEY)}, n from dispatch_count_changes where organization_id = ${organizationId}
      ) as s group by ${sql.raw(KEY)}
    ), counted (${sql.raw(KEY)}, n) as (
      select ${sql.raw(keyOf('o'))}, count(*) from orders o
      where ${sql.raw(counted('o'))} and o.organization_id = ${organizationId} group by ${sql.raw(keyOf('o'))}
    )
    select coalesce(s.storefront_id, c.storefront_id) || ' ' || coalesce(s.warehouse_id, c.warehouse_id) || ' '
           || coalesce(s.ship_hour, c.ship_hour) || ' ' || coalesce(s.outcome, c.outcome) as k,
           s.n as stored, c.n as counted
    from stored s full outer join counted c on c.storefront_id = s.storefront_id
      and c.warehouse_id = s.warehouse_id and c.ship_hour = s.ship_hour and c.outcome = s.outcome
    where coalesce(s.n, 0) <> coalesce(c.n, 0)
    order by 1
  `.execute(store.db);
  return rows.map((r) => ({ key: r.k, stored: Number(r.stored ?? 0), counted: Number(r.counted ?? 0) }));
}
