import { z } from 'zod';
import { type NumberRule, numberRules } from './inputProblems.ts';
import { LIMITS } from './limitValues.ts';

export { LIMITS };

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
      params: { problem: 'control_character' },
      message: layout
        ? 'no control characters (other than tab and line breaks)'
        : 'no control characters (such as NUL or line breaks)',
    });
}

/** Whole numbers in a range: a fraction, an unsafe integer or a number out of range is refused. */
export const whole = (min: number, max: number) => z.number().int().min(min).max(max);

/** A number field by its rule in inputProblems.ts, the one the dashboard's forms check too. */
const byRule = (r: NumberRule) => (r.whole ? whole(r.min, r.max) : z.number().min(r.min).max(r.max));

export const lineQuantity = byRule(numberRules.lineQuantity);
export const unitPriceMinor = byRule(numberRules.unitPriceMinor);
export const movementQuantity = byRule(numberRules.movementQuantity);
export const stockDelta = byRule(numberRules.stockDelta).refine((d) => d !== 0, {
  message: 'not 0',
  params: { problem: 'not_zero' },
});
export const bufferUnits = byRule(numberRules.bufferUnits);
export const bufferPercent = byRule(numberRules.bufferPercent);
export const weightG = byRule(numberRules.weightG);
export const leadTimeDays = byRule(numberRules.leadTimeDays);
/** The Shop Performance Score [P4]: decimals allowed, nothing outside 0–5. */
export const spsScore = byRule(numberRules.sps);

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
