import { groupPickList, type PickGroup } from '../domain/dispatch/pickList.ts';
import type { Store } from '../store/openDatabase.ts';
import { pickListSources } from '../store/pickList.ts';

/** Order ids one pick list takes at most: a day's queue of a busy warehouse, several pages of it. */
export const PICK_LIST_MAX_ORDERS = 1000;

export type LeftOutReason =
  | 'awaiting_stock'
  | 'shipped'
  | 'delivered'
  | 'cancelled'
  | 'pending'
  | 'not_found';

export interface PickList {
  generatedAt: string;
  groups: PickGroup[];
  /** Orders on the list, and the units to pick for them. */
  orders: number;
  units: number;
  /** Orders asked for that have nothing to pick, and why (an order waiting for stock has no units yet). */
  leftOut: { id: string; externalId: string | null; storefront: string | null; reason: LeftOutReason }[];
}

/**
 * The pick list for a selection of the queue: the reserved units of the organization's open
 * orders, by warehouse and SKU. The dashboard prints it; the CSV is made from the same list.
 * Bins: Puente records no shelf location for a stock level, so the list has none to show.
 */
export async function pickList(store: Store, organizationId: string, orderIds: string[], now = new Date()) {
  const ids = [...new Set(orderIds)];
  const { orders, units } = await pickListSources(store, organizationId, ids);
  const byId = new Map(orders.map((o) => [o.id, o]));
  const picked = new Set(units.map((u) => u.orderId));
  const leftOut: PickList['leftOut'] = ids
    .filter((id) => !picked.has(id))
    .map((id) => {
      const o = byId.get(id);
      // A reserved order always holds its units; one without is reported, never silently dropped.
      const reason = (o ? (o.status === 'reserved' ? 'not_found' : o.status) : 'not_found') as LeftOutReason;
      return { id, externalId: o?.externalId ?? null, storefront: o?.storefront ?? null, reason };
    });
  const list: PickList = {
    generatedAt: now.toISOString(),
    groups: groupPickList(units),
    orders: picked.size,
    units: units.reduce((n, u) => n + u.quantity, 0),
    leftOut,
  };
  return list;
}
