import type { ReservedUnits } from '../domain/dispatch/pickList.ts';
import type { Store } from './openDatabase.ts';

/**
 * What a pick list is made of: the orders asked for (only the organization's) and the units their
 * active reservations hold, per SKU and warehouse. Only a reserved order has units to pick.
 */
export async function pickListSources(
  store: Store,
  organizationId: string,
  orderIds: string[],
): Promise<{
  orders: { id: string; externalId: string; storefront: string; status: string }[];
  units: ReservedUnits[];
}> {
  if (orderIds.length === 0) return { orders: [], units: [] };
  const [orders, units] = await Promise.all([
    store.db
      .selectFrom('orders as o')
      .innerJoin('storefronts as sf', 'sf.id', 'o.storefront_id')
      .select(['o.id', 'o.external_id as externalId', 'sf.code as storefront', 'o.status'])
      .where('o.organization_id', '=', organizationId)
      .where('o.id', 'in', orderIds)
      .execute(),
    store.db
      .selectFrom('reservations as r')
      .innerJoin('orders as o', 'o.id', 'r.order_id')
      .innerJoin('storefronts as sf', 'sf.id', 'o.storefront_id')
      .innerJoin('skus as s', 's.id', 'r.sku_id')
      .innerJoin('warehouses as w', 'w.id', 'r.warehouse_id')
      .select([
        'r.order_id as orderId',
        'o.external_id as externalId',
        'sf.code as storefront',
        's.sku',
        's.title',
        'w.code as warehouse',
        'r.quantity',
      ])
      .where('r.organization_id', '=', organizationId)
      .where('r.order_id', 'in', orderIds)
      .where('r.status', '=', 'active')
      .where('o.status', '=', 'reserved')
      .execute(),
  ]);
  return { orders, units: units.map((u) => ({ ...u, quantity: Number(u.quantity) })) };
}
