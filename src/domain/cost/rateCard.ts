import { z } from 'zod';
import type { Currency, MinorUnits } from '../money/money.ts';

/**
 * A seller's rate card for one carrier or line: what a parcel (or, on a bulk linehaul, a unit)
 * costs and how long it takes. Rate cards belong to the seller (editable, importable from CSV/XLSX);
 * Puente ships demo ones only so the demo can be costed.
 */

export const costRoutes = ['us-warehouse', 'china-direct', 'mx-local'] as const;
export type CostRoute = (typeof costRoutes)[number];

/**
 * `delivery`: the parcel to the buyer (its transit days are the buyer's wait; one card is chosen
 * per parcel, the cheapest). `linehaul`: bulk freight before the stock is sellable (China → US
 * warehouse, China → Mexican warehouse), charged per unit and summed; it adds no delivery days.
 */
export const legs = ['delivery', 'linehaul'] as const;
export type Leg = (typeof legs)[number];

export interface RateCard {
  code: string;
  name: string;
  route: CostRoute;
  leg: Leg;
  currency: Extract<Currency, 'USD' | 'MXN'>;
  /** Per parcel on a delivery leg, per unit on a linehaul. */
  perParcelMinor: MinorUnits;
  perKgMinor: MinorUnits;
  /** The carrier's clearance or handling fee per parcel. */
  feePerParcelMinor: MinorUnits;
  /** Per customs entry (broker, clearance), shared over `unitsPerEntry`. */
  perEntryMinor: MinorUnits;
  /** Parcels (delivery) or units (linehaul) per customs entry; null: one per entry. */
  unitsPerEntry: number | null;
  /** cm³ per kg for volumetric weight (e.g. 6000); null: actual weight only. */
  volumetricDivisor: number | null;
  transitDays: number;
}

const code = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash or underscore');

/** A rate card as typed by a person or read from a file row: money as minor units. */
export const rateCardSchema = z.object({
  code,
  name: z.string().trim().min(1).max(120),
  route: z.enum(costRoutes),
  leg: z.enum(legs),
  currency: z.enum(['USD', 'MXN']),
  perParcelMinor: z.number().int().nonnegative().max(100_000_000),
  perKgMinor: z.number().int().nonnegative().max(100_000_000),
  feePerParcelMinor: z.number().int().nonnegative().max(100_000_000),
  perEntryMinor: z.number().int().nonnegative().max(100_000_000),
  unitsPerEntry: z.number().int().positive().max(1_000_000).nullable(),
  volumetricDivisor: z.number().int().positive().max(100_000).nullable(),
  transitDays: z.number().int().nonnegative().max(365),
}) satisfies z.ZodType<RateCard>;

/** One unit's shipping figures: weight and box. */
export interface PieceSize {
  weightG: number;
  lengthCm?: number | undefined;
  widthCm?: number | undefined;
  heightCm?: number | undefined;
}

/**
 * Chargeable grams of some units on a card: the greater of actual and volumetric weight
 * (L×W×H / divisor kg), summed over the units. Units without a box count their actual weight.
 */
export function chargeableGrams(
  pieces: { size: PieceSize; quantity: number }[],
  divisor: number | null,
): number {
  let actual = 0;
  let volumetric = 0;
  for (const { size, quantity } of pieces) {
    actual += size.weightG * quantity;
    const { lengthCm: l, widthCm: w, heightCm: h } = size;
    volumetric +=
      divisor && l && w && h ? Math.ceil(((l * w * h) / divisor) * 1000) * quantity : size.weightG * quantity;
  }
  return Math.max(actual, volumetric);
}
