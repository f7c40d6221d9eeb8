import type { PlanningDrift } from '../services/planningRollups.ts';

/** `puente verify`'s rows for the planning roll-ups, in the shape of its count rows. */
export function planningRows(d: PlanningDrift): Record<string, string>[] {
  return [
    ...d.demandDays.map((x) => ({
      projection: 'demand_days',
      key: x.key,
      stored: `${x.stored} units`,
      counted: `${x.counted} units`,
    })),
    ...d.stockOuts.map((x) => ({
      projection: 'stock_outs',
      key: `${x.skuId} ${x.storefrontId}`,
      stored: x.startedAt ? `${x.problem}: since ${x.startedAt}` : x.problem,
      counted: x.published === null ? 'nothing published' : `published ${x.published} at ${x.publishedAt}`,
    })),
  ];
}
