import { describe, expect, it } from 'vitest';
import { type ReorderInput, type ReorderSuggestion, reorderSuggestion } from './reorderSuggestion.ts';

const base: ReorderInput = {
  velocityPerDay: 10,
  sigmaPerDay: 4,
  supplierLeadTimeDays: 10,
  transitDays: 5,
  reviewPeriodDays: 7,
  serviceLevelZ: 1.65,
  targetCoverDays: 45,
  onHand: 120,
  inbound: 50,
  waiting: 10,
  buffer: 5,
  casePack: 1,
  moq: 0,
};

type Expected = Pick<
  ReorderSuggestion,
  'safetyStock' | 'reorderPoint' | 'position' | 'reorder' | 'suggestedQuantity' | 'cartons' | 'adjustments'
> & { coverDaysNow: number | null; coverDaysAfter: number | null };

/**
 * Worked by hand. L = supplier + transit; SS = ⌈z σ √L⌉; ROP = ⌈v (L + R)⌉ + SS; position = on hand
 * + inbound − waiting − buffer; order-up-to = max(ROP, ⌈v × target⌉ + SS).
 */
const cases: [string, Partial<ReorderInput>, Expected][] = [
  [
    // L 15; SS ⌈1.65·4·3.873⌉ = ⌈25.56⌉ = 26; ROP 10·22 + 26 = 246; position 120+50−10−5 = 155;
    // up to 450 + 26 = 476; order 476 − 155 = 321; cover 15.5 → 47.6 days.
    'core SKU below its reorder point',
    {},
    {
      safetyStock: 26,
      reorderPoint: 246,
      position: 155,
      reorder: true,
      suggestedQuantity: 321,
      cartons: 321,
      adjustments: [],
      coverDaysNow: 15.5,
      coverDaysAfter: 47.6,
    },
  ],
  [
    // position 300+50−10−5 = 335 ≥ 246: nothing to order.
    'enough stock: no suggestion',
    { onHand: 300 },
    {
      safetyStock: 26,
      reorderPoint: 246,
      position: 335,
      reorder: false,
      suggestedQuantity: 0,
      cartons: 0,
      adjustments: [],
      coverDaysNow: 33.5,
      coverDaysAfter: 33.5,
    },
  ],
  [
    // Sea freight: L 50; SS ⌈1.28·1·7.071⌉ = ⌈9.05⌉ = 10; ROP 2·57 + 10 = 124; up to 180 + 10 = 190;
    // need 150 ≥ MOQ 100; 150 / 24 = 6.25 cartons → 7 cartons = 168; cover 20 → 104 days.
    'whole cartons, rounded up',
    {
      velocityPerDay: 2,
      sigmaPerDay: 1,
      supplierLeadTimeDays: 20,
      transitDays: 30,
      serviceLevelZ: 1.28,
      targetCoverDays: 90,
      onHand: 40,
      inbound: 0,
      waiting: 0,
      buffer: 0,
      casePack: 24,
      moq: 100,
    },
    {
      safetyStock: 10,
      reorderPoint: 124,
      position: 40,
      reorder: true,
      suggestedQuantity: 168,
      cartons: 7,
      adjustments: ['case_pack'],
      coverDaysNow: 20,
      coverDaysAfter: 104,
    },
  ],
  [
    // z 0: SS 0; L 10, R 0: ROP 10; up to 20; need 16 < MOQ 50 → 50 → 5 cartons of 12 = 60.
    'raised to the MOQ, then to whole cartons',
    {
      velocityPerDay: 1,
      sigmaPerDay: 1,
      supplierLeadTimeDays: 5,
      transitDays: 5,
      reviewPeriodDays: 0,
      serviceLevelZ: 0,
      targetCoverDays: 20,
      onHand: 4,
      inbound: 0,
      waiting: 0,
      buffer: 0,
      casePack: 12,
      moq: 50,
    },
    {
      safetyStock: 0,
      reorderPoint: 10,
      position: 4,
      reorder: true,
      suggestedQuantity: 60,
      cartons: 5,
      adjustments: ['moq', 'case_pack'],
      coverDaysNow: 4,
      coverDaysAfter: 64,
    },
  ],
  [
    // ROP 3·18 = 54 (target 1 day is below it: up to the ROP); need 44 → 8 cartons of 6 = 48; the
    // test ceiling of 40 leaves room for 30 beside the 10 on hand: 5 cartons.
    'a test SKU capped at its ceiling, in whole cartons',
    {
      velocityPerDay: 3,
      sigmaPerDay: 2,
      supplierLeadTimeDays: 7,
      transitDays: 10,
      reviewPeriodDays: 1,
      serviceLevelZ: 0,
      targetCoverDays: 1,
      onHand: 10,
      inbound: 0,
      waiting: 0,
      buffer: 0,
      casePack: 6,
      moq: 0,
      ceiling: { units: 40, by: 'units' },
    },
    {
      safetyStock: 0,
      reorderPoint: 54,
      position: 10,
      reorder: true,
      suggestedQuantity: 30,
      cartons: 5,
      adjustments: ['case_pack', 'ceiling_units'],
      coverDaysNow: 10 / 3,
      coverDaysAfter: 40 / 3,
    },
  ],
  [
    // As above with an MOQ of 36: the 30 that fit under a value ceiling cannot be bought.
    'nothing when the ceiling leaves less than the MOQ',
    {
      velocityPerDay: 3,
      sigmaPerDay: 2,
      supplierLeadTimeDays: 7,
      transitDays: 10,
      reviewPeriodDays: 1,
      serviceLevelZ: 0,
      targetCoverDays: 1,
      onHand: 10,
      inbound: 0,
      waiting: 0,
      buffer: 0,
      casePack: 6,
      moq: 36,
      ceiling: { units: 40, by: 'value' },
    },
    {
      safetyStock: 0,
      reorderPoint: 54,
      position: 10,
      reorder: true,
      suggestedQuantity: 0,
      cartons: 0,
      adjustments: ['case_pack', 'ceiling_value', 'ceiling_below_moq'],
      coverDaysNow: 10 / 3,
      coverDaysAfter: 10 / 3,
    },
  ],
  [
    // Waiting orders and buffers are already spoken for: 30 on hand, 25 waiting, 5 held back.
    'orders waiting for stock count against it',
    { onHand: 30, inbound: 0, waiting: 25, buffer: 5 },
    {
      safetyStock: 26,
      reorderPoint: 246,
      position: 0,
      reorder: true,
      suggestedQuantity: 476,
      cartons: 476,
      adjustments: [],
      coverDaysNow: 0,
      coverDaysAfter: 47.6,
    },
  ],
  [
    'a SKU that does not sell: no reorder, no cover figure',
    { velocityPerDay: 0, sigmaPerDay: 0, onHand: 3, inbound: 0, waiting: 0, buffer: 0 },
    {
      safetyStock: 0,
      reorderPoint: 0,
      position: 3,
      reorder: false,
      suggestedQuantity: 0,
      cartons: 0,
      adjustments: [],
      coverDaysNow: null,
      coverDaysAfter: null,
    },
  ],
];

describe('reorderSuggestion, against hand-worked cases', () => {
  it.each(cases)('%s', (_, change, expected) => {
    const s = reorderSuggestion({ ...base, ...change });
    const { coverDaysNow, coverDaysAfter, ...exact } = expected;
    expect(s).toMatchObject(exact);
    for (const [got, want] of [
      [s.coverDaysNow, coverDaysNow],
      [s.coverDaysAfter, coverDaysAfter],
    ] as const) {
      if (want === null) expect(got).toBeNull();
      else expect(got).toBeCloseTo(want, 10);
    }
  });

  it('shows every number it used', () => {
    const s = reorderSuggestion(base);
    expect(s).toMatchObject({ velocityPerDay: 10, sigmaPerDay: 4, leadTimeDays: 15, reviewPeriodDays: 7 });
    expect(s.onHand + s.inbound - s.waiting - s.buffer).toBe(s.position);
    expect(s.neededQuantity).toBe(321);
  });
});
