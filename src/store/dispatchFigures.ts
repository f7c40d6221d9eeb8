import { type Kysely, sql } from 'kysely';
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
import type { Database } from './schema.ts';

/**
 * The dispatch figures as SQL aggregates, each one range of one index: to ship today per
 * warehouse, at risk and late, orders waiting for stock, late-dispatch rates [P11][P15].
 */

/** Open orders of one warehouse's queue due by its next pickup, the late ones included. */
export function shipTodayQuery(
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
      return { warehouse: w.code, timeZone: w.time_zone, nextPickup: pickup, count: Number(row?.n ?? 0) };
    }),
  );
}

/** Reserved orders past or near their operational deadline: one range of (status, operational_by). */
export function deadlineCountsQuery(
  db: Kysely<Database>,
  organizationId: string,
  now: Date,
  atRiskHours: number,
) {
  const nowBound = instantBound(now);
  return db
    .selectFrom('orders as o')
    .select([
      sql<number>`coalesce(sum(case when o.operational_by < ${nowBound} then 1 else 0 end), 0)`.as('late'),
      sql<number>`coalesce(sum(case when o.operational_by >= ${nowBound} then 1 else 0 end), 0)`.as(
        'at_risk',
      ),
    ])
    .where('o.organization_id', '=', organizationId)
    .where('o.status', '=', 'reserved')
    .where('o.operational_by', '<', instantBound(now.getTime() + atRiskHours * 3_600_000));
}

export async function deadlineCounts(
  store: Store,
  organizationId: string,
  now: Date,
  atRiskHours = DEFAULT_AT_RISK_HOURS,
): Promise<{ atRisk: number; late: number }> {
  const row = await deadlineCountsQuery(store.db, organizationId, now, atRiskHours).executeTakeFirst();
  return { atRisk: Number(row?.at_risk ?? 0), late: Number(row?.late ?? 0) };
}

/** Orders waiting for stock, and how many of them are already past the platform deadline. */
export function awaitingOrdersQuery(db: Kysely<Database>, organizationId: string, now: Date) {
  return db
    .selectFrom('orders as o')
    .select([
      sql<number>`count(*)`.as('orders'),
      sql<number>`coalesce(sum(case when o.ship_by < ${instantBound(now)} then 1 else 0 end), 0)`.as('late'),
    ])
    .where('o.organization_id', '=', organizationId)
    .where('o.status', '=', 'awaiting_stock');
}

/** The units those waiting orders are for. */
export function awaitingUnitsQuery(db: Kysely<Database>, organizationId: string) {
  return db
    .selectFrom('orders as o')
    .innerJoin('order_lines as l', 'l.order_id', 'o.id')
    .select(sql<number>`coalesce(sum(l.quantity), 0)`.as('units'))
    .where('o.organization_id', '=', organizationId)
    .where('o.status', '=', 'awaiting_stock');
}

export async function awaitingStock(store: Store, organizationId: string, now: Date) {
  const [orders, units] = await Promise.all([
    awaitingOrdersQuery(store.db, organizationId, now).executeTakeFirst(),
    awaitingUnitsQuery(store.db, organizationId).executeTakeFirst(),
  ]);
  return {
    orders: Number(orders?.orders ?? 0),
    units: Number(units?.units ?? 0),
    /** Past the platform deadline while waiting: each counts against the late-dispatch rate [P11]. */
    late: Number(orders?.late ?? 0),
  };
}

export interface RateRow extends LateDispatchRate {
  by: 'storefront' | 'warehouse';
  code: string;
  days: number;
}

/**
 * Orders due (platform deadline) in the last `days` and how many of them were late, per storefront
 * and warehouse queue: one walk of the covering (ship_by, …) index, grouped in SQL.
 */
export function lateDispatchQuery(db: Kysely<Database>, organizationId: string, now: Date, days: number) {
  const nowBound = instantBound(now);
  // Seconds compared as text: shipped_at carries milliseconds, ship_by does not.
  const late = sql<number>`coalesce(sum(case when o.shipped_at is null then (case when o.ship_by < ${nowBound} then 1 else 0 end) when substr(o.shipped_at, 1, 19) > substr(o.ship_by, 1, 19) then 1 else 0 end), 0)`;
  return db
    .selectFrom('orders as o')
    .select(['o.storefront_id', 'o.warehouse_id', sql<number>`count(*)`.as('due'), late.as('late')])
    .where('o.organization_id', '=', organizationId)
    .where('o.ship_by', '>=', instantBound(now.getTime() - days * 86_400_000))
    .where('o.ship_by', '<=', instantBound(now))
    .where('o.status', 'in', ['reserved', 'awaiting_stock', 'shipped', 'delivered'])
    .groupBy(['o.storefront_id', 'o.warehouse_id']);
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

/** Late-dispatch rate over the last `days` days, per storefront and per warehouse. */
export async function lateDispatchRates(
  store: Store,
  organizationId: string,
  now: Date,
  days: number,
): Promise<RateRow[]> {
  const [groups, storefronts, warehouses] = await Promise.all([
    lateDispatchQuery(store.db, organizationId, now, days).execute(),
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
  const sum = (by: 'storefront' | 'warehouse') => {
    const totals = new Map<string, { due: number; late: number }>();
    for (const g of groups) {
      const id = by === 'storefront' ? g.storefront_id : g.warehouse_id;
      const code = id ? codes.get(id) : undefined;
      if (!code) continue;
      const t = totals.get(code) ?? { due: 0, late: 0 };
      t.due += Number(g.due);
      t.late += Number(g.late);
      totals.set(code, t);
    }
    return [...totals].map(([code, t]) => ({ by, code, days, ...rate(t.due, t.late) }));
  };
  return [...sum('storefront'), ...sum('warehouse')].sort(
    (a, b) => a.by.localeCompare(b.by) || a.code.localeCompare(b.code),
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
