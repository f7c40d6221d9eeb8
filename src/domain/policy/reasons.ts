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
  'PRICE_UNCHECKED',
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

const verdictByCode: Record<ReasonCode, Verdict> = {
  INVALID_FIELD: 'invalid',
  FX_RATE_MISSING: 'invalid',
  PROHIBITED_CATEGORY: 'blocked',
  NOT_IN_PILOT: 'blocked',
  ITEM_PRICE_OVER_CAP: 'blocked',
  NEEDS_REVIEW: 'blocked',
  // Like NEEDS_REVIEW: not sellable until the price is known, and a prohibited row stays `blocked`.
  PRICE_UNCHECKED: 'blocked',
  INVITATION_REQUIRED: 'needs_invitation',
  QUALIFICATION_MISSING: 'needs_invitation',
};
const rank: Record<Verdict, number> = { allowed: 0, needs_invitation: 1, blocked: 2, invalid: 3 };

/** The verdict a set of reasons adds up to: the most severe one wins; no reason means allowed. */
export function verdictOf(reasons: Reason[]): Verdict {
  let verdict: Verdict = 'allowed';
  for (const r of reasons) {
    const v = verdictByCode[r.code];
    if (rank[v] > rank[verdict]) verdict = v;
  }
  return verdict;
}
