import { raiseAlert, resolveAlert } from './alerts.ts';
import type { Tx } from './transaction.ts';

/**
 * Oversell alerts: one per (SKU, storefront), not one per order (DESIGN.md). It is open while at
 * least one order of that storefront waits for that SKU — the SKU is in the order's shortfall, or
 * the order waits only because its storefront does not split orders — says how many orders wait
 * and how many units they lack, and resolves itself in the transaction in which the last of them
 * is reserved or cancelled.
 *
 * Units short = what those orders want of the SKU − what the storefront's warehouses have
 * available of it (never below 0); 0 when the units exist but only across several warehouses.
 */

export interface OversellPair {
  organizationId: string;
  storefrontId: string;
  skuId: string;
}

export const oversellSubject = (storefrontId: string, skuId: string) => `oversell:${storefrontId}:${skuId}`;

/** Brings the alerts of these pairs up to date; alert rows are written in subject order. */
export async function refreshOversell(trx: Tx, pairs: readonly OversellPair[]): Promise<void> {
  const sorted = [...pairs].sort((a, b) => {
    const x = oversellSubject(a.storefrontId, a.skuId);
    const y = oversellSubject(b.storefrontId, b.skuId);
    return x < y ? -1 : x > y ? 1 : 0;
  });
  for (const p of sorted) await refreshOne(trx, p);
}

async function refreshOne(trx: Tx, p: OversellPair): Promise<void> {
  const subject = oversellSubject(p.storefrontId, p.skuId);
  // One statement for all it reads (the waiting orders, the stock, the names, the last figure
  // published): it runs with the order's level rows locked, so every round trip here is a wait
  // for the next order of a hot SKU.
  const waiting = trx
    .selectFrom('orders as o')
    .innerJoin('order_lines as l', 'l.order_id', 'o.id')
    .select((eb) => [
      eb.fn.count<number>('o.id').distinct().as('orders'),
      eb.fn.coalesce(eb.fn.sum<number>('l.quantity'), eb.lit(0)).as('wanted'),
    ])
    .where('o.organization_id', '=', p.organizationId)
    .where('o.status', '=', 'awaiting_stock')
    .where('o.storefront_id', '=', p.storefrontId)
    .where('l.sku_id', '=', p.skuId)
    // The waiting reason is JSON written by reserving.ts (JSON.stringify, no spaces).
    .where((eb) =>
      eb.or([
        eb('o.waiting_reason', 'like', `%"skuId":"${p.skuId}"%`),
        eb('o.waiting_reason', 'like', '%"splitWouldFill":true%'),
      ]),
    );
  const figures = await trx
    .selectFrom(waiting.as('w'))
    .leftJoin('skus as s', (join) => join.on('s.id', '=', p.skuId))
    .leftJoin('storefronts as sf', (join) =>
      join.on('sf.id', '=', p.storefrontId).onRef('sf.organization_id', '=', 's.organization_id'),
    )
    .select(['w.orders', 'w.wanted', 's.sku', 'sf.code', 'sf.name'])
    .select((eb) => [
      eb
        .selectFrom('storefront_warehouses as sw')
        .innerJoin('stock_levels as sl', 'sl.warehouse_id', 'sw.warehouse_id')
        .select((sub) =>
          sub.fn
            .coalesce(sub.fn.sum<number>(sub('sl.on_hand', '-', sub.ref('sl.reserved'))), sub.lit(0))
            .as('a'),
        )
        .where('sl.organization_id', '=', p.organizationId)
        .where('sw.storefront_id', '=', p.storefrontId)
        .where('sl.sku_id', '=', p.skuId)
        .as('available'),
      // What the storefront had last been told it could sell: the number that let buyers order.
      eb
        .selectFrom('published_quantities as pq')
        .select('pq.quantity')
        .where('pq.storefront_id', '=', p.storefrontId)
        .where('pq.sku_id', '=', p.skuId)
        .orderBy('pq.id', 'desc')
        .limit(1)
        .as('published'),
    ])
    .executeTakeFirstOrThrow();
  const orders = Number(figures.orders);
  if (orders === 0) {
    await resolveAlert(trx, p.organizationId, 'oversell', subject);
    return;
  }
  if (figures.sku === null || figures.code === null)
    throw new Error(`no SKU ${p.skuId} on storefront ${p.storefrontId}`);
  const unitsShort = Math.max(0, Number(figures.wanted) - Number(figures.available ?? 0));
  const why =
    unitsShort > 0
      ? `${unitsShort} ${unitsShort === 1 ? 'unit' : 'units'} short`
      : 'no units short (stock is split across warehouses, or another SKU of the orders is short)';
  const published = figures.published === null ? null : Number(figures.published);
  await raiseAlert(trx, {
    organizationId: p.organizationId,
    kind: 'oversell',
    subject,
    severity: 'critical',
    message: `${figures.sku} on ${figures.name} (${figures.code}): ${orders} ${orders === 1 ? 'order waits' : 'orders wait'} for stock, ${why}; last published ${published ?? 'never'}`,
    data: { sku: figures.sku, skuId: p.skuId, storefront: figures.code, orders, unitsShort, published },
  });
}
