import { raiseAlert, resolveAlert } from './alerts.ts';
import { lastPublished } from './publish.ts';
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
  const waiting = await trx
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
    )
    .executeTakeFirstOrThrow();
  const orders = Number(waiting.orders);
  if (orders === 0) {
    await resolveAlert(trx, p.organizationId, 'oversell', subject);
    return;
  }
  const stock = await trx
    .selectFrom('storefront_warehouses as sw')
    .innerJoin('stock_levels as sl', 'sl.warehouse_id', 'sw.warehouse_id')
    .select((eb) =>
      eb.fn
        .coalesce(eb.fn.sum<number>(eb('sl.on_hand', '-', eb.ref('sl.reserved'))), eb.lit(0))
        .as('available'),
    )
    .where('sl.organization_id', '=', p.organizationId)
    .where('sw.storefront_id', '=', p.storefrontId)
    .where('sl.sku_id', '=', p.skuId)
    .executeTakeFirstOrThrow();
  const names = await trx
    .selectFrom('skus as s')
    .innerJoin('storefronts as sf', 'sf.organization_id', 's.organization_id')
    .select(['s.sku', 'sf.code', 'sf.name'])
    .where('s.id', '=', p.skuId)
    .where('sf.id', '=', p.storefrontId)
    .executeTakeFirstOrThrow();
  const unitsShort = Math.max(0, Number(waiting.wanted) - Number(stock.available));
  const why =
    unitsShort > 0
      ? `${unitsShort} ${unitsShort === 1 ? 'unit' : 'units'} short`
      : 'no units short (stock is split across warehouses, or another SKU of the orders is short)';
  // What the storefront had last been told it could sell: the number that let buyers order.
  const published = (await lastPublished(trx, p.storefrontId, p.skuId)) ?? null;
  await raiseAlert(trx, {
    organizationId: p.organizationId,
    kind: 'oversell',
    subject,
    severity: 'critical',
    message: `${names.sku} on ${names.name} (${names.code}): ${orders} ${orders === 1 ? 'order waits' : 'orders wait'} for stock, ${why}; last published ${published ?? 'never'}`,
    data: { sku: names.sku, skuId: p.skuId, storefront: names.code, orders, unitsShort, published },
  });
}
