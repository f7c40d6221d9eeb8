import type { StockCeiling } from './classifySku.ts';

/**
 * When to restock and how much [P14], per SKU × warehouse, with every number a person needs to
 * follow it.
 *
 * - Lead time = the supplier's lead time + the transit days of the chosen mode (sea, air, express).
 * - Reorder point = demand over (lead time + review period) + safety stock, where safety stock =
 *   z × σ of daily demand × √lead time (the lead time is when demand can surprise us before the
 *   order lands; the review period is the wait until the next look).
 * - Position = on hand + inbound − orders waiting for stock − storefront buffers: what can still
 *   meet new demand.
 * - Suggest when the position is below the reorder point. The quantity brings the position up to
 *   the target cover (target days of demand + safety stock, and at least the reorder point), then at least the MOQ, rounded up to
 *   whole cartons; for a test SKU [P13] the stock (on hand + inbound + the order) stays under its
 *   ceiling, in whole cartons.
 */

export interface ReorderInput {
  /** Units per day the plan expects (the in-stock pace, or a hit's pace). */
  velocityPerDay: number;
  /** σ of daily demand. */
  sigmaPerDay: number;
  supplierLeadTimeDays: number;
  transitDays: number;
  reviewPeriodDays: number;
  serviceLevelZ: number;
  targetCoverDays: number;
  onHand: number;
  inbound: number;
  /** Units of orders waiting for stock: already sold, so not available. */
  waiting: number;
  /** Units the storefronts hold back from what they publish. */
  buffer: number;
  /** Units per carton (1 when sold loose). */
  casePack: number;
  /** The supplier's minimum order quantity (0 or 1 when none). */
  moq: number;
  /** Test SKUs only: the most on hand + inbound may reach. */
  ceiling?: StockCeiling | null;
}

export interface ReorderSuggestion {
  velocityPerDay: number;
  sigmaPerDay: number;
  /** Supplier lead time + transit days. */
  leadTimeDays: number;
  reviewPeriodDays: number;
  safetyStock: number;
  reorderPoint: number;
  onHand: number;
  inbound: number;
  waiting: number;
  buffer: number;
  /** on hand + inbound − waiting − buffer. */
  position: number;
  /** True when the position is below the reorder point. */
  reorder: boolean;
  /** Target cover in units: target days × velocity + safety stock, at least the reorder point. */
  orderUpTo: number;
  /** Units to reach it, before the MOQ, cartons and ceiling. */
  neededQuantity: number;
  suggestedQuantity: number;
  cartons: number;
  /** What changed the needed quantity: raised to the MOQ, rounded to cartons, cut by the ceiling. */
  adjustments: ('moq' | 'case_pack' | 'ceiling_units' | 'ceiling_value' | 'ceiling_below_moq')[];
  /** Days the position lasts at the velocity (null when nothing sells). */
  coverDaysNow: number | null;
  coverDaysAfter: number | null;
}

/** Whole units: a part of a unit cannot be stocked, so stock figures round up. */
// (The tolerance keeps 220.00000000000003, a float of 10 × 22, from becoming 221.)
const units = (x: number) => Math.max(0, Math.ceil(x - 1e-9));

export function reorderSuggestion(i: ReorderInput): ReorderSuggestion {
  const leadTimeDays = i.supplierLeadTimeDays + i.transitDays;
  const safetyStock = units(i.serviceLevelZ * i.sigmaPerDay * Math.sqrt(leadTimeDays));
  const reorderPoint = units(i.velocityPerDay * (leadTimeDays + i.reviewPeriodDays)) + safetyStock;
  const position = i.onHand + i.inbound - i.waiting - i.buffer;
  const reorder = position < reorderPoint;
  // A target shorter than lead time + review would order less than the reorder point asks: the
  // position is then brought back to the reorder point (a classic order-up-to policy).
  const orderUpTo = Math.max(reorderPoint, units(i.velocityPerDay * i.targetCoverDays) + safetyStock);
  const neededQuantity = reorder ? Math.max(0, orderUpTo - position) : 0;

  const adjustments: ReorderSuggestion['adjustments'] = [];
  const pack = Math.max(1, i.casePack);
  let q = neededQuantity;
  if (q > 0 && q < i.moq) {
    q = i.moq;
    adjustments.push('moq');
  }
  if (q % pack) {
    q = Math.ceil(q / pack) * pack;
    adjustments.push('case_pack');
  }
  if (q > 0 && i.ceiling) {
    // Whole cartons that fit under the ceiling; fewer than the MOQ cannot be bought at all.
    const room = Math.max(0, i.ceiling.units - i.onHand - i.inbound);
    const fits = Math.floor(room / pack) * pack;
    if (q > fits) {
      q = fits;
      adjustments.push(i.ceiling.by === 'value' ? 'ceiling_value' : 'ceiling_units');
      if (q < i.moq) {
        q = 0;
        adjustments.push('ceiling_below_moq');
      }
    }
  }
  const cover = (stock: number) => (i.velocityPerDay > 0 ? stock / i.velocityPerDay : null);
  return {
    velocityPerDay: i.velocityPerDay,
    sigmaPerDay: i.sigmaPerDay,
    leadTimeDays,
    reviewPeriodDays: i.reviewPeriodDays,
    safetyStock,
    reorderPoint,
    onHand: i.onHand,
    inbound: i.inbound,
    waiting: i.waiting,
    buffer: i.buffer,
    position,
    reorder,
    orderUpTo,
    neededQuantity,
    suggestedQuantity: q,
    cartons: q / pack,
    adjustments,
    coverDaysNow: cover(position),
    coverDaysAfter: cover(position + q),
  };
}
