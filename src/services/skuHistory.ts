import type { SkuClass } from '../domain/planning/planningConfig.ts';
import { type InboundDay, inboundByDay, type StockDay, stockByDay } from '../domain/planning/stockHistory.ts';
import type { Store } from '../store/openDatabase.ts';
import { inboundLinesOf, levelsOf, movementDays, skuIdOf } from '../store/skuHistory.ts';
import { planRestock } from './restockPlan.ts';

/**
 * A SKU over the planning history, for the Planning page's chart: daily demand (censored days
 * marked), and per warehouse its closing stock each day (walked back from the ledger), inbound units
 * by expected date, and the reorder point and suggestion now. Days are UTC days, as the demand
 * roll-up's are; `zone` says so for the page to name it.
 */
export interface SkuHistory {
  sku: string;
  class: SkuClass;
  zone: 'UTC';
  days: { date: string; units: number; censored: boolean }[];
  warehouses: {
    warehouse: string;
    onHand: number;
    inbound: number;
    reorderPoint: number;
    suggestedQuantity: number;
    stock: StockDay[];
    inboundDays: InboundDay[];
  }[];
}

export async function skuHistory(
  store: Store,
  org: string,
  sku: string,
  now: Date,
): Promise<SkuHistory | null> {
  const skuId = await skuIdOf(store.db, org, sku);
  if (!skuId) return null;
  // This SKU's plan alone: its class, pace and reorder points do not depend on other SKUs.
  const plan = await planRestock(store, org, now, { skuIds: [skuId] });
  const view = plan.skus.find((s) => s.skuId === skuId);
  if (!view) return null;
  const days = view.series.map((d) => d.date);
  const from = days[0] ?? plan.asOf;
  const [moves, lines, levels] = await Promise.all([
    movementDays(store.db, org, view.skuId, from),
    inboundLinesOf(store.db, org, view.skuId, from),
    levelsOf(store.db, org, view.skuId),
  ]);
  const planLine = new Map(plan.lines.filter((l) => l.skuId === view.skuId).map((l) => [l.warehouseId, l]));
  // Every warehouse that holds it, and any the plan has it served from without a level yet.
  const all = [
    ...levels,
    ...[...planLine.values()]
      .filter((l) => !levels.some((x) => x.warehouseId === l.warehouseId))
      .map((l) => ({
        warehouseId: l.warehouseId,
        warehouse: l.warehouse,
        onHand: 0,
        reserved: 0,
        inbound: 0,
        inboundEta: null,
      })),
  ];
  return {
    sku: view.sku,
    class: view.class,
    zone: 'UTC',
    days: view.series.map((d) => ({ date: d.date, units: d.units, censored: !d.inStock })),
    warehouses: all.map((level) => {
      const byDay = new Map(
        moves
          .filter((m) => m.warehouseId === level.warehouseId)
          .map((m) => [m.day, { onHand: m.onHand, reserved: m.reserved }]),
      );
      const line = planLine.get(level.warehouseId);
      return {
        warehouse: level.warehouse,
        onHand: line?.onHand ?? level.onHand - level.reserved,
        inbound: level.inbound,
        reorderPoint: line?.reorderPoint ?? 0,
        suggestedQuantity: line?.suggestedQuantity ?? 0,
        stock: stockByDay(days, level, byDay),
        inboundDays: inboundByDay(
          lines.filter((l) => l.warehouseId === level.warehouseId),
          level,
        ),
      };
    }),
  };
}
