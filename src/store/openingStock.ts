import type { Store } from './openDatabase.ts';
import { inTransaction, now } from './transaction.ts';

/**
 * Opening stock for SKUs that have none yet (a new seller moving in, a benchmark's 200,000 SKUs):
 * one receipt per (SKU, warehouse) written to the ledger and its level in multi-row statements,
 * a few hundred rows per statement. Only for levels that do not exist: a SKU with a level, orders
 * or waiting orders goes through the ledger's receive (stockLedger.ts), which settles them.
 */
export async function receiveOpeningStock(
  store: Store,
  o: {
    organizationId: string;
    warehouseId: string;
    actor: string;
    items: { skuId: string; quantity: number }[];
  },
): Promise<void> {
  const CHUNK = 500;
  await inTransaction(store, async (trx) => {
    for (let i = 0; i < o.items.length; i += CHUNK) {
      const chunk = o.items.slice(i, i + CHUNK);
      const at = now();
      await trx
        .insertInto('stock_levels')
        .values(
          chunk.map((x) => ({
            organization_id: o.organizationId,
            sku_id: x.skuId,
            warehouse_id: o.warehouseId,
            on_hand: x.quantity,
            reserved: 0,
            inbound: 0,
            inbound_eta: null,
            updated_at: at,
          })),
        )
        .execute();
      await trx
        .insertInto('stock_movements')
        .values(
          chunk.map((x) => ({
            organization_id: o.organizationId,
            sku_id: x.skuId,
            warehouse_id: o.warehouseId,
            kind: 'receive' as const,
            on_hand_delta: x.quantity,
            reserved_delta: 0,
            reason: 'opening stock',
            actor: o.actor,
            order_id: null,
            idempotency_key: `opening:${x.skuId}:${o.warehouseId}`,
            created_at: at,
          })),
        )
        .execute();
    }
  });
}
