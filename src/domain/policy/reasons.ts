/**
 * Why a SKU got its verdict. A reason is data: a stable code, the fact it rests on and the figures
 * a message needs; the words are rendered per language at the edge (src/i18n/).
 */
export const reasonCodes = [
  'PROHIBITED_CATEGORY',
  'NOT_IN_PILOT',
  'ITEM_PRICE_OVER_CAP',
  'INVITATION_REQUIRED',
  'QUALIFICATION_MISSING',
  'NEEDS_REVIEW',
  'INVALID_FIELD',
  'FX_RATE_MISSING',
] as const;
export type ReasonCode = (typeof reasonCodes)[number];

export interface Reason {
  code: ReasonCode;
  /** The program fact it implements (`P9`), or null for data problems. */
  fact: string | null;
  params: Record<string, string | number>;
}

export const verdicts = ['allowed', 'needs_invitation', 'blocked', 'invalid'] as const;
export type Verdict = (typeof verdicts)[number];

/** The verdict a set of reasons adds up to: the most severe one wins. */
export function verdictOf(reasons: Reason[]): Verdict {
  const has = (...codes: ReasonCode[]) => reasons.some((r) => codes.includes(r.code));
  if (has('INVALID_FIELD', 'FX_RATE_MISSING')) return 'invalid';
  if (has('PROHIBITED_CATEGORY', 'NOT_IN_PILOT', 'ITEM_PRICE_OVER_CAP', 'NEEDS_REVIEW')) return 'blocked';
  if (has('INVITATION_REQUIRED', 'QUALIFICATION_MISSING')) return 'needs_invitation';
  return 'allowed';
}
