import { describe, expect, it } from 'vitest';
import { expandedPilot, pilot } from '../../../test/support/policies.ts';
import { evaluateMerchant, merchantSchema, unknownMerchantIds } from './merchant.ts';

const policy = pilot();
const merchant = (country: string, sps: number | null) =>
  merchantSchema.parse({ registered_country: country, sps });

describe('[P4] merchant eligibility', () => {
  it('lets Chinese cross-border merchants in from SPS 3.5', () => {
    expect(evaluateMerchant(policy, merchant('CN', 3.5))).toMatchObject({
      status: 'eligible',
      rule: 'cn_cross_border',
      fact: 'P4',
    });
    expect(evaluateMerchant(policy, merchant('cn', 3.4))).toMatchObject({
      status: 'not_eligible',
      code: 'MERCHANT_SPS_BELOW_MINIMUM',
      params: { sps: 3.4, minSps: 3.5 },
    });
  });

  it('holds US local merchants to the SPS 4 the platform page shows, as data', () => {
    expect(evaluateMerchant(policy, merchant('US', 4))).toMatchObject({
      status: 'eligible',
      rule: 'us_local',
    });
    expect(evaluateMerchant(policy, merchant('US', 3.9)).status).toBe('not_eligible');
  });

  it('cannot decide for a shop that has no score yet', () => {
    expect(evaluateMerchant(policy, merchant('CN', null))).toMatchObject({
      status: 'unknown',
      code: 'MERCHANT_SPS_MISSING',
    });
  });

  it('refuses merchants registered elsewhere', () => {
    expect(evaluateMerchant(policy, merchant('MX', 5))).toMatchObject({
      status: 'not_eligible',
      code: 'MERCHANT_COUNTRY_NOT_ELIGIBLE',
      params: { country: 'MX', countries: 'US, CN, HK' },
    });
  });

  it('follows the policy data: the expanded pilot lowers the minimum to 3.0', () => {
    expect(evaluateMerchant(expandedPilot(), merchant('CN', 3.2)).status).toBe('eligible');
  });

  it('flags invitation and qualification ids the policy does not know', () => {
    const m = merchantSchema.parse({
      registered_country: 'CN',
      sps: 4,
      invitations: ['toys'],
      qualifications: ['cofepris'],
    });
    expect(unknownMerchantIds(policy, m)).toEqual(['invitations: toys', 'qualifications: cofepris']);
  });
});
