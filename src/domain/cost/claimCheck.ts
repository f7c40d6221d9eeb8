import type { RouteCost } from './landedCost.ts';

/**
 * [P2] claims the US-warehouse route is at least 7–12 days faster and 25–30% cheaper per parcel in
 * logistics than shipping from China. This checks the claim on the seller's own figures: logistics
 * is freight + fees + duty and tax (what moving the parcel into Mexico costs); landed is everything.
 */

export const CLAIMED_DAYS_FASTER = 7;
export const CLAIMED_PERCENT_CHEAPER = 25;

export interface ClaimCheck {
  fact: 'P2';
  daysFaster: number;
  /** Logistics cost per parcel, how much lower from the US warehouse (percent, one decimal). */
  logisticsCheaperPercent: number;
  landedCheaperPercent: number;
  daysClaimMet: boolean;
  costClaimMet: boolean;
}

const logistics = (c: RouteCost) => c.freightMinor + c.feesMinor + c.dutyMinor;

function percentLower(ours: number, theirs: number): number {
  if (theirs <= 0) return 0;
  return Math.round(((theirs - ours) / theirs) * 1000) / 10;
}

export function checkClaim(usWarehouse: RouteCost, chinaDirect: RouteCost): ClaimCheck {
  const daysFaster = chinaDirect.transitDays - usWarehouse.transitDays;
  const logisticsCheaperPercent = percentLower(logistics(usWarehouse), logistics(chinaDirect));
  return {
    fact: 'P2',
    daysFaster,
    logisticsCheaperPercent,
    landedCheaperPercent: percentLower(usWarehouse.landedCostMinor, chinaDirect.landedCostMinor),
    daysClaimMet: daysFaster >= CLAIMED_DAYS_FASTER,
    costClaimMet: logisticsCheaperPercent >= CLAIMED_PERCENT_CHEAPER,
  };
}
