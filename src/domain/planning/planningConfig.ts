import { z } from 'zod';

/**
 * The planning rules a seller may change, kept as data (config/planning.json): which SKUs count as
 * core [P13], how far a test SKU may be stocked, when a rise in sales is a hit [P14], and the
 * service level and cover restock suggestions aim for. Puente's defaults, not program rules.
 */

export const skuClasses = ['core', 'test'] as const;
export type SkuClass = (typeof skuClasses)[number];

export const planningConfigSchema = z.object({
  classes: z.object({
    /** A SKU is core when it meets every rule below over the last 30 days; otherwise it is a test SKU. */
    core: z.object({
      minUnitsPerDay: z.number().nonnegative(),
      /** The coefficient of variation of daily demand: above it, demand is too erratic to stock deep. */
      maxCv: z.number().positive(),
      minListingAgeDays: z.number().int().nonnegative(),
    }),
    /**
     * Risk control for test SKUs [P13]: stock on hand plus inbound never planned above this many
     * units, nor above this value at unit cost (minor units of the cost's currency).
     */
    testCeiling: z.object({
      units: z.number().int().positive(),
      valueMinor: z.number().int().positive(),
    }),
  }),
  hits: z.object({
    /** Windows compared with the baseline, in hours (whole days: demand is counted per day). */
    windowsHours: z.array(z.number().int().positive().multipleOf(24)).min(1),
    /** The baseline: the days before the longest window (its in-stock days). */
    baselineDays: z.number().int().positive(),
    /** With fewer in-stock days than this before the window, there is no baseline and no hit. */
    minBaselineDays: z.number().int().positive(),
    /** The rise must be at least this many times the baseline… */
    minRatio: z.number().min(1),
    /** …and this unlikely under the baseline rate (Poisson upper tail). */
    maxPValue: z.number().positive().max(1),
    /** A window with fewer units is never a hit: too little to restock for, whatever the odds. */
    minUnits: z.number().int().positive(),
    /** A new SKU with no sales yet is compared with this rate rather than with zero. */
    baselineFloorPerDay: z.number().positive(),
  }),
  reorder: z.object({
    /**
     * z of the service level per class: 1.65 ≈ 95% of lead times without a stock-out, 1.28 ≈ 90%,
     * 0 = no safety stock. Test SKUs run on light stock [P13].
     */
    serviceLevelZ: z.object({ core: z.number().nonnegative(), test: z.number().nonnegative() }),
    /** How often a person places orders; a suggestion covers the days until the next look. */
    reviewPeriodDays: z.number().int().nonnegative(),
    /**
     * Days of cover an order brings the stock position up to. Never less than the reorder point:
     * 0 orders up to the reorder point each time (small, frequent orders: the least stock held).
     */
    targetCoverDays: z.number().nonnegative(),
  }),
});
export type PlanningConfig = z.infer<typeof planningConfigSchema>;
