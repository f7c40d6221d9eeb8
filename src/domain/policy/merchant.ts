import { z } from 'zod';
import { spsScore, text } from '../limits.ts';
import type { Policy } from './policy.ts';

/** A merchant profile, as a seller writes it in JSON (`--merchant merchant.json`). */
export const merchantSchema = z.object({
  registered_country: text(2)
    .length(2, 'a two-letter country code such as "CN" or "US"')
    .transform((s) => s.toUpperCase()),
  /** Shop Performance Score 0–5; null for a shop that has no score yet (under 30 orders in 90 days). */
  sps: spsScore.nullable().default(null),
  invitations: z.array(text(100)).max(50).default([]),
  qualifications: z.array(text(100)).max(50).default([]),
});
export type Merchant = z.infer<typeof merchantSchema>;

export type EligibilityStatus = 'eligible' | 'not_eligible' | 'unknown';
export type EligibilityCode =
  | 'MERCHANT_ELIGIBLE'
  | 'MERCHANT_COUNTRY_NOT_ELIGIBLE'
  | 'MERCHANT_SPS_BELOW_MINIMUM'
  | 'MERCHANT_SPS_MISSING';

export interface Eligibility {
  status: EligibilityStatus;
  /** The policy rule that applies to this merchant's country, if any. */
  rule: string | null;
  code: EligibilityCode;
  fact: string;
  params: Record<string, string | number>;
}

/** [P4] Who may join: the rule for the merchant's registered country, and its SPS minimum. */
export function evaluateMerchant(policy: Policy, merchant: Merchant): Eligibility {
  const rule = policy.merchantEligibility.find((r) =>
    r.registeredCountries.includes(merchant.registered_country),
  );
  const countries = policy.merchantEligibility.flatMap((r) => r.registeredCountries).join(', ');
  if (!rule) {
    return {
      status: 'not_eligible',
      rule: null,
      code: 'MERCHANT_COUNTRY_NOT_ELIGIBLE',
      fact: policy.merchantEligibility[0]?.fact ?? 'P4',
      params: { country: merchant.registered_country, countries },
    };
  }
  const base = { rule: rule.id, fact: rule.fact };
  if (rule.minSps === null)
    return { ...base, status: 'eligible', code: 'MERCHANT_ELIGIBLE', params: { rule: rule.id } };
  if (merchant.sps === null) {
    return { ...base, status: 'unknown', code: 'MERCHANT_SPS_MISSING', params: { minSps: rule.minSps } };
  }
  if (merchant.sps < rule.minSps) {
    return {
      ...base,
      status: 'not_eligible',
      code: 'MERCHANT_SPS_BELOW_MINIMUM',
      params: { sps: merchant.sps, minSps: rule.minSps },
    };
  }
  return {
    ...base,
    status: 'eligible',
    code: 'MERCHANT_ELIGIBLE',
    params: { sps: merchant.sps, minSps: rule.minSps },
  };
}

/** Invitation ids and qualification ids a profile names must exist in the policy. */
export function unknownMerchantIds(policy: Policy, merchant: Merchant): string[] {
  const categories = new Set(policy.categories.map((c) => c.id));
  const qualifications = new Set(policy.qualifications.map((q) => q.id));
  return [
    ...merchant.invitations.filter((id) => !categories.has(id)).map((id) => `invitations: ${id}`),
    ...merchant.qualifications.filter((id) => !qualifications.has(id)).map((id) => `qualifications: ${id}`),
  ];
}
