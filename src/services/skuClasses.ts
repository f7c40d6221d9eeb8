import { addDays } from '../domain/planning/calendarDays.ts';
import { classFromHistory } from '../domain/planning/classFromHistory.ts';
import { daysFrom, outDays } from '../domain/planning/dailySeries.ts';
import type { PlanningConfig, SkuClass } from '../domain/planning/planningConfig.ts';
import type { Store } from '../store/openDatabase.ts';
import { classInputs } from '../store/planningInputs.ts';
import { loadPlanningConfig } from './loadConfig.ts';
import { HISTORY_DAYS } from './restockPlan.ts';

/**
 * The class (core or test [P13]) of some SKUs, for pages that show a SKU's class beside it: reads
 * only those SKUs' rows of the demand roll-up and their stock-outs, over the same history and with
 * the same function (classFromHistory) as the restock plan, so the class is the plan's — without
 * running the plan (levels, hits, suggestions) for every SKU.
 */
export interface SkuClassLine {
  sku: string;
  class: SkuClass;
  pinned: boolean;
}

export async function skuClassesOf(
  store: Store,
  org: string,
  skuCodes: readonly string[],
  now: Date,
  config?: PlanningConfig,
): Promise<SkuClassLine[]> {
  const rules = (config ?? (await loadPlanningConfig())).classes.core;
  const nowIso = now.toISOString();
  const today = nowIso.slice(0, 10);
  const from = addDays(today, -(HISTORY_DAYS - 1));
  const days = daysFrom(from, today);
  const inputs = await classInputs(store.db, org, [...new Set(skuCodes)], from);
  const units = new Map<string, Map<string, number>>();
  for (const d of inputs.demand) {
    const m = units.get(d.skuId) ?? new Map<string, number>();
    m.set(d.day, (m.get(d.day) ?? 0) + d.units);
    units.set(d.skuId, m);
  }
  const intervals = new Map<string, { start: string; end: string | null }[]>();
  for (const o of inputs.stockOuts) {
    const k = `${o.skuId}|${o.storefrontId}`;
    intervals.set(k, [...(intervals.get(k) ?? []), { start: o.startedAt, end: o.endedAt }]);
  }
  const none = new Set<string>();
  return inputs.skus
    .map((s) => {
      const { classification } = classFromHistory(
        {
          days,
          units: units.get(s.skuId) ?? new Map(),
          outDaysByStorefront: inputs.storefrontIds.map((sf) => {
            const list = intervals.get(`${s.skuId}|${sf}`);
            return list ? outDays(list, days, nowIso) : none;
          }),
          createdAt: s.createdAt,
          pinned: s.pinnedClass,
        },
        rules,
      );
      return { sku: s.sku, class: classification.class, pinned: classification.pinned };
    })
    .sort((a, b) => a.sku.localeCompare(b.sku));
}
