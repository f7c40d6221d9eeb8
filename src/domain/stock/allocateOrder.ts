/**
 * Which warehouse ships which units of an order: a pure decision over a stock snapshot. The store
 * then executes the plan with guarded statements that re-check every number atomically, so a stale
 * snapshot can make a plan fail, never oversell.
 *
 * The algorithm: demand is summed per SKU (two lines of one SKU are one demand). A single warehouse
 * that can fill the whole order is preferred, in the storefront's priority order, because one parcel
 * ships faster and cheaper than two. Only if none can, and the storefront allows split orders, each
 * SKU is taken greedily from the warehouses in priority order. Otherwise the order cannot be filled,
 * and the shortfall per SKU says by how much.
 */

export interface OrderDemand {
  skuId: string;
  quantity: number;
}

export interface WarehouseStock {
  warehouseId: string;
  /** Available units (on hand − reserved) per SKU id. */
  available: ReadonlyMap<string, number>;
}

export interface Pick {
  skuId: string;
  warehouseId: string;
  quantity: number;
}

export interface Shortfall {
  skuId: string;
  wanted: number;
  available: number;
}

export type Allocation =
  | { ok: true; picks: Pick[] }
  | { ok: false; shortfalls: Shortfall[]; splitWouldFill: boolean };

/** Sums demand per SKU, keeping the order of first appearance. */
export function sumDemand(lines: readonly OrderDemand[]): OrderDemand[] {
  const total = new Map<string, number>();
  for (const l of lines) total.set(l.skuId, (total.get(l.skuId) ?? 0) + l.quantity);
  return [...total].map(([skuId, quantity]) => ({ skuId, quantity }));
}

export function allocateOrder(
  lines: readonly OrderDemand[],
  warehousesByPriority: readonly WarehouseStock[],
  allowSplit: boolean,
): Allocation {
  const demand = sumDemand(lines);
  const availableIn = (w: WarehouseStock, skuId: string) => Math.max(0, w.available.get(skuId) ?? 0);

  const whole = warehousesByPriority.find((w) => demand.every((d) => availableIn(w, d.skuId) >= d.quantity));
  if (whole) {
    return {
      ok: true,
      picks: demand.map((d) => ({ skuId: d.skuId, warehouseId: whole.warehouseId, quantity: d.quantity })),
    };
  }

  const shortfalls: Shortfall[] = [];
  const picks: Pick[] = [];
  for (const d of demand) {
    let left = d.quantity;
    for (const w of warehousesByPriority) {
      const take = Math.min(left, availableIn(w, d.skuId));
      if (take > 0) picks.push({ skuId: d.skuId, warehouseId: w.warehouseId, quantity: take });
      left -= take;
      if (left === 0) break;
    }
    if (left > 0) shortfalls.push({ skuId: d.skuId, wanted: d.quantity, available: d.quantity - left });
  }
  if (shortfalls.length === 0 && allowSplit) return { ok: true, picks };
  return { ok: false, shortfalls, splitWouldFill: shortfalls.length === 0 };
}
