import type { MinorUnits } from '../money/money.ts';
import type { DemandStats } from './demandSeries.ts';
import type { PlanningConfig, SkuClass } from './planningConfig.ts';

/**
 * Core or test [P13]. Core SKUs (主力款) sell steadily and in volume: they must be stocked in a US
 * warehouse ahead of demand. Test SKUs (试水款) are content tests: light stock with a ceiling. The
 * rules are data (config/planning.json); a class the seller pinned wins over them.
 */

export interface ClassRule {
  rule: 'units_per_day' | 'cv' | 'listing_age_days';
  /** The SKU's figure (null when it has none, e.g. no CV for a SKU that sold nothing). */
  actual: number | null;
  threshold: number;
  passed: boolean;
}

export interface SkuClassification {
  class: SkuClass;
  /** True when the seller's pin decided, whatever the rules say. */
  pinned: boolean;
  /** Every rule with its figure, so the class can be explained (also when pinned). */
  rules: ClassRule[];
}

export function classifySku(
  stats: Pick<DemandStats, 'velocity30' | 'cv'>,
  listingAgeDays: number,
  rules: PlanningConfig['classes']['core'],
  pinned?: SkuClass | null,
): SkuClassification {
  const checked: ClassRule[] = [
    {
      rule: 'units_per_day',
      actual: stats.velocity30.perDay,
      threshold: rules.minUnitsPerDay,
      passed: stats.velocity30.perDay >= rules.minUnitsPerDay,
    },
    {
      rule: 'cv',
      actual: stats.cv,
      threshold: rules.maxCv,
      passed: stats.cv !== null && stats.cv <= rules.maxCv,
    },
    {
      rule: 'listing_age_days',
      actual: listingAgeDays,
      threshold: rules.minListingAgeDays,
      passed: listingAgeDays >= rules.minListingAgeDays,
    },
  ];
  if (pinned) return { class: pinned, pinned: true, rules: checked };
  return { class: checked.every((r) => r.passed) ? 'core' : 'test', pinned: false, rules: checked };
}

export interface StockCeiling {
  /** The most units on hand plus inbound a test SKU is planned to. */
  units: number;
  /** Which limit set it: the unit count, or the value at unit cost. */
  by: 'units' | 'value';
}

/**
 * The stock ceiling of a test SKU [P13]: the configured units, or fewer when the value ceiling at
 * the SKU's unit cost (in the ceiling's currency, converted by the caller) is lower. Unknown cost:
 * the unit ceiling alone.
 */
export function testStockCeiling(
  ceiling: PlanningConfig['classes']['testCeiling'],
  unitCostMinor: MinorUnits | null,
): StockCeiling {
  if (unitCostMinor && unitCostMinor > 0) {
    const byValue = Math.floor(ceiling.valueMinor / unitCostMinor);
    if (byValue < ceiling.units) return { units: byValue, by: 'value' };
  }
  return { units: ceiling.units, by: 'units' };
}
