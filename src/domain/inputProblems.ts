import { LIMITS } from './limitValues.ts';

/*
 * What can be wrong with one field a person filled in, as data: a kind and the limits it broke.
 * The API sends these in a refusal's details and the dashboard's forms find them as they are typed;
 * each side turns them into a sentence in the user's language that names the field as the form does.
 * No imports but the limits: the dashboard's build reads this file too.
 */

export const inputProblemKinds = [
  'required',
  'not_number',
  'not_integer',
  'too_small',
  'too_big',
  'not_zero',
  'too_short',
  'too_long',
  'wrong_length',
  'too_few',
  'too_many',
  'invalid_choice',
  'invalid_format',
  'control_character',
  'not_text',
  'not_boolean',
  'not_list',
  'unknown_field',
  'invalid',
] as const;
export type InputProblemKind = (typeof inputProblemKinds)[number];

export interface InputProblem {
  /** The field's path in the request, dotted: `quantity`, `lines.0.quantity`. */
  field: string;
  problem: InputProblemKind;
  /** The allowed range of a number, when known (both ends where the schema states them). */
  min?: number;
  max?: number;
  /** Whether the number must be whole. */
  whole?: boolean;
  /** A text's length limit, or a list's item count limit. */
  length?: number;
  /** The allowed choices. */
  values?: string[];
}

/** A number field's rule: the range, inclusive, and whether it must be whole. */
export interface NumberRule {
  min: number;
  max: number;
  whole: boolean;
  /** 0 means nothing (an adjustment of 0 units). */
  notZero?: boolean;
}

/** The number fields people type, with the limits the API enforces on them. */
export const numberRules = {
  lineQuantity: { min: 1, max: LIMITS.lineQuantity, whole: true },
  unitPriceMinor: { min: 0, max: LIMITS.unitPriceMinor, whole: true },
  movementQuantity: { min: 1, max: LIMITS.movementQuantity, whole: true },
  stockDelta: { min: -LIMITS.movementQuantity, max: LIMITS.movementQuantity, whole: true, notZero: true },
  bufferUnits: { min: 0, max: LIMITS.bufferUnits, whole: true },
  bufferPercent: { min: 0, max: LIMITS.bufferPercent, whole: true },
  weightG: { min: 0, max: LIMITS.weightG, whole: true },
  leadTimeDays: { min: 0, max: LIMITS.leadTimeDays, whole: true },
  sps: { min: 0, max: LIMITS.spsMax, whole: false },
} as const satisfies Record<string, NumberRule>;

/** A number as typed: digits, an optional sign and decimal point, nothing else (no "1e3", no "0x10"). */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)$/;

/**
 * What is wrong with a number as it was typed, or null when the rule takes it. The text is judged as
 * it stands: "-50" is negative, "2.5" is a fraction, "99999999999999" is too big. Nothing is rounded
 * or clamped into range.
 */
export function numberProblem(typed: string | number, rule: NumberRule): Omit<InputProblem, 'field'> | null {
  const range = { min: rule.min, max: rule.max, whole: rule.whole };
  const raw = String(typed).trim();
  if (raw === '') return { problem: 'required', ...range };
  if (!NUMBER.test(raw)) return { problem: 'not_number', ...range };
  const n = Number(raw);
  if (rule.whole && !Number.isInteger(n)) return { problem: 'not_integer', ...range };
  if (n < rule.min) return { problem: 'too_small', ...range };
  if (n > rule.max) return { problem: 'too_big', ...range };
  if (rule.notZero && n === 0) return { problem: 'not_zero', ...range };
  return null;
}
