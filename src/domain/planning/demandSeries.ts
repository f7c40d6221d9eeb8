/**
 * Demand history that does not lie [issue 13, §1]. A day on which the SKU was out of stock shows
 * zero (or few) sales, yet buyers wanted it: such a day is *censored* and says nothing about the
 * rate of demand. Every rate here is estimated from in-stock days only, and says how many days it
 * left out, so a person can tell a slow seller from an empty shelf.
 */

/** One calendar day of one SKU (× storefront × warehouse, as the caller groups them). */
export interface DemandDay {
  /** The day, `YYYY-MM-DD`. */
  date: string;
  /** Units ordered that day, orders waiting for stock included (they are demand too). */
  units: number;
  /** False when the SKU could not be bought for (part of) the day: the day is censored. */
  inStock: boolean;
}

/** A rate over the last `days` days, from the in-stock days among them. */
export interface Velocity {
  /** Units per in-stock day; 0 when every day of the window was censored (see `inStockDays`). */
  perDay: number;
  days: number;
  inStockDays: number;
  censoredDays: number;
}

export interface DemandStats {
  /** The last day of the series. */
  asOf: string;
  velocity7: Velocity;
  velocity14: Velocity;
  velocity30: Velocity;
  /** Exponentially weighted units per day over the in-stock days, recent days weighing most. */
  ewmaPerDay: number;
  trend: Trend;
  /** Sample standard deviation of daily units over the in-stock days of the last 30. */
  sigmaPerDay: number;
  /** σ / mean over the last 30 days (null when nothing sold): the stability behind core/test [P13]. */
  cv: number | null;
  /** Censored days among the last 30. */
  censoredDays: number;
}

export interface Trend {
  /** Least-squares slope of daily units over the in-stock days of the last 30, units/day per day. */
  slopePerDay: number;
  /** 7-day rate over 30-day rate: above 1 the SKU is speeding up (null when the 30-day rate is 0). */
  ratio7to30: number | null;
}

/** Half-life of the exponentially weighted rate: a week-old day counts half as much as today. */
export const EWMA_HALF_LIFE_DAYS = 7;

/** The last `n` days of a series (all of it when shorter). */
const lastDays = (days: DemandDay[], n: number) => days.slice(Math.max(0, days.length - n));

export function velocity(days: DemandDay[], window: number): Velocity {
  const seen = lastDays(days, window);
  const open = seen.filter((d) => d.inStock);
  const units = open.reduce((sum, d) => sum + d.units, 0);
  return {
    perDay: open.length ? units / open.length : 0,
    days: seen.length,
    inStockDays: open.length,
    censoredDays: seen.length - open.length,
  };
}

/**
 * Units per day weighted by recency: weight 0.5^(age / half-life), age in days before the last day.
 * Censored days are skipped, not counted as zero.
 */
export function ewmaRate(days: DemandDay[], halfLifeDays = EWMA_HALF_LIFE_DAYS): number {
  let weighted = 0;
  let weights = 0;
  const last = days.length - 1;
  days.forEach((d, i) => {
    if (!d.inStock) return;
    const w = 0.5 ** ((last - i) / halfLifeDays);
    weighted += w * d.units;
    weights += w;
  });
  return weights ? weighted / weights : 0;
}

/** Mean and sample standard deviation of the units of in-stock days. */
export function meanAndSigma(days: DemandDay[]): { mean: number; sigma: number } {
  const xs = days.filter((d) => d.inStock).map((d) => d.units);
  if (xs.length === 0) return { mean: 0, sigma: 0 };
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  if (xs.length < 2) return { mean, sigma: 0 };
  const squares = xs.reduce((sum, x) => sum + (x - mean) ** 2, 0);
  return { mean, sigma: Math.sqrt(squares / (xs.length - 1)) };
}

function slope(days: DemandDay[]): number {
  const points = days.flatMap((d, i) => (d.inStock ? [[i, d.units] as const] : []));
  if (points.length < 2) return 0;
  const mx = points.reduce((s, [x]) => s + x, 0) / points.length;
  const my = points.reduce((s, [, y]) => s + y, 0) / points.length;
  let sxy = 0;
  let sxx = 0;
  for (const [x, y] of points) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
  }
  return sxx ? sxy / sxx : 0;
}

/**
 * The figures planning runs on, from a series of consecutive days, oldest first, one row per day
 * (a day with no orders and stock on the shelf is a row with 0 units, not a missing row).
 */
export function demandStats(days: DemandDay[], halfLifeDays = EWMA_HALF_LIFE_DAYS): DemandStats {
  const month = lastDays(days, 30);
  const velocity30 = velocity(days, 30);
  const velocity7 = velocity(days, 7);
  const { mean, sigma } = meanAndSigma(month);
  return {
    asOf: days.at(-1)?.date ?? '',
    velocity7,
    velocity14: velocity(days, 14),
    velocity30,
    ewmaPerDay: ewmaRate(days, halfLifeDays),
    trend: {
      slopePerDay: slope(month),
      ratio7to30: velocity30.perDay > 0 ? velocity7.perDay / velocity30.perDay : null,
    },
    sigmaPerDay: sigma,
    cv: mean > 0 ? sigma / mean : null,
    censoredDays: velocity30.censoredDays,
  };
}
