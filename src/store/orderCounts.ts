import { type Kysely, type Migration, type SqlBool, sql } from 'kysely';
import { type ChangeTable, changeTriggers, foldChanges } from './changeTables.ts';
import type { Engine, Store } from './openDatabase.ts';
import type { Database } from './schema.ts';

/**
 * How many open orders there are per (warehouse queue, status, hour of the operational deadline):
 * a projection of `orders` kept by the database itself, in the transaction of every write. Triggers
 * and not the writers: reserving, waiting, settling, the cut-off recompute, migrations and bulk loads
 * all change `status`, `warehouse_id` and `operational_by`, and a writer added later cannot forget it.
 *
 * The overview's counts ("to ship today", late, at risk, waiting) become a sum over a few hundred
 * bucket rows plus an exact count, through the index, of the one hour that the bound cuts: exact at
 * the moment they are read, without walking a million index entries.
 *
 * SQLite has one writer at a time: its row triggers add to the bucket row directly. On PostgreSQL
 * concurrent transactions would queue (and could deadlock) on the same hot bucket row, so row
 * triggers append each change to `order_count_changes` (insert only, no row lock),
 * and `foldOrderCounts` moves those rows into `order_counts` from the periodic alert scan. A reader
 * sums both tables in one statement, so it sees one consistent snapshot whether or not they were
 * folded.
 */

/** The bucket of an instant stored as ISO UTC text: its hour, 'YYYY-MM-DDTHH'; '' when there is none. */
export function hourOf(instant: string): string {
  return instant.slice(0, 13);
}

/** The first instant of the hour of `instant`, as stored text: the bound between whole buckets and the cut one. */
export function hourStart(instant: string): string {
  return `${hourOf(instant)}:00:00Z`;
}

/** The statuses counted: the open orders (on_hold since migration 014). */
const OPEN = "('reserved', 'awaiting_stock', 'on_hold')";
/** The statuses migration 007 counted, before on_hold. */
const OPEN_007 = "('reserved', 'awaiting_stock')";
const KEY = 'organization_id, warehouse_id, status, due_hour';
/** The projection key of an order row `r`, as SQL over its columns. */
const keyOf = (r: string) =>
  `${r}.organization_id, coalesce(${r}.warehouse_id, ''), ${r}.status, coalesce(substr(${r}.operational_by, 1, 13), '')`;

/** The units of order row `r`'s lines, as SQL. */
const unitsOf = (r: string) =>
  `(select coalesce(sum(ol.quantity), 0) from order_lines ol where ol.order_id = ${r}.id)`;

function sqliteTriggers(open: string): string[] {
  const upsert = (select: string) => `
    insert into order_counts (${KEY}, n, units) ${select}
      on conflict (${KEY}) do update set n = n + excluded.n, units = units + excluded.units;`;
  const prune = (r: string) => `
    delete from order_counts where n = 0 and units = 0 and organization_id = ${r}.organization_id
      and warehouse_id = coalesce(${r}.warehouse_id, '') and status = ${r}.status
      and due_hour = coalesce(substr(${r}.operational_by, 1, 13), '');`;
  const order = (r: string, d: number) =>
    upsert(`select ${keyOf(r)}, ${d}, ${d} * ${unitsOf(r)} where ${r}.status in ${open}`) + prune(r);
  // A line counts while its order is open: the order's row triggers count the lines it has then. An
  // open order's bucket holds n ≥ 1, so a line never empties one.
  const line = (r: string, d: number) =>
    upsert(
      `select ${keyOf('o')}, 0, ${d} * ${r}.quantity from orders o where o.id = ${r}.order_id and o.status in ${open}`,
    );
  const moved =
    "old.status is not new.status or old.warehouse_id is not new.warehouse_id or old.organization_id is not new.organization_id or coalesce(substr(old.operational_by, 1, 13), '') is not coalesce(substr(new.operational_by, 1, 13), '')";
  return [
    `create trigger order_counts_insert after insert on orders when new.status in ${open}
     begin ${order('new', 1)} end`,
    `create trigger order_counts_delete after delete on orders when old.status in ${open}
     begin ${order('old', -1)} end`,
    `create trigger order_counts_update after update of status, warehouse_id, operational_by, organization_id on orders
     when (old.status in ${open} or new.status in ${open}) and (${moved})
     begin ${order('old', -1)} ${order('new', 1)} end`,
    `create trigger order_counts_line_insert after insert on order_lines begin ${line('new', 1)} end`,
    `create trigger order_counts_line_delete after delete on order_lines begin ${line('old', -1)} end`,
    `create trigger order_counts_line_update after update of quantity, order_id on order_lines
     begin ${line('old', -1)} ${line('new', 1)} end`,
  ];
}

const ORDER_COUNTS: ChangeTable = {
  table: 'order_counts',
  changes: 'order_count_changes',
  key: KEY,
  measures: ['n', 'units'],
};

/** PostgreSQL's triggers over `open`; `perRow` as migration 2026_12_027 made them (changeTables.ts). */
function postgresTriggers(open: string, perRow = false): string[] {
  return changeTriggers(
    ORDER_COUNTS,
    [
      {
        table: 'orders',
        prefix: 'order_counts',
        rows: (r, d) =>
          `select ${keyOf(r)}, ${d}, ${d} * ${unitsOf(r)} from ${r} where ${r}.status in ${open}`,
      },
      {
        table: 'order_lines',
        prefix: 'order_counts_line',
        rows: (r, d) =>
          `select ${keyOf('o')}, 0, ${d} * ${r}.quantity from ${r} join orders o on o.id = ${r}.order_id where o.status in ${open}`,
      },
    ],
    { perRow },
  );
}

/** Migration `2026_12_007_order_counts`: the tables, the triggers, and the counts of the orders already there. */
export function orderCountsMigration(engine: Engine): Migration {
  const count = engine === 'postgres' ? 'bigint' : 'integer';
  return {
    // biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was
    async up(db: Kysely<any>) {
      for (const table of ['order_counts', 'order_count_changes']) {
        let t = db.schema
          .createTable(table)
          .addColumn('organization_id', 'text', (c) => c.notNull())
          .addColumn('warehouse_id', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('due_hour', 'text', (c) => c.notNull())
          .addColumn('n', count, (c) => c.notNull())
          .addColumn('units', count, (c) => c.notNull());
        if (table === 'order_counts')
          t = t.addPrimaryKeyConstraint('order_counts_key', [
            'organization_id',
            'warehouse_id',
            'status',
            'due_hour',
          ]);
        await t.execute();
      }
      await db.schema
        .createIndex('order_count_changes_key')
        .on('order_count_changes')
        .columns(['organization_id', 'warehouse_id', 'status', 'due_hour'])
        .execute();
      // Waiting orders past the platform deadline, counted from the index alone; in board order too,
      // else SQLite takes it for the board's waiting filter and sorts every waiting order.
      await db.schema
        .createIndex('orders_waiting')
        .on('orders')
        .columns(['organization_id', 'operational_by', 'id', 'ship_by'])
        .where(sql.raw<SqlBool>("status = 'awaiting_stock'"))
        .execute();
      await sql
        .raw(
          `insert into order_counts (${KEY}, n, units) select ${keyOf('o')}, count(*), sum(${unitsOf('o')})
           from orders o where o.status in ${OPEN_007} group by ${keyOf('o')}`,
        )
        .execute(db);
      for (const statement of engine === 'postgres' ? postgresTriggers(OPEN_007) : sqliteTriggers(OPEN_007))
        await sql.raw(statement).execute(db);
    },
  };
}

const TRIGGERS = [
  ['order_counts_insert', 'orders'],
  ['order_counts_delete', 'orders'],
  ['order_counts_update', 'orders'],
  ['order_counts_line_insert', 'order_lines'],
  ['order_counts_line_delete', 'order_lines'],
  ['order_counts_line_update', 'order_lines'],
] as const;

/**
 * Counts `on_hold` orders as open (migration 014): the triggers are made again over the new set of
 * statuses and the counts recounted from the orders, in the migration's transaction.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was
export async function countOnHoldAsOpen(db: Kysely<any>, engine: Engine): Promise<void> {
  for (const [name, table] of TRIGGERS) {
    if (engine === 'postgres') {
      await sql.raw(`drop trigger if exists ${name} on ${table}`).execute(db);
      await sql.raw(`drop function if exists ${name}()`).execute(db);
    } else await sql.raw(`drop trigger if exists ${name}`).execute(db);
  }
  await sql`delete from order_count_changes`.execute(db);
  await sql`delete from order_counts`.execute(db);
  await sql
    .raw(
      `insert into order_counts (${KEY}, n, units) select ${keyOf('o')}, count(*), sum(${unitsOf('o')})
       from orders o where o.status in ${OPEN} group by ${keyOf('o')}`,
    )
    .execute(db);
  for (const statement of engine === 'postgres' ? postgresTriggers(OPEN) : sqliteTriggers(OPEN))
    await sql.raw(statement).execute(db);
}

/** The order counts' PostgreSQL triggers as row triggers (migration 2026_12_027). */
export const orderCountRowTriggers = () => postgresTriggers(OPEN, true);

/** Both tables of one organization as one relation (`c`): what a reader sums. */
export function countsOf(db: Kysely<Database>, organizationId: string) {
  return db.selectFrom((eb) =>
    eb
      .selectFrom('order_counts')
      .select(['warehouse_id', 'status', 'due_hour', 'n', 'units'])
      .where('organization_id', '=', organizationId)
      .unionAll(
        eb
          .selectFrom('order_count_changes')
          .select(['warehouse_id', 'status', 'due_hour', 'n', 'units'])
          .where('organization_id', '=', organizationId),
      )
      .as('c'),
  );
}

/** Moves the appended changes of an organization into its bucket rows (PostgreSQL). */
export function foldOrderCounts(
  store: Store,
  organizationId: string,
  db: Kysely<Database> = store.db,
): Promise<void> {
  return foldChanges(store, ORDER_COUNTS, organizationId, db);
}

export interface CountDrift {
  warehouseId: string;
  status: string;
  dueHour: string;
  stored: { orders: number; units: number };
  counted: { orders: number; units: number };
}

/** The projection against a recount of the orders: any difference is a bug, reported with its numbers. */
export async function verifyOrderCounts(store: Store, organizationId?: string): Promise<CountDrift[]> {
  const org = (t: string) =>
    organizationId ? sql`and ${sql.ref(`${t}.organization_id`)} = ${organizationId}` : sql``;
  const { rows } = await sql<{
    warehouse_id: string;
    status: string;
    due_hour: string;
    stored_n: number | string | null;
    stored_units: number | string | null;
    counted_n: number | string | null;
    counted_units: number | string | null;
  }>`
    with stored as (
      select ${sql.raw(KEY)}, sum(n) as n, sum(units) as units from (
        select ${sql.raw(KEY)}, n, units from order_counts c where 1 = 1 ${org('c')}
        union all select ${sql.raw(KEY)}, n, units from order_count_changes d where 1 = 1 ${org('d')}
      ) as s group by ${sql.raw(KEY)}
    ), counted (organization_id, warehouse_id, status, due_hour, n, units) as (
      select ${sql.raw(keyOf('o'))}, count(*), sum(${sql.raw(unitsOf('o'))}) from orders o
      where o.status in ${sql.raw(OPEN)} ${org('o')} group by ${sql.raw(keyOf('o'))}
    )
    select coalesce(s.warehouse_id, c.warehouse_id) as warehouse_id,
           coalesce(s.status, c.status) as status, coalesce(s.due_hour, c.due_hour) as due_hour,
           s.n as stored_n, s.units as stored_units, c.n as counted_n, c.units as counted_units
    from stored s full outer join counted c on c.organization_id = s.organization_id
      and c.warehouse_id = s.warehouse_id and c.status = s.status and c.due_hour = s.due_hour
    where coalesce(s.n, 0) <> coalesce(c.n, 0) or coalesce(s.units, 0) <> coalesce(c.units, 0)
    order by coalesce(s.organization_id, c.organization_id), 1, 2, 3
  `.execute(store.db);
  return rows.map((r) => ({
    warehouseId: r.warehouse_id,
    status: r.status,
    dueHour: r.due_hour,
    stored: { orders: Number(r.stored_n ?? 0), units: Number(r.stored_units ?? 0) },
    counted: { orders: Number(r.counted_n ?? 0), units: Number(r.counted_units ?? 0) },
  }));
}
