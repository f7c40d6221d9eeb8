import type { Store } from '../store/openDatabase.ts';
import { returnItems } from '../store/reservations.ts';
import { orderWarehouse, shippedFrom } from '../store/shipments.ts';
import { skuId, warehouseId } from './lookups.ts';
import { Refused } from './refused.ts';

/**
 * Units of a shipped order that came back: on hand again (`restock`) or recorded and written off
 * (damaged). The guards are the return path's own (the order shipped; no more comes back than
 * left). The units go back to the warehouse they shipped from unless another is named.
 *
 * The command line calls this; the order-actions service that also serves
 * `POST /orders/:id/returns` is meant to take its place under the same name.
 */
export async function returnOrderItems(
  store: Store,
  r: {
    organizationId: string;
    orderId: string;
    /** The marketplace order id, for the refusal's words. */
    externalId: string;
    sku: string;
    quantity: number;
    restock: boolean;
    warehouse?: string | undefined;
    actor: string;
  },
): Promise<{ warehouse: string }> {
  const sku = await skuId(store, r.organizationId, r.sku);
  let warehouse: string;
  if (r.warehouse) warehouse = await warehouseId(store, r.organizationId, r.warehouse);
  else {
    const from = await shippedFrom(store, r.orderId, sku);
    if (from.length > 1)
      throw new Refused('usage', {
        key: 'return_which_warehouse',
        params: { order: r.externalId, sku: r.sku },
      });
    // Nothing of this SKU shipped: the return path refuses it; its queue warehouse stands in.
    const only = from[0] ?? (await orderWarehouse(store, r.orderId));
    if (!only)
      throw new Refused('refused', { key: 'nothing_shipped', params: { order: r.externalId, sku: r.sku } });
    warehouse = only;
  }
  await returnItems(store, {
    orderId: r.orderId,
    skuId: sku,
    sku: r.sku,
    warehouseId: warehouse,
    quantity: r.quantity,
    sellable: r.restock,
    actor: r.actor,
  });
  return { warehouse };
}
