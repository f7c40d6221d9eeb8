import type { Kysely, Selectable } from 'kysely';
import { contains, olderThan } from './listFilters.ts';
import type { Store } from './openDatabase.ts';
import type { Database, OrderStatus } from './schema.ts';
import { type TrackingState, trackingStates } from './tiktokTracking.ts';

/** Orders as the API shows them: with lines, seller SKUs and the warehouses they ship from. */

export interface OrderDetail {
  id: string;
  externalId: string;
  storefront: string;
  status: OrderStatus;
  currency: string;
  totalMinor: number;
  paidAt: string;
  shipBy: string | null;
  shippedAt: string | null;
  carrier: string | null;
  tracking: string | null;
  waitingReason: string | null;
  lines: { sku: string; quantity: number; unitPriceMinor: number }[];
  warehouses: { code: string; timeZone: string }[];
  /** The tracking sent to TikTok Shop for it: pending, sent, or refused with TikTok's reason; null when none. */
  tiktokTracking: TrackingState | null;
}

/** The organization's orders with these ids (one order, after an action), in the order of `ids`. */
export async function ordersById(
  store: Store,
  organizationId: string,
  ids: string[],
): Promise<OrderDetail[]> {
  if (ids.length === 0) return [];
  const [orders, lines, where] = await Promise.all([
    store.db
      .selectFrom('orders as o')
      .innerJoin('storefronts as sf', 'sf.id', 'o.storefront_id')
      .selectAll('o')
      .select('sf.code as storefront')
      .where('o.organization_id', '=', organizationId)
      .where('o.id', 'in', ids)
      .execute(),
    store.db
      .selectFrom('order_lines as l')
      .innerJoin('skus as s', 's.id', 'l.sku_id')
      .select(['l.order_id', 's.sku', 'l.quantity', 'l.unit_price_minor'])
      .where('l.order_id', 'in', ids)
      .orderBy('l.line_no')
      .execute(),
    store.db
      .selectFrom('reservations as r')
      .innerJoin('warehouses as w', 'w.id', 'r.warehouse_id')
      .select(['r.order_id', 'w.code', 'w.time_zone'])
      .where('r.order_id', 'in', ids)
      .distinct()
      .execute(),
  ]);
  const byId = new Map(orders.map((o) => [o.id, o]));
  const tracking = await trackingStates(
    store,
    orders.map((o) => o.id),
  );
  return ids.flatMap((id) => {
    const o = byId.get(id);
    return o ? [toDetail(o, lines, where, tracking)] : [];
  });
}

type OrderRow = Selectable<Database['orders']> & { storefront: string };

function toDetail(
  o: OrderRow,
  lines: { order_id: string; sku: string; quantity: number; unit_price_minor: number }[],
  where: { order_id: string; code: string; time_zone: string }[],
  tracking: Map<string, TrackingState>,
): OrderDetail {
  return {
    id: o.id,
    externalId: o.external_id,
    storefront: o.storefront,
    status: o.status,
    currency: o.currency,
    totalMinor: Number(o.total_minor),
    paidAt: o.paid_at,
    shipBy: o.ship_by,
    shippedAt: o.shipped_at,
    carrier: o.carrier,
    tracking: o.tracking,
    waitingReason: o.waiting_reason,
    lines: lines
      .filter((l) => l.order_id === o.id)
      .map((l) => ({ sku: l.sku, quantity: l.quantity, unitPriceMinor: Number(l.unit_price_minor) })),
    warehouses: byCode(
      where.filter((w) => w.order_id === o.id).map((w) => ({ code: w.code, timeZone: w.time_zone })),
    ),
    tiktokTracking: tracking.get(o.id) ?? null,
  };
}

/**
 * An order's warehouses by code (compared as code points): the same list on both engines, whose
 * DISTINCT returns rows in no set order, and as services/orderIntake.ts answers a new order.
 */
export function byCode<W extends { code: string }>(warehouses: W[]): W[] {
  return warehouses.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

export interface OrderListFilter {
  status?: OrderStatus | undefined;
  storefront?: string | undefined;
  search?: string | undefined;
  /** The (paid_at, id) of the last order seen. */
  after: [string, string] | null;
  limit: number;
}

/**
 * One page of orders, newest payment first: a walk of `orders_paid` (organization, paid_at, id)
 * backwards. Exported so that the plan test checks this query.
 */
export function orderListQuery(db: Kysely<Database>, organizationId: string, o: OrderListFilter) {
  let q = db
    .selectFrom('orders as o')
    .innerJoin('storefronts as sf', 'sf.id', 'o.storefront_id')
    .selectAll('o')
    .select('sf.code as storefront')
    .where('o.organization_id', '=', organizationId)
    .orderBy('o.paid_at', 'desc')
    .orderBy('o.id', 'desc')
    .limit(o.limit);
  if (o.status) q = q.where('o.status', '=', o.status);
  if (o.storefront) q = q.where('sf.code', '=', o.storefront);
  const search = o.search;
  if (search) q = q.where(contains('o.external_id', search));
  if (o.after) q = q.where(olderThan('o.paid_at', 'o.id', o.after));
  return q;
}

/**
 * A page of orders with their lines and warehouses. The lines and reservations are fetched with
 * the page query as their subquery: no list of ids is bound, whatever the page size.
 */
export async function ordersPage(
  store: Store,
  organizationId: string,
  o: OrderListFilter,
): Promise<OrderDetail[]> {
  const pageIds = () => orderListQuery(store.db, organizationId, o).clearSelect().select('o.id');
  const [orders, lines, where] = await Promise.all([
    orderListQuery(store.db, organizationId, o).execute(),
    store.db
      .selectFrom('order_lines as l')
      .innerJoin('skus as s', 's.id', 'l.sku_id')
      .select(['l.order_id', 's.sku', 'l.quantity', 'l.unit_price_minor'])
      .where('l.order_id', 'in', pageIds())
      .orderBy('l.order_id')
      .orderBy('l.line_no')
      .execute(),
    store.db
      .selectFrom('reservations as r')
      .innerJoin('warehouses as w', 'w.id', 'r.warehouse_id')
      .select(['r.order_id', 'w.code', 'w.time_zone'])
      .where('r.order_id', 'in', pageIds())
      .distinct()
      .execute(),
  ]);
  const tracking = await trackingStates(
    store,
    orders.map((o) => o.id),
  );
  return orders.map((row) => toDetail(row, lines, where, tracking));
}

/** Whether the order exists in the organization: ids from a request are checked before acting. */
export async function orderExists(store: Store, organizationId: string, id: string): Promise<boolean> {
  const row = await store.db
    .selectFrom('orders')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Boolean(row);
}

/** Per SKU of a shipped order: how many units it shipped, how many came back, how many still can. */
export interface Returnable {
  sku: string;
  shipped: number;
  returned: number;
  left: number;
}

/**
 * What of one order can still come back, by the same count the return itself checks (settling.ts):
 * units shipped are its consumed reservations, units returned its `return` movements of that SKU.
 */
export async function returnableUnits(
  store: Store,
  organizationId: string,
  orderId: string,
): Promise<Returnable[]> {
  const [shipped, returned] = await Promise.all([
    store.db
      .selectFrom('reservations as r')
      .innerJoin('skus as s', 's.id', 'r.sku_id')
      .select(['s.sku', 'r.sku_id'])
      .select((eb) => eb.fn.sum<number>('r.quantity').as('units'))
      .where('r.order_id', '=', orderId)
      .where('r.status', '=', 'consumed')
      .where('s.organization_id', '=', organizationId)
      .groupBy(['s.sku', 'r.sku_id'])
      .orderBy('s.sku')
      .execute(),
    // By SKU through stock_movements_by_sku: the SKUs are the order's, the movements its returns.
    store.db
      .selectFrom('stock_movements as m')
      .select(['m.sku_id'])
      .select((eb) => eb.fn.sum<number>('m.on_hand_delta').as('units'))
      .where('m.organization_id', '=', organizationId)
      .where('m.sku_id', 'in', (eb) =>
        eb.selectFrom('order_lines').select('sku_id').where('order_id', '=', orderId),
      )
      .where('m.order_id', '=', orderId)
      .where('m.kind', '=', 'return')
      .groupBy('m.sku_id')
      .execute(),
  ]);
  const back = new Map(returned.map((r) => [r.sku_id, Number(r.units)]));
  return shipped.map((s) => {
    const units = Number(s.units);
    const came = back.get(s.sku_id) ?? 0;
    return { sku: s.sku, shipped: units, returned: came, left: Math.max(0, units - came) };
  });
}
