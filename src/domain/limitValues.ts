/*
 * The limits as plain numbers, with no imports: the dashboard's build reads this file too, so a form
 * refuses exactly what the API refuses (one source for both). `limits.ts` builds the zod schemas.
 */

/**
 * The numbers and text Puente accepts, stated once. API schemas, file imports and the ledger's guards
 * all read them. They are chosen so that nothing derived from them leaves its column type on either
 * engine (PostgreSQL `integer` is 32-bit: at most 2,147,483,647) or JavaScript's safe integers
 * (2^53 − 1), whatever the arithmetic on them: a level is at most `onHand`, a movement at most
 * `movementQuantity`, so `on_hand + delta` stays a 32-bit integer; an order total is at most
 * `orderTotalMinor`, stored as `bigint` and read back exactly.
 */
export const LIMITS = {
  /** Units on one order line. */
  lineQuantity: 1_000_000,
  /** Lines on one order. */
  orderLines: 100,
  /** One unit's price in minor units (10,000,000.00): fits the 32-bit `unit_price_minor`. */
  unitPriceMinor: 1_000_000_000,
  /** An order's total in minor units (10 trillion.00): a `bigint`, well below 2^53 − 1. */
  orderTotalMinor: 1_000_000_000_000_000,
  /** Units received, transferred or adjusted (either way) in one movement. */
  movementQuantity: 1_000_000,
  /** On hand (and inbound) of one SKU in one warehouse; reserved ≤ on hand. Half of 2^31, so a movement on top cannot overflow. */
  onHand: 1_000_000_000,
  /** Units a storefront holds back from what it publishes. */
  bufferUnits: 1_000_000,
  /** Percent a storefront holds back: a whole number, the same on both engines. */
  bufferPercent: 100,
  /** Grams (one tonne). */
  weightG: 1_000_000,
  leadTimeDays: 365,
  /** The Shop Performance Score's scale [P4]: 0 to 5, decimals allowed (3.8). */
  spsMax: 5,
  /** Text lengths, in UTF-16 code units. */
  text: {
    code: 30,
    sku: 100,
    id: 100,
    name: 100,
    title: 500,
    externalId: 100,
    reason: 200,
    carrier: 50,
    tracking: 100,
    email: 200,
    password: 200,
    search: 100,
    csv: 5_000_000,
  },
} as const;
