import { publishedQuantity } from '../domain/stock/publishedQuantity.ts';
import type { Store } from './openDatabase.ts';

/**
 * The dispatch monitor and the low-stock watch [P14][P15]. The board, its figures, the alert scan
 * and the stock report live in their own files, each a keyset page or an SQL aggregate over one
 * index; this file keeps what storefronts may publish and the ledger list, and re-exports the rest
 * for the callers that know them by this name.
 */

export { scanAlerts } from './alertScan.ts';
export { type BoardRow, boardPage } from './dispatchBoard.ts';
export { lateDispatchRates, openOversellAlerts, type RateRow } from './dispatchFigures.ts';
export { type StockRow, stockPage, stockReport } from './stockReport.ts';

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
    .where('l.organization_id', '=', organizationId)
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
