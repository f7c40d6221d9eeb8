/**
 * A pick list: what to take off the shelves for a set of orders, one line per SKU in each
 * warehouse, with the orders it goes to. Pure: the reserved units in, the grouped list out.
 */

export interface ReservedUnits {
  orderId: string;
  externalId: string;
  storefront: string;
  sku: string;
  title: string;
  warehouse: string;
  quantity: number;
}

export interface PickGroup {
  warehouse: string;
  sku: string;
  title: string;
  totalQuantity: number;
  orders: { orderId: string; externalId: string; storefront: string; quantity: number }[];
}

/**
 * Groups by warehouse, then SKU (a picker walks one warehouse); within a group the orders are in
 * order of their id as the marketplace gives it. An order whose SKU was split over reservation
 * rows of the same warehouse counts once, with the units added up.
 */
export function groupPickList(units: ReservedUnits[]): PickGroup[] {
  const groups = new Map<string, PickGroup>();
  for (const u of units) {
    const key = `${u.warehouse}\u0000${u.sku}`;
    let group = groups.get(key);
    if (!group) {
      group = { warehouse: u.warehouse, sku: u.sku, title: u.title, totalQuantity: 0, orders: [] };
      groups.set(key, group);
    }
    group.totalQuantity += u.quantity;
    const same = group.orders.find((o) => o.orderId === u.orderId);
    if (same) same.quantity += u.quantity;
    else
      group.orders.push({
        orderId: u.orderId,
        externalId: u.externalId,
        storefront: u.storefront,
        quantity: u.quantity,
      });
  }
  const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...groups.values()]
    .map((g) => ({ ...g, orders: g.orders.sort((a, b) => byText(a.externalId, b.externalId)) }))
    .sort((a, b) => byText(a.warehouse, b.warehouse) || byText(a.sku, b.sku));
}
