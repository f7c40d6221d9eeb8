import type { Store } from './openDatabase.ts';

/** The warehouses an order's shipped units of one SKU left from (its consumed reservations). */
export async function shippedFrom(store: Store, orderId: string, skuId: string): Promise<string[]> {
  const rows = await store.db
    .selectFrom('reservations')
    .select('warehouse_id')
    .distinct()
    .where('order_id', '=', orderId)
    .where('sku_id', '=', skuId)
    .where('status', '=', 'consumed')
    .orderBy('warehouse_id')
    .execute();
  return rows.map((r) => r.warehouse_id);
}

/** The warehouse whose queue the order is in (set when it was reserved or began to wait). */
export async function orderWarehouse(store: Store, orderId: string): Promise<string | null> {
  const row = await store.db
    .selectFrom('orders')
    .select('warehouse_id')
    .where('id', '=', orderId)
    .executeTakeFirst();
  return row?.warehouse_id ?? null;
}
