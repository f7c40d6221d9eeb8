import { z } from 'zod';

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

/**
 * Where the first control character is, or -1. Control characters (C0, DEL, C1) are never data in
 * Puente's fields, and PostgreSQL refuses NUL in text outright. `layout` lets tab and line breaks
 * through, for free text that may span lines (a reason, a pasted CSV).
 */
export function controlCharacterAt(text: string, layout = false): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 ? !(layout && (c === 0x09 || c === 0x0a || c === 0x0d)) : c >= 0x7f && c <= 0x9f) return i;
  }
  return -1;
}

/** A text field: at most `max` characters and no control characters (with `layout`, tab and line breaks allowed). */
export function text(max: number, o: { min?: number; layout?: boolean } = {}) {
  const layout = o.layout ?? false;
  return z
    .string()
    .min(o.min ?? 0)
    .max(max)
    .refine((s) => controlCharacterAt(s, layout) === -1, {
      message: layout
        ? 'no control characters (other than tab and line breaks)'
        : 'no control characters (such as NUL or line breaks)',
    });
}

/** Whole numbers in a range: a fraction, an unsafe integer or a number out of range is refused. */
export const whole = (min: number, max: number) => z.number().int().min(min).max(max);

export const lineQuantity = whole(1, LIMITS.lineQuantity);
export const unitPriceMinor = whole(0, LIMITS.unitPriceMinor);
export const movementQuantity = whole(1, LIMITS.movementQuantity);
export const stockDelta = whole(-LIMITS.movementQuantity, LIMITS.movementQuantity).refine(
  (d) => d !== 0,
  'not 0',
);
export const bufferUnits = whole(0, LIMITS.bufferUnits);
export const bufferPercent = whole(0, LIMITS.bufferPercent);
export const weightG = whole(0, LIMITS.weightG);
export const leadTimeDays = whole(0, LIMITS.leadTimeDays);

/** Why an order's lines are out of bounds (the total above all), or null. Shared by the API and imports. */
export function orderLinesProblem(
  lines: readonly { quantity: number; unitPriceMinor: number }[],
): string | null {
  if (lines.length > LIMITS.orderLines) return `at most ${LIMITS.orderLines} lines per order`;
  for (const l of lines) {
    if (!Number.isInteger(l.quantity) || l.quantity < 1 || l.quantity > LIMITS.lineQuantity)
      return `a line's quantity must be a whole number from 1 to ${LIMITS.lineQuantity}`;
    if (
      !Number.isInteger(l.unitPriceMinor) ||
      l.unitPriceMinor < 0 ||
      l.unitPriceMinor > LIMITS.unitPriceMinor
    )
      return `a unit price must be from 0 to ${LIMITS.unitPriceMinor} minor units`;
  }
  // Each product is at most 10^15 and there are at most 100: a double compares the sum correctly.
  const total = lines.reduce((sum, l) => sum + l.quantity * l.unitPriceMinor, 0);
  if (total > LIMITS.orderTotalMinor)
    return `the order total may be at most ${LIMITS.orderTotalMinor} minor units`;
  return null;
}
