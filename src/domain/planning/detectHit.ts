import { addDays } from './calendarDays.ts';
import { type DemandDay, meanAndSigma } from './demandSeries.ts';
import type { PlanningConfig } from './planningConfig.ts';
import { negativeBinomialUpperTail } from './poissonTail.ts';

/**
 * Hits [P14]: content runs, data confirms a hit, and the US warehouse is restocked at once. A short
 * window (the last 24 h, the last 72 h) is compared with the SKU's baseline, and flagged only when
 * the rise is both large (≥ minRatio × the baseline) and unlikely under the baseline (Poisson upper
 * tail below maxPValue). The second test is what keeps a test SKU that sells 3 instead of 1 quiet:
 * that is a ratio of 3, but happens 8% of days by chance (P(X ≥ 3 | λ = 1) ≈ 0.08).
 *
 * Sales come in lumps (an order of 2, a buyer back for more), so daily counts vary more than a
 * Poisson count does; tested as if Poisson, lumpy sellers would fire too often. The tail is
 * therefore the negative binomial's with the baseline's dispersion (variance / mean, at least 1):
 * Poisson for a smooth seller, heavier-tailed for a lumpy one.
 */

export interface HitWindow {
  windowHours: number;
  /** Units ordered in the window. */
  observed: number;
  /** Units the baseline rate predicts for the window. */
  expected: number;
  ratio: number;
  /** P(at least `observed` units | baseline), dispersion-corrected. */
  pValue: number;
  flagged: boolean;
}

export interface HitCheck {
  hit: boolean;
  windows: HitWindow[];
  /** Units per in-stock day before the windows (never below the configured floor). */
  baselinePerDay: number;
  /** In-stock days the baseline was measured over. */
  baselineDays: number;
  /** Variance / mean of the baseline days, at least 1. */
  dispersion: number;
  /** The pace the stock is run down at: the fastest flagged window's, else the baseline. */
  pacePerDay: number;
  /** The day the available stock runs out at that pace (null when nothing sells). */
  runsOutOn: string | null;
}

/** Below this many baseline days the dispersion is not estimated (taken as 1, plain Poisson). */
const MIN_DISPERSION_DAYS = 7;

/**
 * `days`: consecutive days, oldest first, the last being the most recent 24 hours (the caller may
 * bucket by calendar day, or by 24-hour spans back from now). `available`: units that can still be
 * sold now, for `runsOutOn`.
 */
export function detectHit(days: DemandDay[], available: number, rules: PlanningConfig['hits']): HitCheck {
  const longest = Math.max(...rules.windowsHours) / 24;
  const before = days.slice(
    Math.max(0, days.length - longest - rules.baselineDays),
    Math.max(0, days.length - longest),
  );
  const base = meanAndSigma(before);
  const inStock = before.filter((d) => d.inStock).length;
  const baselinePerDay = Math.max(rules.baselineFloorPerDay, base.mean);
  const dispersion =
    inStock >= MIN_DISPERSION_DAYS && base.mean > 0 ? Math.max(1, base.sigma ** 2 / base.mean) : 1;

  const windows = rules.windowsHours.map((windowHours): HitWindow => {
    const span = windowHours / 24;
    const observed = days.slice(Math.max(0, days.length - span)).reduce((s, d) => s + d.units, 0);
    const expected = baselinePerDay * span;
    const ratio = observed / expected;
    const pValue = negativeBinomialUpperTail(observed, expected, dispersion);
    return {
      windowHours,
      observed,
      expected,
      ratio,
      pValue,
      flagged:
        inStock >= rules.minBaselineDays &&
        observed >= rules.minUnits &&
        ratio >= rules.minRatio &&
        pValue < rules.maxPValue,
    };
  });
  const flagged = windows.filter((w) => w.flagged);
  const pacePerDay = flagged.length
    ? Math.max(...flagged.map((w) => w.observed / (w.windowHours / 24)))
    : base.mean;
  const asOf = days.at(-1)?.date;
  return {
    hit: flagged.length > 0,
    windows,
    baselinePerDay,
    baselineDays: inStock,
    dispersion,
    pacePerDay,
    runsOutOn: asOf && pacePerDay > 0 ? addDays(asOf, Math.ceil(Math.max(0, available) / pacePerDay)) : null,
  };
}
