import {
  DEFAULT_AT_RISK_HOURS,
  type DispatchState,
  dispatchState,
  type LateDispatchRate,
  lateDispatchRate,
} from '../domain/dispatch/dispatchStatus.ts';
import { daysOfCover, SALES_WINDOW_DAYS } from '../domain/stock/daysOfCover.ts';
import { publishedQuantity } from '../domain/stock/publishedQuantity.ts';
import { raiseAlert, resolveAlert } from './alerts.ts';
import type { Store } from './openDatabase.ts';
import { inTransaction } from './transaction.ts';

/**
 * The dispatch monitor and the low-stock watch [P14][P15]: what is about to be late, what is late,
 * the late-dispatch rate per storefront and warehouse, and alerts that open when a condition
 * appears and resolve themselves when it clears.
 */

export interface BoardOrder {
  id: string;
  externalId: string;
  storefront: string;
  status: string;
  paidAt: string;
  shipBy: string;
  operationalBy: string | null;
  /** The warehouse whose queue the order is in. */
  warehouseId: string | null;
  state: DispatchState;
  warehouses: { code: string; timeZone: string }[];
}

/**
 * Open orders (reserved or awaiting_stock, not shipped) by deadline. `dueBefore` narrows to those due before an instant
 * (at-risk and late): that query walks the (organization, status, ship_by) index only.
 */
export async function openOrders(
  store: Store,
  organizationId: string,
  now: Date,
  options: { dueBefore?: Date; limit?: number; atRiskHours?: number } = {},
): Promise<BoardOrder[]> {
  const limit = options.limit ?? 1000;
  // Orders awaiting stock too: the platform counts their deadline whether or not stock exists.
  // One query per status, each an ordered walk of the (organization, status, ship_by) index, then
  // merged: a single `status in (…) order by ship_by` made both engines sort every open order
  // (7 ms became 250 ms at 1,000,000 open orders).
  const byStatus = await Promise.all(
    (['reserved', 'awaiting_stock'] as const).map((status) => {
      let q = store.db
        .selectFrom('orders as o')
        .innerJoin('storefronts as sf', 'sf.id', 'o.storefront_id')
        .select([
          'o.id',
          'o.external_id',
          'sf.code as storefront',
          'o.status',
          'o.paid_at',
          'o.ship_by',
          'o.operational_by',
          'o.warehouse_id',
        ])
        .where('o.organization_id', '=', organizationId)
        .where('o.status', '=', status)
        .orderBy('o.ship_by')
        .limit(limit);
      if (options.dueBefore) q = q.where('o.ship_by', '<', options.dueBefore.toISOString());
      return q.execute();
    }),
  );
  const rows = byStatus
    .flat()
    .sort((a, b) => (a.ship_by ?? '').localeCompare(b.ship_by ?? ''))
    .slice(0, limit);
  const where = rows.length
    ? await store.db
        .selectFrom('reservations as r')
        .innerJoin('warehouses as w', 'w.id', 'r.warehouse_id')
        .select(['r.order_id', 'w.code', 'w.time_zone'])
        .where(
          'r.order_id',
          'in',
          rows.map((r) => r.id),
        )
        .distinct()
        .execute()
    : [];
  return rows.map((r) => ({
    id: r.id,
    externalId: r.external_id,
    storefront: r.storefront,
    status: r.status,
    paidAt: r.paid_at,
    shipBy: r.ship_by as string,
    operationalBy: r.operational_by,
    warehouseId: r.warehouse_id,
    state: dispatchState({ shipBy: r.ship_by as string, shippedAt: null }, now, options.atRiskHours),
    warehouses: where
      .filter((w) => w.order_id === r.id)
      .map((w) => ({ code: w.code, timeZone: w.time_zone })),
  }));
}

export interface RateRow extends LateDispatchRate {
  by: 'storefront' | 'warehouse';
  code: string;
  days: number;
}

/** Late-dispatch rate over the last `days` days, per storefront and per warehouse. */
export async function lateDispatchRates(
  store: Store,
  organizationId: string,
  now: Date,
  days: number,
): Promise<RateRow[]> {
  const from = new Date(now.getTime() - days * 86_400_000).toISOString();
  const rows = await store.db
    .selectFrom('orders as o')
    .innerJoin('storefronts as sf', 'sf.id', 'o.storefront_id')
    .leftJoin('reservations as r', 'r.order_id', 'o.id')
    .leftJoin('warehouses as w', 'w.id', 'r.warehouse_id')
    .select(['o.id', 'sf.code as storefront', 'w.code as warehouse', 'o.ship_by', 'o.shipped_at'])
    .where('o.organization_id', '=', organizationId)
    .where('o.status', 'in', ['reserved', 'awaiting_stock', 'shipped', 'delivered'])
    .where('o.ship_by', '>=', from)
    .where('o.ship_by', '<=', now.toISOString())
    .execute();
  const group = (by: 'storefront' | 'warehouse') => {
    const orders = new Map<string, Map<string, { shipBy: string; shippedAt: string | null }>>();
    for (const r of rows) {
      const code = by === 'storefront' ? r.storefront : r.warehouse;
      if (!code) continue;
      const of = orders.get(code) ?? new Map();
      of.set(r.id, { shipBy: r.ship_by as string, shippedAt: r.shipped_at });
      orders.set(code, of);
    }
    return [...orders].map(([code, of]) => ({ by, code, days, ...lateDispatchRate([...of.values()], now) }));
  };
  return [...group('storefront'), ...group('warehouse')].sort(
    (a, b) => a.by.localeCompare(b.by) || a.code.localeCompare(b.code),
  );
}

export interface StockRow {
  sku: string;
  title: string;
  skuId: string;
  warehouse: string;
  warehouseId: string;
  onHand: number;
  reserved: number;
  available: number;
  inbound: number;
  inboundEta: string | null;
  orderedLast14Days: number;
  daysOfCover: number;
  leadTimeDays: number;
  low: boolean;
}

/** Stock per SKU and warehouse with its pace of sales and days of cover [P14]. */
export async function stockReport(
  store: Store,
  organizationId: string,
  now: Date,
  only: { sku?: string | undefined; warehouse?: string | undefined } = {},
): Promise<StockRow[]> {
  const since = new Date(now.getTime() - SALES_WINDOW_DAYS * 86_400_000).toISOString();
  let levelQuery = store.db
    .selectFrom('stock_levels as l')
    .innerJoin('skus as s', 's.id', 'l.sku_id')
    .innerJoin('warehouses as w', 'w.id', 'l.warehouse_id')
    .select([
      's.sku',
      's.title',
      's.id as sku_id',
      'w.code as warehouse',
      'w.id as warehouse_id',
      'l.on_hand',
      'l.reserved',
      'l.inbound',
      'l.inbound_eta',
    ])
    .select((eb) => eb.fn.coalesce('s.lead_time_days', 'w.lead_time_days').as('lead_time_days'))
    .where('l.organization_id', '=', organizationId)
    .orderBy('s.sku')
    .orderBy('w.code');
  if (only.sku) levelQuery = levelQuery.where('s.sku', '=', only.sku);
  if (only.warehouse) levelQuery = levelQuery.where('w.code', '=', only.warehouse);
  const levels = await levelQuery.execute();
  if (levels.length === 0) return [];
  // The pace of sales: units of orders paid in the window and reserved (or already shipped) here.
  let salesQuery = store.db
    .selectFrom('reservations as r')
    .innerJoin('orders as o', 'o.id', 'r.order_id')
    .select(['r.sku_id', 'r.warehouse_id'])
    .select((eb) => eb.fn.sum<number>('r.quantity').as('units'))
    .where('r.organization_id', '=', organizationId)
    .where('r.status', '!=', 'released')
    .where('o.paid_at', '>=', since)
    .groupBy(['r.sku_id', 'r.warehouse_id']);
  if (only.sku) salesQuery = salesQuery.where('r.sku_id', 'in', [...new Set(levels.map((l) => l.sku_id))]);
  if (only.warehouse)
    salesQuery = salesQuery.where('r.warehouse_id', 'in', [...new Set(levels.map((l) => l.warehouse_id))]);
  const sales = await salesQuery.execute();
  const sold = new Map(sales.map((s) => [`${s.sku_id}|${s.warehouse_id}`, Number(s.units)]));
  return levels.map((l) => {
    const ordered = sold.get(`${l.sku_id}|${l.warehouse_id}`) ?? 0;
    const available = l.on_hand - l.reserved;
    const cover = daysOfCover(available, ordered);
    const lead = Number(l.lead_time_days);
    return {
      sku: l.sku,
      title: l.title,
      skuId: l.sku_id,
      warehouse: l.warehouse,
      warehouseId: l.warehouse_id,
      onHand: l.on_hand,
      reserved: l.reserved,
      available,
      inbound: l.inbound,
      inboundEta: l.inbound_eta,
      orderedLast14Days: ordered,
      daysOfCover: cover,
      leadTimeDays: lead,
      low: cover < lead,
    };
  });
}

/**
 * Opens, updates and resolves the dispatch and low-stock alerts. Safe to run often and from several
 * processes: each condition has at most one open alert (a unique index), and cleared conditions
 * are resolved.
 */
export async function scanAlerts(
  store: Store,
  organizationId: string,
  now: Date,
  atRiskHours = DEFAULT_AT_RISK_HOURS,
) {
  const horizon = new Date(now.getTime() + atRiskHours * 3_600_000);
  const due = await openOrders(store, organizationId, now, {
    dueBefore: horizon,
    limit: 100_000,
    atRiskHours,
  });
  const stock = await stockReport(store, organizationId, now);
  const openAlerts = await store.db
    .selectFrom('alerts')
    .select(['kind', 'subject'])
    .where('organization_id', '=', organizationId)
    .where('state', '!=', 'resolved')
    .where('kind', 'in', ['ship_by_at_risk', 'ship_by_late', 'low_stock'])
    .execute();
  await inTransaction(store, async (trx) => {
    const stillTrue = new Set<string>();
    for (const o of due) {
      const kind = o.state === 'late' ? 'ship_by_late' : 'ship_by_at_risk';
      const subject = `order:${o.id}`;
      stillTrue.add(`${kind}|${subject}`);
      const hours = ((Date.parse(o.shipBy) - now.getTime()) / 3_600_000).toFixed(1);
      await raiseAlert(trx, {
        organizationId,
        kind,
        subject,
        severity: o.state === 'late' ? 'critical' : 'warning',
        message:
          o.state === 'late'
            ? `Order ${o.externalId} (${o.storefront}) is late: it had to ship by ${o.shipBy}`
            : `Order ${o.externalId} (${o.storefront}) must ship within ${hours} h (by ${o.shipBy})`,
        data: {
          orderId: o.id,
          externalId: o.externalId,
          shipBy: o.shipBy,
          warehouses: o.warehouses.map((w) => w.code),
        },
      });
    }
    for (const s of stock.filter((r) => r.low)) {
      const subject = `sku:${s.skuId}:${s.warehouseId}`;
      stillTrue.add(`low_stock|${subject}`);
      await raiseAlert(trx, {
        organizationId,
        kind: 'low_stock',
        subject,
        severity: s.available <= 0 ? 'critical' : 'warning',
        message: `${s.sku} in ${s.warehouse}: ${s.available} available, ${s.daysOfCover.toFixed(1)} days of cover at ${(s.orderedLast14Days / SALES_WINDOW_DAYS).toFixed(1)}/day, below the ${s.leadTimeDays}-day lead time`,
        data: {
          sku: s.sku,
          warehouse: s.warehouse,
          available: s.available,
          daysOfCover: s.daysOfCover,
          leadTimeDays: s.leadTimeDays,
        },
      });
    }
    // A late order is no longer "at risk"; a shipped one is neither; restocked SKUs are not low.
    for (const a of openAlerts) {
      if (!stillTrue.has(`${a.kind}|${a.subject}`))
        await resolveAlert(trx, organizationId, a.kind as 'low_stock', a.subject);
    }
  });
  return { due: due.length, low: stock.filter((r) => r.low).length };
}

export interface PublishedRow {
  storefront: string;
  sku: string;
  available: number;
  buffer: number;
  published: number;
}

/** What each storefront may sell of each SKU now: Σ available over its warehouses less its buffer. */
export async function publishedReport(
  store: Store,
  organizationId: string,
  sku?: string,
): Promise<PublishedRow[]> {
  let q = store.db
    .selectFrom('storefronts as sf')
    .innerJoin('storefront_warehouses as sw', 'sw.storefront_id', 'sf.id')
    .innerJoin('stock_levels as l', 'l.warehouse_id', 'sw.warehouse_id')
    .innerJoin('skus as s', 's.id', 'l.sku_id')
    .select((eb) => [
      'sf.code as storefront',
      's.sku',
      'sf.buffer_units',
      'sf.buffer_percent',
      eb.fn.sum<number>(eb('l.on_hand', '-', eb.ref('l.reserved'))).as('available'),
    ])
    .where('sf.organization_id', '=', organizationId)
    .groupBy(['sf.code', 's.sku', 'sf.buffer_units', 'sf.buffer_percent'])
    .orderBy('s.sku')
    .orderBy('sf.code');
  if (sku) q = q.where('s.sku', '=', sku);
  return (await q.execute()).map((r) => {
    const available = Number(r.available);
    const published = publishedQuantity(available, r.buffer_units, r.buffer_percent);
    return { storefront: r.storefront, sku: r.sku, available, buffer: available - published, published };
  });
}

export async function openOversellAlerts(store: Store, organizationId: string): Promise<number> {
  const row = await store.db
    .selectFrom('alerts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('organization_id', '=', organizationId)
    .where('kind', '=', 'oversell')
    .where('state', '=', 'open')
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The ledger, newest first, with seller SKU, warehouse code and order; `after` is the last id seen. */
export async function listMovements(
  store: Store,
  organizationId: string,
  o: { sku?: string | undefined; warehouse?: string | undefined; after: number | null; limit: number },
) {
  let q = store.db
    .selectFrom('stock_movements as m')
    .innerJoin('skus as s', 's.id', 'm.sku_id')
    .innerJoin('warehouses as w', 'w.id', 'm.warehouse_id')
    .leftJoin('orders as o', 'o.id', 'm.order_id')
    .select([
      'm.id',
      's.sku',
      'w.code as warehouse',
      'm.kind',
      'm.on_hand_delta',
      'm.reserved_delta',
      'm.reason',
      'm.actor',
      'o.external_id',
      'm.created_at',
    ])
    .where('m.organization_id', '=', organizationId)
    .orderBy('m.id', 'desc')
    .limit(o.limit);
  if (o.sku) q = q.where('s.sku', '=', o.sku);
  if (o.warehouse) q = q.where('w.code', '=', o.warehouse);
  if (o.after !== null) q = q.where('m.id', '<', o.after);
  // PostgreSQL returns bigserial ids as strings.
  return (await q.execute()).map((r) => ({ ...r, id: Number(r.id) }));
}
