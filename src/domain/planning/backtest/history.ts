import type { SkuClass } from '../planningConfig.ts';

/**
 * A history to replay: the true daily demand of each SKU (what buyers would have ordered had the
 * shelf never been empty) and how each SKU started. One pool of stock per SKU: the backtest asks
 * whether a policy buys the right amounts at the right time, not which warehouse ships.
 */
export interface History {
  /** A name for people: "synthetic (seed 7)", "demo", a file name. */
  name: string;
  /** The first day, `YYYY-MM-DD`; day i of every series is this day + i. */
  start: string;
  days: number;
  /** The currency of every unit value. */
  currency: string;
  skus: HistorySku[];
  /** The SKU whose chart the benchmark draws, when the history has a designed hit. */
  viralSku?: string;
}

export interface HistorySku {
  sku: string;
  /** Units demanded on each day, `days` long. */
  demand: number[];
  /** What one unit of stock is worth, minor units of `History.currency`. */
  unitValueMinor: number;
  /** Units on the shelf the morning of day 0. */
  openingStock: number;
  /** The day the listing went live (negative: before the history starts). */
  listedOnDay: number;
  /** Units per carton and the supplier's minimum order; 1 and 0 when unknown. */
  casePack: number;
  moq: number;
  pinned?: SkuClass;
}

/** Lead times of the replay: the same supplier and transit mode for every SKU and policy. */
export interface SupplyTerms {
  supplierLeadTimeDays: number;
  transitDays: number;
}
