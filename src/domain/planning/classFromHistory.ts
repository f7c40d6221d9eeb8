import { daysBetween } from './calendarDays.ts';
import { classifySku, type SkuClassification } from './classifySku.ts';
import { seriesOf } from './dailySeries.ts';
import { type DemandDay, type DemandStats, demandStats } from './demandSeries.ts';
import type { PlanningConfig, SkuClass } from './planningConfig.ts';

/**
 * A SKU's class [P13] from its demand history: units per day over all storefronts, a day censored
 * when every storefront was out, and its age since it was listed — or since its first sale when that
 * came first (an imported history). The restock plan and the cheap classes answer both call this,
 * so a SKU has one class wherever it is shown. Pure.
 */
export interface ClassHistory {
  /** The history's days, oldest first; the last one is today. */
  days: readonly string[];
  /** Units ordered per day, all storefronts. */
  units: ReadonlyMap<string, number>;
  /** Per storefront that could sell it, the days it could not. */
  outDaysByStorefront: readonly ReadonlySet<string>[];
  createdAt: string;
  pinned: SkuClass | null;
}

export function classFromHistory(
  h: ClassHistory,
  rules: PlanningConfig['classes']['core'],
): { classification: SkuClassification; stats: DemandStats; series: DemandDay[] } {
  const today = h.days[h.days.length - 1] as string;
  const outs = h.outDaysByStorefront;
  const allOut = new Set(h.days.filter((d) => outs.length > 0 && outs.every((o) => o.has(d))));
  const series = seriesOf(h.days, new Map(h.units), allOut);
  const stats = demandStats(series);
  const firstSale = h.days.find((d) => (h.units.get(d) ?? 0) > 0);
  const listedOn = [h.createdAt.slice(0, 10), firstSale ?? today].sort()[0] as string;
  const classification = classifySku(stats, daysBetween(listedOn, today), rules, h.pinned);
  return { classification, stats, series };
}
