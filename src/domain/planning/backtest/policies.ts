import { classifySku, testStockCeiling } from '../classifySku.ts';
import { type DemandDay, demandStats } from '../demandSeries.ts';
import type { HitCheck } from '../detectHit.ts';
import type { PlanningConfig } from '../planningConfig.ts';
import { reorderSuggestion } from '../reorderSuggestion.ts';
import type { HistorySku, SupplyTerms } from './history.ts';

/**
 * The restock policies a backtest compares. Each day, after the day's sales, a policy sees what a
 * seller would see — the units sold each day so far and whether the shelf was empty — plus stock on
 * hand and on the way, and says how many units to order. It never sees the true demand of a day the
 * shelf was empty.
 */

export interface PolicyView {
  sku: HistorySku;
  /** Index of today in the history. */
  day: number;
  /** Sold units per day so far, today last; days the shelf ran empty are censored. */
  observed: DemandDay[];
  onHand: number;
  /** Units ordered and not yet arrived. */
  inbound: number;
  terms: SupplyTerms;
  /** Today's hit check (the same detector watches every policy; only Puente's acts on it). */
  hit: HitCheck;
}

export interface PolicyDecision {
  order: number;
  /** The reorder point the policy used today, for the chart (null when it has none). */
  reorderPoint: number | null;
}

export interface Policy {
  name: PolicyName;
  decide(view: PolicyView): PolicyDecision;
}

export const policyNames = ['puente', 'naive'] as const;
export type PolicyName = (typeof policyNames)[number];

/** Whole cartons, at least the MOQ: a supplier sells nothing else, whatever the policy. */
export function supplierQuantity(units: number, sku: Pick<HistorySku, 'casePack' | 'moq'>): number {
  if (units <= 0) return 0;
  const pack = Math.max(1, sku.casePack);
  return Math.ceil(Math.max(units, sku.moq) / pack) * pack;
}

/**
 * The rule of thumb sellers use: when stock on hand and on the way covers fewer than 7 days at the
 * last 30 days' average sales, order enough for 30 days. It counts an empty shelf's zero as demand.
 */
export const naivePolicy = (belowDays = 7, upToDays = 30): Policy => ({
  name: 'naive',
  decide({ sku, observed, onHand, inbound }) {
    const month = observed.slice(-30);
    const perDay = month.reduce((s, d) => s + d.units, 0) / Math.max(1, month.length);
    if (perDay <= 0) return { order: 0, reorderPoint: null };
    const position = onHand + inbound;
    const reorderPoint = belowDays * perDay;
    const order =
      position < reorderPoint ? supplierQuantity(Math.ceil(upToDays * perDay - position), sku) : 0;
    return { order, reorderPoint };
  },
});

/**
 * Puente's policy: the reorder point and quantity of reorderSuggestion.ts on the censored-aware
 * pace, core/test classes with the test ceiling [P13], and on a hit the pace of the hit, at once
 * [P14] — the hit proposes promoting a test SKU, and the replay assumes the seller accepts.
 */
export function puentePolicy(config: PlanningConfig): Policy {
  return {
    name: 'puente',
    decide({ sku, day, observed, onHand, inbound, terms, hit }) {
      // A person looks every review period; a hit is acted on the day it is flagged [P14].
      const reviewDay = day % Math.max(1, config.reorder.reviewPeriodDays) === 0;
      const stats = demandStats(observed);
      const listingAge = day - sku.listedOnDay;
      const klass = classifySku(stats, listingAge, config.classes.core, sku.pinned).class;
      const ceiling =
        klass === 'test' && !hit.hit
          ? testStockCeiling(config.classes.testCeiling, sku.unitValueMinor)
          : null;
      // The recent pace, but never below the month's in-stock pace: one quiet week does not empty a
      // core SKU's pipeline. On a hit, the pace every window agrees on (the slowest): one wild day
      // alone does not buy a month of it, and a hit that goes on is flagged, and bought for, again.
      const pace = stats.velocity30.perDay;
      const hitPace = Math.min(...hit.windows.map((w) => w.observed / (w.windowHours / 24)));
      const s = reorderSuggestion({
        velocityPerDay: hit.hit ? Math.max(pace, hitPace) : pace,
        sigmaPerDay: stats.sigmaPerDay,
        supplierLeadTimeDays: terms.supplierLeadTimeDays,
        transitDays: terms.transitDays,
        reviewPeriodDays: config.reorder.reviewPeriodDays,
        serviceLevelZ: config.reorder.serviceLevelZ[hit.hit ? 'core' : klass],
        targetCoverDays: config.reorder.targetCoverDays,
        onHand,
        inbound,
        waiting: 0,
        buffer: 0,
        casePack: sku.casePack,
        moq: sku.moq,
        ceiling,
      });
      return { order: reviewDay || hit.hit ? s.suggestedQuantity : 0, reorderPoint: s.reorderPoint };
    },
  };
}
