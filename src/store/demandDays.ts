import { type Kysely, sql } from 'kysely';
import { type ChangeTable, changeTriggers, foldChanges } from './changeTables.ts';
import type { Engine, Store } from './openDatabase.ts';
import type { Database } from './schema.ts';
import type { Tx } from './transaction.ts';

/**
 * Daily demand per (SKU, storefront, warehouse, UTC day of payment): a projection of `orders` ×
 * `order_lines` kept by the database in the transaction of every write, as orderCounts.ts does for
 * open orders. Restock planning reads a few thousand day rows instead of a million orders.
 *
 * Demand is what buyers paid for: reserved, on hold, shipped, delivered, and orders **waiting for
 * stock** (a waiting order is demand the shelf could not meet; counting it keeps a stock-out from
 * looking like a quiet day). Cancelled and parked orders are not demand. The warehouse is the order's
 * queue (`orders.warehouse_id`, '' while it waits with none): a split order counts at its queue.
 *
 * SQLite: row triggers add to the day row. PostgreSQL: row triggers append each change to
 * `demand_day_changes` (no row lock on a viral SKU's hot day row), folded in by the alert scan
 * (`foldDemandDays`); readers sum both tables.
 */

export const DEMAND_STATUSES = "('reserved', 'on_hold', 'shipped', 'delivered', 'awaiting_stock')";
const KEY = 'organization_id, sku_id, storefront_id, warehouse_id, day';

/** The key of order row `o` with line row `l`, as SQL. */
const keyOf = (o: string, l: string) =>
  `${o}.organization_id, ${l}.sku_id, ${o}.storefront_id, coalesce(${o}.warehouse_id, ''), substr(${o}.paid_at, 1, 10)`;

function sqliteTriggers(): string[] {
  const upsert = (select: string) => `
    insert into demand_days (${KEY}, units) ${select}
      on conflict (${KEY}) do update set units = units + excluded.units;`;
  // Days an order left (cancelled) are dropped once empty; a line's zero rows are harmless (readers
  // skip them) and are dropped by the next order change of that day.
  const prune = (o: string) => `
    delete from demand_days where units = 0 and organization_id = ${o}.organization_id
      and day = substr(${o}.paid_at, 1, 10) and storefront_id = ${o}.storefront_id;`;
  const order = (o: string, d: number) =>
    upsert(
      `select ${keyOf(o, 'ol')}, ${d} * ol.quantity from order_lines ol
       where ol.order_id = ${o}.id and ${o}.status in ${DEMAND_STATUSES}`,
    ) + prune(o);
  const moved =
    'old.status is not new.status or old.warehouse_id is not new.warehouse_id or old.paid_at is not new.paid_at or old.storefront_id is not new.storefront_id';
  const lineBody = (l: string, d: number) =>
    upsert(
      `select ${keyOf('o', l)}, ${d} * ${l}.quantity from orders o
       where o.id = ${l}.order_id and o.status in ${DEMAND_STATUSES}`,
    );
  return [
    `create trigger demand_days_insert after insert on orders when new.status in ${DEMAND_STATUSES}
     begin ${order('new', 1)} end`,
    `create trigger demand_days_delete after delete on orders when old.status in ${DEMAND_STATUSES}
     begin ${order('old', -1)} end`,
    `create trigger demand_days_update after update of status, warehouse_id, paid_at, storefront_id on orders
     when (old.status in ${DEMAND_STATUSES} or new.status in ${DEMAND_STATUSES}) and (${moved})
     begin ${order('old', -1)} ${order('new', 1)} end`,
    `create trigger demand_days_line_insert after insert on order_lines begin ${lineBody('new', 1)} end`,
    `create trigger demand_days_line_delete after delete on order_lines begin ${lineBody('old', -1)} end`,
    `create trigger demand_days_line_update after update of quantity, order_id, sku_id on order_lines
     begin ${lineBody('old', -1)} ${lineBody('new', 1)} end`,
  ];
}

const DEMAND_DAYS: ChangeTable = {
  table: 'demand_days',
  changes: 'demand_day_changes',
  key: KEY,
  measures: ['units'],
};

/** PostgreSQL's triggers; `perRow` as migration 2026_12_027 made them (changeTables.ts). */
function postgresTriggers(perRow = false): string[] {
  return changeTriggers(
    DEMAND_DAYS,
    [
      {
        table: 'orders',
        prefix: 'demand_days',
        rows: (r, d) =>
          `select ${keyOf(r, 'ol')}, ${d} * ol.quantity from ${r} join order_lines ol on ol.order_id = ${r}.id
     where ${r}.status in ${DEMAND_STATUSES}`,
      },
      {
        table: 'order_lines',
        prefix: 'demand_days_line',
        rows: (r, d) =>
          `select ${keyOf('o', r)}, ${d} * ${r}.quantity from ${r} join orders o on o.id = ${r}.order_id
     where o.status in ${DEMAND_STATUSES}`,
      },
    ],
    { perRow },
  );
}

/** Its PostgreSQL triggers as row triggers (migration 2026_12_027). */
export const demandDayRowTriggers = () => postgresTriggers(true);

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was
export async function createDemandDays(db: Kysely<any>, engine: Engine): Promise<void> {
  for (const table of ['demand_days', 'demand_day_changes']) {
    let t = db.schema
      .createTable(table)
      .addColumn('organization_id', 'text', (c) => c.notNull())
      .addColumn('sku_id', 'text', (c) => c.notNull())
      .addColumn('storefront_id', 'text', (c) => c.notNull())
      .addColumn('warehouse_id', 'text', (c) => c.notNull())
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn('units', engine === 'postgres' ? 'bigint' : 'integer', (c) => c.notNull());
    if (table === 'demand_days')
      t = t.addPrimaryKeyConstraint('demand_days_key', [
        'organization_id',
        'sku_id',
        'storefront_id',
        'warehouse_id',
        'day',
      ]);
    await t.execute();
  }
  // The planning page reads every SKU's last weeks: by day, not by SKU.
  await db.schema
    .createIndex('demand_days_by_day')
    .on('demand_days')
    .columns(['organization_id', 'day', 'sku_id'])
    .execute();
  await db.schema
    .createIndex('demand_day_changes_key')
    .on('demand_day_changes')
    .columns(['organization_id', 'day', 'sku_id'])
    .execute();
  // The orders already stored: one grouped pass, in the migration's transaction.
  await sql
    .raw(
      `insert into demand_days (${KEY}, units)
       select ${keyOf('o', 'ol')}, sum(ol.quantity) from orders o join order_lines ol on ol.order_id = o.id
       where o.status in ${DEMAND_STATUSES} group by ${keyOf('o', 'ol')}`,
    )
    .execute(db);
  for (const statement of engine === 'postgres' ? postgresTriggers() : sqliteTriggers())
    await sql.raw(statement).execute(db);
}

/** Moves the appended changes into the day rows (PostgreSQL), as foldOrderCounts does. */
export function foldDemandDays(
  store: Store,
  organizationId: string,
  db: Kysely<Database> = store.db,
): Promise<void> {
  return foldChanges(store, DEMAND_DAYS, organizationId, db);
}

export interface DemandDay {
  skuId: string;
  storefrontId: string;
  warehouseId: string;
  day: string;
  units: number;
}

/**
 * The demand of an organization's days from `fromDay` (YYYY-MM-DD, inclusive), optionally of some
 * SKUs: both tables summed, one row per key. Walks `demand_days_by_day` from the first day.
 */
export function demandSinceQuery(
  db: Kysely<Database>,
  organizationId: string,
  fromDay: string,
  skuIds?: readonly string[],
) {
  const part = (table: 'demand_days' | 'demand_day_changes') => {
    let q = db
      .selectFrom(table)
      .select(['sku_id', 'storefront_id', 'warehouse_id', 'day', 'units'])
      .where('organization_id', '=', organizationId)
      .where('day', '>=', fromDay);
    if (skuIds) q = q.where('sku_id', 'in', [...skuIds]);
    return q;
  };
  // `c`, the derived table of both parts (a few thousand day rows).
  return db
    .selectFrom(part('demand_days').unionAll(part('demand_day_changes')).as('c'))
    .select(['c.sku_id', 'c.storefront_id', 'c.warehouse_id', 'c.day'])
    .select((eb) => eb.fn.sum<number>('c.units').as('units'))
    .groupBy(['c.sku_id', 'c.storefront_id', 'c.warehouse_id', 'c.day'])
    .having((eb) => eb.fn.sum('c.units'), '<>', 0);
}

export async function demandSince(
  db: Kysely<Database>,
  organizationId: string,
  fromDay: string,
  skuIds?: readonly string[],
): Promise<DemandDay[]> {
  if (skuIds && skuIds.length === 0) return [];
  const rows = await demandSinceQuery(db, organizationId, fromDay, skuIds).execute();
  return rows.map((r) => ({
    skuId: r.sku_id,
    storefrontId: r.storefront_id,
    warehouseId: r.warehouse_id,
    day: r.day,
    units: Number(r.units),
  }));
}

/** The projection against a recount of the orders: any difference is a bug. */
export async function verifyDemandDays(
  store: Store,
  organizationId: string,
  db: Tx = store.db,
): Promise<{ key: string; stored: number; counted: number }[]> {
  const { rows } = await sql<{ k: string; stored: string | number | null; counted: string | number | null }>`
    with stored as (
      select ${sql.raw(KEY)}, sum(units) as units from (
        select ${sql.raw(KEY)}, units from demand_days where organization_id = ${organizationId}
        union all select ${sql.raw(KEY)}, units from demand_day_changes where organization_id = ${organizationId}
      ) as s group by ${sql.raw(KEY)}
    ), counted (${sql.raw(KEY)}, units) as (
      select ${sql.raw(keyOf('o', 'ol'))}, sum(ol.quantity) from orders o join order_lines ol on ol.order_id = o.id
      where o.status in ${sql.raw(DEMAND_STATUSES)} and o.organization_id = ${organizationId}
      group by ${sql.raw(keyOf('o', 'ol'))}
    )
    select coalesce(s.sku_id, c.sku_id) || ' ' || coalesce(s.storefront_id, c.storefront_id) || ' '
           || coalesce(s.warehouse_id, c.warehouse_id) || ' ' || coalesce(s.day, c.day) as k,
           s.units as stored, c.units as counted
    from stored s full outer join counted c on c.sku_id = s.sku_id and c.storefront_id = s.storefront_id
      and c.warehouse_id = s.warehouse_id and c.day = s.day
    where coalesce(s.units, 0) <> coalesce(c.units, 0)
    order by 1
  `.execute(db);
  return rows.map((r) => ({ key: r.k, stored: Number(r.stored ?? 0), counted: Number(r.counted ?? 0) }));
}

/**
 * Replaces an organization's demand days with a recount of its orders (`puente verify --repair`).
 * On PostgreSQL the orders are locked against writes (SHARE) for the transaction: an order written
 * between the delete and the recount would otherwise count twice, once in the recount and once in
 * the change row its trigger appended.
 */
export async function rebuildDemandDays(trx: Tx, engine: Engine, organizationId: string): Promise<void> {
  if (engine === 'postgres') await sql`lock table orders, order_lines in share mode`.execute(trx);
  await trx.deleteFrom('demand_day_changes').where('organization_id', '=', organizationId).execute();
  await trx.deleteFrom('demand_days').where('organization_id', '=', organizationId).execute();
  const key = sql.raw(keyOf('o', 'ol'));
  await sql`insert into demand_days (${sql.raw(KEY)}, units)
    select ${key}, sum(ol.quantity) from orders o join order_lines ol on ol.order_id = o.id
    where o.status in ${sql.raw(DEMAND_STATUSES)} and o.organization_id = ${organizationId}
    group by ${key}`.execute(trx);
}
