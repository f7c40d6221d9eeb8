import type { Store } from '../store/openDatabase.ts';
import { orderExists } from '../store/orderQueries.ts';
import type { ReserveOutcome } from '../store/reserving.ts';
import { cancelOrder as cancelInStore, returnItems } from '../store/settling.ts';
import { retryWaitingOrder } from '../store/waitingOrders.ts';
import { NotFound, skuId, warehouseId } from './lookups.ts';

/**
 * What an operator does to one order, one function per use case for the API and the CLI. Each
 * checks that the order is the organization's, then changes it and writes its audit row in one
 * transaction.
 */

async function own(store: Store, org: string, id: string): Promise<void> {
  if (!(await orderExists(store, org, id))) throw new NotFound(`no order ${id}`);
}

/**
 * Reserve a waiting order now, from its storefront's warehouses in priority order, or from one
 * warehouse (by code): first, when the storefront splits orders; only, when it does not.
 */
export async function retryOrder(
  store: Store,
  org: string,
  id: string,
  o: { warehouse?: string | undefined; actor: string },
): Promise<ReserveOutcome> {
  await own(store, org, id);
  const fromWarehouse = o.warehouse ? await warehouseId(store, org, o.warehouse) : undefined;
  return retryWaitingOrder(store, id, {
    fromWarehouse,
    actor: o.actor,
    audit: {
      organizationId: org,
      actor: o.actor,
      action: 'order.retry',
      subject: `order:${id}`,
      data: { warehouse: o.warehouse ?? null },
    },
  });
}

/** Cancel an order: a reserved one releases its units (to the orders waiting for them), a waiting one nothing. */
export async function cancelOrder(
  store: Store,
  org: string,
  id: string,
  o: { reason: string; actor: string },
): Promise<'cancelled' | 'already_cancelled'> {
  await own(store, org, id);
  return cancelInStore(store, id, o.actor, o.reason, {
    audit: {
      organizationId: org,
      actor: o.actor,
      action: 'order.cancel',
      subject: `order:${id}`,
      data: { reason: o.reason },
    },
  });
}

/**
 * A return of shipped units of one SKU: restocked (sellable: back on hand, and offered to the
 * orders waiting for it) or written off as damaged. They come back to `warehouse` (a code), or to
 * the warehouse that shipped most of them.
 */
export async function returnOrderItems(
  store: Store,
  org: string,
  id: string,
  o: {
    sku: string;
    quantity: number;
    restock: boolean;
    warehouse?: string | undefined;
    actor: string;
    idempotencyKey?: string | undefined;
  },
): Promise<{ warehouseId: string }> {
  await own(store, org, id);
  const sku = await skuId(store, org, o.sku);
  const warehouse = o.warehouse ? await warehouseId(store, org, o.warehouse) : undefined;
  return returnItems(
    store,
    {
      orderId: id,
      skuId: sku,
      sku: o.sku,
      warehouseId: warehouse,
      quantity: o.quantity,
      sellable: o.restock,
      actor: o.actor,
      idempotencyKey: o.idempotencyKey,
    },
    {
      audit: {
        organizationId: org,
        actor: o.actor,
        action: 'order.return',
        subject: `order:${id}`,
        data: { sku: o.sku, quantity: o.quantity, restock: o.restock, warehouse: o.warehouse ?? null },
      },
    },
  );
}
