import { type Kysely, type SqlBool, sql } from 'kysely';
import {
  DEFAULT_AT_RISK_HOURS,
  LATE_DISPATCH_PENALTY,
  LATE_DISPATCH_WARNING,
  type LateDispatchRate,
} from '../domain/dispatch/dispatchStatus.ts';
import { holidayCalendar } from '../domain/dispatch/holidayCalendars.ts';
import { nextPickup } from '../domain/dispatch/operationalDeadline.ts';
import { instantBound, isOpen } from './dispatchBoard.ts';
import type { Store } from './openDatabase.ts';
import { countsOf, hourOf, hourStart } from './orderCounts.ts';
import type { Database } from './schema.ts';

/**
 * The dispatch figures as SQL aggregates, each one range of one index: to ship today per
 * warehouse, at risk and late, orders waiting for stock, late-dispatch rates [P11][P15].
 */

/** Open orders of one queue due by its next pickup, as whole hour buckets and the one hour the pickup cuts. */
export function shipTodayQuery(
  db: Kysely<Database>,
  organizationId: string,
  warehouseId: string,
  pickup: string,
) {
  return db.selectNoFrom([
    countsOf(db, organizationId)
      .select(sql<number>`coalesce(sum(c.n), 0)`.as('n'))
      .where('c.warehouse_id', '=', warehouseId)
      .where('c.status', 'in', ['reserved', 'awaiting_stock', 'on_hold'])
      .where('c.due_hour', '!=', '')
      .where('c.due_hour', '<', hourOf(pickup))
      .as('buckets'),
    shipTodayCutHourQuery(db, organizationId, warehouseId, pickup).as('cut'),
  ]);
}

/** The exact count of the pickup's own hour, from the queue's index (a few thousand entries at most). */
export function shipTodayCutHourQuery(
  db: Kysely<Database>,
  organizationId: string,
  warehouseId: string,
  pickup: string,
) {
  return db
    .selectFrom('orders as o')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('o.organization_id', '=', organizationId)
    .where(isOpen)
    .where('o.warehouse_id', '=', warehouseId)
    .where('o.operational_by', '>=', hourStart(pickup))
    .where('o.operational_by', '<=', pickup);
}

export interface ShipToday {
  warehouse: string;
  timeZone: string;
  /** The warehouse's next carrier pickup: what is due by it must leave today. */
  nextPickup: string;
  count: number;
}

/** "To ship today" per warehouse: the pickup is computed here, per warehouse, and bound as one value. */
export async function shipToday(store: Store, organizationId: string, now: Date): Promise<ShipToday[]> {
  const warehouses = await store.db
    .selectFrom('warehouses')
    .select(['id', 'code', 'time_zone', 'cutoff', 'holiday_calendar'])
    .where('organization_id', '=', organizationId)
    .orderBy('code')
    .execute();
  return Promise.all(
    warehouses.map(async (w) => {
      const pickup = nextPickup(now, {
        timeZone: w.time_zone,
        cutoff: w.cutoff,
        calendar: holidayCalendar(w.holiday_calendar),
      });
      const row = await shipTodayQuery(store.db, organizationId, w.id, pickup).executeTakeFirst();
      const count = Number(row?.buckets ?? 0) + Number(row?.cut ?? 0);
      return { warehouse: w.code, timeZone: w.time_zone, nextPickup: pickup, count };
    }),
  );
}

/** Reserved orders with an operational deadline in [hourStart(bound), bound): the hour a bound cuts. */
export function reservedInCutHourQuery(
  db: Kysely<Database>,
  organizationId: string,
  bound: string,
  warehouseId?: string,
) {
  let q = db
    .selectFrom('orders as o')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('o.organization_id', '=', organizationId)
    .where('o.status', '=', 'reserved')
    .where('o.operational_by', '>=', hourStart(bound))
    .where('o.operational_by', '<', bound);
  if (warehouseId) q = q.where('o.warehouse_id', '=', warehouseId);
  return q;
}

/** The bucket rows of one warehouse queue, or of all when none is named. */
function countsIn(db: Kysely<Database>, organizationId: string, warehouseId: string | undefined) {
  const c = countsOf(db, organizationId);
  return warehouseId ? c.where('c.warehouse_id', '=', warehouseId) : c;
}

/**
 * Reserved orders past their operational deadline (late) and within `atRiskHours` of it (at risk):
 * whole hours from the bucket rows, the hour `now` cuts and the hour the horizon cuts counted exactly.
 * All queues, or one warehouse's (the morning digest).
 */
export function deadlineCountsQuery(
  db: Kysely<Database>,
  organizationId: string,
  now: Date,
  atRiskHours: number,
  warehouseId?: string,
) {
  const nowBound = instantBound(now);
  const horizon = instantBound(now.getTime() + atRiskHours * 3_600_000);
  return db.selectNoFrom([
    countsIn(db, organizationId, warehouseId)
      .select(
        sql<number>`coalesce(sum(case when c.due_hour < ${hourOf(nowBound)} then c.n else 0 end), 0)`.as('n'),
      )
      .where('c.status', '=', 'reserved')
      .where('c.due_hour', '!=', '')
      .as('late_hours'),
    countsIn(db, organizationId, warehouseId)
      .select(sql<number>`coalesce(sum(c.n), 0)`.as('n'))
      .where('c.status', '=', 'reserved')
      .where('c.due_hour', '!=', '')
      .where('c.due_hour', '<', hourOf(horizon))
      .as('due_hours'),
    reservedInCutHourQuery(db, organizationId, nowBound, warehouseId).as('late_cut'),
    reservedInCutHourQuery(db, organizationId, horizon, warehouseId).as('due_cut'),
  ]);
}

export async function deadlineCounts(
  store: Store,
  organizationId: string,
  now: Date,
  atRiskHours = DEFAULT_AT_RISK_HOURS,
  warehouseId?: string,
): Promise<{ atRisk: number; late: number }> {
  const row = await deadlineCountsQuery(
    store.db,
    organizationId,
    now,
    atRiskHours,
    warehouseId,
  ).executeTakeFirst();
  const late = Number(row?.late_hours ?? 0) + Number(row?.late_cut ?? 0);
  const due = Number(row?.due_hours ?? 0) + Number(row?.due_cut ?? 0);
  return { atRisk: due - late, late };
}

/**
 * Orders waiting for stock and the units they are for (the bucket rows), and how many are past the
 * platform deadline (the partial index of waiting orders).
 */
export function awaitingOrdersQuery(
  db: Kysely<Database>,
  organizationId: string,
  now: Date,
  warehouseId?: string,
) {
  return db.selectNoFrom([
    countsIn(db, organizationId, warehouseId)
      .select(sql<number>`coalesce(sum(c.n), 0)`.as('n'))
      .where('c.status', '=', 'awaiting_stock')
      .as('orders'),
    countsIn(db, organizationId, warehouseId)
      .select(sql<number>`coalesce(sum(c.units), 0)`.as('n'))
      .where('c.status', '=', 'awaiting_stock')
      .as('units'),
    awaitingLateQuery(db, organizationId, now, warehouseId).as('late'),
  ]);
}

/** Waiting orders past the platform deadline: a range of the partial index of waiting orders. */
export function awaitingLateQuery(
  db: Kysely<Database>,
  organizationId: string,
  now: Date,
  warehouseId?: string,
) {
  const q = db
    .selectFrom('orders as o')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('o.organization_id', '=', organizationId)
    // Literal, as the partial index states it: SQLite matches the text.
    .where(sql<SqlBool>`o.status = 'awaiting_stock'`)
    // Not a range of ship_by: that would walk every order ever due (shipped ones too) in
    // orders_platform_due; the waiting orders are few and the partial index holds their ship_by.
    // (none: never late).
    .where(sql<SqlBool>`coalesce(o.ship_by, '9') < ${instantBound(now)}`);
  return warehouseId ? q.where('o.warehouse_id', '=', warehouseId) : q;
}

export async function awaitingStock(store: Store, organizationId: string, now: Date, warehouseId?: string) {
  const row = await awaitingOrdersQuery(store.db, organizationId, now, warehouseId).executeTakeFirst();
  return {
    orders: Number(row?.orders ?? 0),
    units: Number(row?.units ?? 0),
    /** Past the platform deadline while waiting: each counts against the late-dispatch rate [P11]. */
    late: Number(row?.late ?? 0),
  };
}

export interface RateRow extends LateDispatchRate {
  by: 'storefront' | 'warehouse';
  code: string;
  days: number;
}

/** The windows of the late-dispatch rate, in days: the platform's week and month [P11]. */
export const RATE_WINDOWS = [7, 30] as const;

/** The hour after the one `instant` is in, as stored text. */
function nextHourStart(instant: string): string {
  return instantBound(Date.parse(hourStart(instant)) + 3_600_000);
}

/**
 * Orders due (platform deadline) in the last 7 and 30 days and how many of them were late, per
 * storefront and warehouse queue. The whole hours inside a window come from `dispatch_counts` (an
 * order still open there is late: its deadline is before this hour began); the hours the window's
 * bounds cut are counted exactly here, a range of the covering (ship_by, …) index each.
 */
export function lateDispatchCutQuery(db: Kysely<Database>, organizationId: string, now: Date) {
  const nowBound = instantBound(now);
  const [from7, from30] = RATE_WINDOWS.map((d) => instantBound(now.getTime() - d * 86_400_000)) as [
    string,
    string,
  ];
  // Seconds compared as text: shipped_at carries milliseconds, ship_by does not.
  const late = sql`(case when o.shipped_at is null then (case when o.ship_by < ${nowBound} then 1 else 0 end) when substr(o.shipped_at, 1, 19) > substr(o.ship_by, 1, 19) then 1 else 0 end)`;
  const lastHour = sql`o.ship_by >= ${hourStart(nowBound)}`;
  const in7 = sql`(${lastHour} or (o.ship_by >= ${from7} and o.ship_by < ${nextHourStart(from7)}))`;
  const in30 = sql`(${lastHour} or (o.ship_by >= ${from30} and o.ship_by < ${nextHourStart(from30)}))`;
  const range = (from: string, to: string, inclusive: boolean) =>
    sql<SqlBool>`(o.ship_by >= ${from} and o.ship_by ${sql.raw(inclusive ? '<=' : '<')} ${to})`;
  return db
    .selectFrom('orders as o')
    .select([
      'o.storefront_id',
      'o.warehouse_id',
      sql<number>`coalesce(sum(case when ${in30} then 1 else 0 end), 0)`.as('due30'),
      sql<number>`coalesce(sum(case when ${in30} then ${late} else 0 end), 0)`.as('late30'),
      sql<number>`coalesce(sum(case when ${in7} then 1 else 0 end), 0)`.as('due7'),
      sql<number>`coalesce(sum(case when ${in7} then ${late} else 0 end), 0)`.as('late7'),
    ])
    .where('o.organization_id', '=', organizationId)
    .where((eb) =>
      eb.or([
        range(hourStart(nowBound), nowBound, true),
        range(from7, nextHourStart(from7), false),
        range(from30, nextHourStart(from30), false),
      ]),
    )
    .where('o.status', 'in', ['reserved', 'awaiting_stock', 'shipped', 'delivered'])
    .groupBy(['o.storefront_id', 'o.warehouse_id']);
}

/** The whole hours of both windows, from the bucket rows (one range of their key). */
export function lateDispatchHoursQuery(db: Kysely<Database>, organizationId: string, now: Date) {
  const nowHour = hourOf(instantBound(now));
  const [h7, h30] = RATE_WINDOWS.map((d) => hourOf(instantBound(now.getTime() - d * 86_400_000)));
  const lateN = sql`(case when c.outcome = 'on_time' then 0 else c.n end)`;
  return db
    .selectFrom((eb) =>
      eb
        .selectFrom('dispatch_counts')
        .select(['storefront_id', 'warehouse_id', 'ship_hour', 'outcome', 'n'])
        .where('organization_id', '=', organizationId)
        .where('ship_hour', '>', h30 as string)
        .where('ship_hour', '<', nowHour)
        .unionAll(
          eb
            .selectFrom('dispatch_count_changes')
            .select(['storefront_id', 'warehouse_id', 'ship_hour', 'outcome', 'n'])
            .where('organization_id', '=', organizationId)
            .where('ship_hour', '>', h30 as string)
            .where('ship_hour', '<', nowHour),
        )
        .as('c'),
    )
    .select([
      'c.storefront_id',
      'c.warehouse_id',
      sql<number>`coalesce(sum(c.n), 0)`.as('due30'),
      sql<number>`coalesce(sum(${lateN}), 0)`.as('late30'),
      sql<number>`coalesce(sum(case when c.ship_hour > ${h7} then c.n else 0 end), 0)`.as('due7'),
      sql<number>`coalesce(sum(case when c.ship_hour > ${h7} then ${lateN} else 0 end), 0)`.as('late7'),
    ])
    .groupBy(['c.storefront_id', 'c.warehouse_id']);
}

function rate(due: number, late: number): LateDispatchRate {
  if (due === 0) return { due: 0, late: 0, rate: null, level: 'none' };
  const r = late / due;
  return {
    due,
    late,
    rate: r,
    level: r > LATE_DISPATCH_PENALTY ? 'penalty' : r > LATE_DISPATCH_WARNING ? 'warning' : 'ok',
  };
}

/** Late-dispatch rates over the last 7 and 30 days, per storefront and per warehouse. */
export async function lateDispatchRates(store: Store, organizationId: string, now: Date): Promise<RateRow[]> {
  const [cut, hours, storefronts, warehouses] = await Promise.all([
    lateDispatchCutQuery(store.db, organizationId, now).execute(),
    lateDispatchHoursQuery(store.db, organizationId, now).execute(),
    store.db
      .selectFrom('storefronts')
      .select(['id', 'code'])
      .where('organization_id', '=', organizationId)
      .execute(),
    store.db
      .selectFrom('warehouses')
      .select(['id', 'code'])
      .where('organization_id', '=', organizationId)
      .execute(),
  ]);
  const codes = new Map([...storefronts, ...warehouses].map((x) => [x.id, x.code]));
  const groups = [...cut, ...hours];
  const sum = (by: 'storefront' | 'warehouse', days: 7 | 30) => {
    const totals = new Map<string, { due: number; late: number }>();
    for (const g of groups) {
      const id = by === 'storefront' ? g.storefront_id : g.warehouse_id;
      const code = id ? codes.get(id) : undefined;
      if (!code) continue;
      const t = totals.get(code) ?? { due: 0, late: 0 };
      t.due += Number(days === 7 ? g.due7 : g.due30);
      t.late += Number(days === 7 ? g.late7 : g.late30);
      totals.set(code, t);
    }
    return [...totals].map(([code, t]) => ({ by, code, days, ...rate(t.due, t.late) }));
  };
  return RATE_WINDOWS.flatMap((days) =>
    [...sum('storefront', days), ...sum('warehouse', days)].sort(
      (a, b) => a.by.localeCompare(b.by) || a.code.localeCompare(b.code),
    ),
  );
}

/** Open oversell alerts: one range of the (kind, state) alert index. */
export function openOversellQuery(db: Kysely<Database>, organizationId: string) {
  return db
    .selectFrom('alerts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('organization_id', '=', organizationId)
    .where('kind', '=', 'oversell')
    .where('state', '=', 'open');
}

export async function openOversellAlerts(store: Store, organizationId: string): Promise<number> {
  const row = await openOversellQuery(store.db, organizationId).executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * The low-stock SKUs the alert scan found, most recently changed first: the scan has already done
 * the pace-of-sales arithmetic over every SKU and warehouse, the overview reads its verdicts.
 */
export function lowStockQuery(db: Kysely<Database>, organizationId: string, limit: number) {
  return db
    .selectFrom('alerts')
    .select(['data', 'updated_at', 'id'])
    .where('organization_id', '=', organizationId)
    .where('kind', '=', 'low_stock')
    .where('state', '=', 'open')
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit);
}
