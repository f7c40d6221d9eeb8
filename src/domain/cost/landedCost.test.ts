import { describe, expect, it } from 'vitest';
import { loadCostRules } from '../../services/loadConfig.ts';
import { parseRate } from '../money/money.ts';
import { checkClaim } from './claimCheck.ts';
import { demoRateCards } from './demoRateCards.ts';
import { type CostContext, type CostItem, costParcel, RouteUnavailable } from './landedCost.ts';
import { suggestSplit } from './parcelSplit.ts';

const rules = await loadCostRules();
const usdMxn = parseRate('18.25', 'USD', 'MXN') ?? expect.unreachable();
const ctx = (date: string, over: Partial<CostContext> = {}): CostContext => ({
  date,
  rules,
  usdMxn,
  rateCards: demoRateCards,
  rfc: 'with',
  ...over,
});

/** The demo's pet toy: MXN 730.00 (USD 40.00 at 18.25), bought for USD 9.00, 600 g, 25×20×10 cm. */
const toy: CostItem = {
  sku: 'PT-TOY-040',
  quantity: 1,
  unitCost: { amount: 900, currency: 'USD' },
  unitPrice: { amount: 73000, currency: 'MXN' },
  size: { weightG: 600, lengthCm: 25, widthCm: 20, heightCm: 10 },
  hsChapter: '39',
  origin: 'CN',
  rrna: false,
};
const priced = (usdMinor: number): CostItem => ({ ...toy, unitPrice: { amount: usdMinor, currency: 'USD' } });

describe('courier bands [S30]: US→MX ≤ 50 → 0%, 50.01–117 → 17%, > 117 → 19% of customs value', () => {
  it.each([
    [5000, 'usmca-0-50', 0],
    [5001, 'usmca-50-117', 0.17],
    [11700, 'usmca-50-117', 0.17],
    [11701, 'usmca-over-117', 0.19],
  ])('a parcel of USD %i cents is in %s at %f', (cents, band, rate) => {
    const cost = costParcel('us-warehouse', [priced(cents)], ctx('2026-02-01'));
    expect(cost).toMatchObject({ customsValueUsd: cents / 100, band, dutyRate: rate });
  });

  it('the China-direct global rate went from 19% to 33.5% on 2025-08-15 [S30]', () => {
    const on14th = costParcel('china-direct', [priced(4000)], ctx('2025-08-14'));
    const on15th = costParcel('china-direct', [priced(4000)], ctx('2025-08-15'));
    expect([on14th.dutyRate, on14th.rules.map((r) => r.id)]).toEqual([
      0.19,
      expect.arrayContaining(['courier-general-2025-01']),
    ]);
    expect([on15th.dutyRate, on15th.rules.map((r) => r.id)]).toEqual([
      0.335,
      expect.arrayContaining(['courier-general-2025-08-15']),
    ]);
    // USD 40.00 = MXN 730.00: 19% is 138.70, 33.5% is 244.55.
    expect([on14th.dutyMinor, on15th.dutyMinor]).toEqual([13870, 24455]);
  });

  it('RRNA goods (COFEPRIS, NOM) cannot use the simplified rates: a formal import, flagged', () => {
    const cost = costParcel('us-warehouse', [{ ...toy, rrna: true }], ctx('2026-02-01'));
    expect(cost.band).toBe('formal-rrna');
    expect(cost.warnings).toContain('rrna_no_simplified');
    expect(cost.dutyMinor).toBeGreaterThan(0);
  });
});

describe('landed cost, worked by hand (MXN minor units; USD/MXN 18.25; 2026-02-01; seller with an RFC)', () => {
  /*
   * Pet toy, 1 unit, MXN 730.00. Rate cards: demoRateCards.ts. Rounding: half-even, once per figure.
   *
   * | figure   | us-warehouse                                    | china-direct                               | mx-local                                              |
   * |----------|-------------------------------------------------|--------------------------------------------|-------------------------------------------------------|
   * | goods    | USD 9.00 × 18.25 = 16425                        | 16425                                      | 16425                                                 |
   * | freight  | ocean 1.20/kg × 0.6 kg = USD 0.72 → 1314         | 3.00 + 8.50/kg × 0.834 kg (vol. /6000)     | ocean 1.50/kg × 0.6 = USD 0.90 → 1642                 |
   * |          | + 6.00 + 2.50/kg × 1 kg (vol. /5000) = USD 8.50  |   = USD 10.09 → 18414                      | + J&T 97.00 + 10.00/kg × 0.6 = 103.00, less SFP       |
   * |          |   → 15512; total 16826                           |                                            |   min(6% × 730, 60) = 43.80 → 5920; total 7562        |
   * | duty/tax | USD 40.00 ≤ 50 → 0% → 0                          | 33.5% × 73000 = 24455                      | value 16425 + 1642 = 18067; IGI 35% (ch. 39, CN) 6323; |
   * |          |                                                 |                                            |   DTA 8‰ 145; IVA 16% × 24535 = 3926; → 6323 + 3926 = 10249 |
   * | fees     | USD 1.00 → 1825 + DTA 407.82 / 200 parcels = 204 | 1825 + 204 = 2029                          | broker USD 600 → 1095000 / 500 = 2190 + DTA 145       |
   * |          |   = 2029                                         |                                            |   + pre-validation 350.00 / 500 = 70 → 2405           |
   * | platform | 6% × 73000 = 4380; before VAT 73000 / 1.16 =     | 10987                                      | 10987                                                 |
   * |          |   62931: VAT 8% 5034 + ISR 2.5% 1573 → 10987     |                                            |                                                       |
   * | landed   | 46267                                            | 72310                                      | 47628                                                 |
   * | margin   | 73000 − 46267 = 26733                            | 690                                        | 25372                                                 |
   * | days     | 4                                                | 12                                         | 4                                                     |
   */
  it.each([
    [
      'us-warehouse',
      {
        goodsMinor: 16425,
        freightMinor: 16826,
        dutyMinor: 0,
        feesMinor: 2029,
        platformMinor: 10987,
        landedCostMinor: 46267,
        marginMinor: 26733,
        transitDays: 4,
      },
    ],
    [
      'china-direct',
      {
        goodsMinor: 16425,
        freightMinor: 18414,
        dutyMinor: 24455,
        feesMinor: 2029,
        platformMinor: 10987,
        landedCostMinor: 72310,
        marginMinor: 690,
        transitDays: 12,
      },
    ],
    [
      'mx-local',
      {
        goodsMinor: 16425,
        freightMinor: 7562,
        dutyMinor: 10249,
        feesMinor: 2405,
        platformMinor: 10987,
        landedCostMinor: 47628,
        marginMinor: 25372,
        transitDays: 4,
      },
    ],
  ] as const)('%s', (route, expected) => {
    expect(costParcel(route, [toy], ctx('2026-02-01'))).toMatchObject(expected);
  });

  it('the [P2] claim on these numbers: 8 days faster, logistics 58% cheaper than China direct', () => {
    const claim = checkClaim(
      costParcel('us-warehouse', [toy], ctx('2026-02-01')),
      costParcel('china-direct', [toy], ctx('2026-02-01')),
    );
    // Logistics = freight + fees + duty: 16826 + 2029 + 0 = 18855 against 18414 + 2029 + 24455 = 44898.
    expect(claim).toEqual({
      fact: 'P2',
      daysFaster: 8,
      logisticsCheaperPercent: 58,
      landedCheaperPercent: 36,
      daysClaimMet: true,
      costClaimMet: true,
    });
  });

  it('without an RFC in 2026 the platform withholds 16% VAT + 20% ISR on the sale before VAT [S41]', () => {
    // 4380 + 16% × 62931 (10069) + 20% × 62931 (12586) = 27035
    expect(costParcel('us-warehouse', [toy], ctx('2026-02-01', { rfc: 'without' })).platformMinor).toBe(
      27035,
    );
  });

  it('a route with no rate card, or a date before the rules, cannot be costed and says why', () => {
    const noCards = ctx('2026-02-01', { rateCards: demoRateCards.filter((c) => c.route !== 'china-direct') });
    expect(() => costParcel('china-direct', [toy], noCards)).toThrow(RouteUnavailable);
    expect(() => costParcel('us-warehouse', [toy], ctx('2024-06-01'))).toThrow(
      /no courier_band rule in force on 2024-06-01/,
    );
  });
});

describe('splitting an order into parcels', () => {
  it('two USD 40 toys: one parcel is USD 80 at 17%; two parcels at 0% pay off their extra freight', () => {
    const two = [{ ...toy, quantity: 2 }];
    const one = costParcel('us-warehouse', two, ctx('2026-02-01'));
    expect([one.band, one.dutyMinor]).toEqual(['usmca-50-117', 24820]);
    const split = suggestSplit('us-warehouse', two, ctx('2026-02-01')) ?? expect.unreachable();
    expect(split.parcels.map((p) => [p.items, p.cost.band])).toEqual([
      [[{ sku: 'PT-TOY-040', quantity: 1 }], 'usmca-0-50'],
      [[{ sku: 'PT-TOY-040', quantity: 1 }], 'usmca-0-50'],
    ]);
    expect(split.savesMinor).toBe(one.landedCostMinor - 2 * 46267);
    expect(split.rule.id).toBe('parcel-split-usmca');
  });

  it('no split is suggested when it does not pay, nor where the rules do not allow one', () => {
    const cheap = [{ ...priced(1000), quantity: 2 }]; // USD 20: already 0% together
    expect(suggestSplit('us-warehouse', cheap, ctx('2026-02-01'))).toBeUndefined();
    expect(suggestSplit('china-direct', [{ ...toy, quantity: 2 }], ctx('2026-02-01'))).toBeUndefined();
  });
});
