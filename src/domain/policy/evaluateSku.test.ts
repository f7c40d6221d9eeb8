import { describe, expect, it } from 'vitest';
import { expandedPilot, pilot } from '../../../test/support/policies.ts';
import { readHeader } from '../catalog/catalogColumns.ts';
import { type CatalogItem, parseCatalogRow } from '../catalog/catalogRow.ts';
import { classifyProduct } from '../classify/classifyProduct.ts';
import { parseRate } from '../money/money.ts';
import { type EvaluationContext, evaluateSku } from './evaluateSku.ts';
import type { Merchant } from './merchant.ts';
import { policySchema } from './policy.ts';

const policy = pilot();
const usdMxn = parseRate('18.00', 'USD', 'MXN');

/**
 * Evaluates a catalog row given as column → text, the way `puente check` does. A row without a
 * price column gets one under the cap, so that a test about categories is about categories: the
 * price's own tests give `price` (an empty one is a missing price).
 */
function judge(row: Record<string, string>, ctx: Partial<EvaluationContext> = {}) {
  return judgeAsIs('price' in row ? row : { ...row, price: '199.00' }, ctx);
}

/** The row with exactly the columns given. */
function judgeAsIs(row: Record<string, string>, ctx: Partial<EvaluationContext> = {}) {
  const parsed = parseCatalogRow(Object.values(row), readHeader(Object.keys(row)));
  return evaluateSku(parsed, classifyProduct(parsed.item as CatalogItem), { policy, ...ctx });
}
const codes = (e: ReturnType<typeof judge>) => e.reasons.map((r) => r.code);

describe('category gating', () => {
  it('[P5] open categories are allowed', () => {
    const e = judge({ sku: 'A1', title: 'Wireless Bluetooth Earbuds', price: '499.00' });
    expect(e).toMatchObject({ verdict: 'allowed', category: 'electronics', reasons: [] });
  });

  it('[P5] pet food and health products are outside the open pets group', () => {
    const e = judge({ sku: 'A2', title: 'Croquetas para perro adulto 2 kg' });
    expect(e.verdict).toBe('blocked');
    expect(e.reasons).toEqual([
      { code: 'NOT_IN_PILOT', fact: 'P5', params: { category: 'pets.food_health' } },
    ]);
  });

  it('[P6] invitation-only categories need an invitation', () => {
    const e = judge({ sku: 'A3', title: 'Building blocks set for kids 6+ years' });
    expect(e.verdict).toBe('needs_invitation');
    expect(e.reasons[0]).toMatchObject({ code: 'INVITATION_REQUIRED', fact: 'P6' });
  });

  it('[P6] beauty needs the invitation and both documents', () => {
    const row = { sku: 'A4', title: 'Matte lipstick set 6 colors' };
    expect(codes(judge(row))).toEqual([
      'INVITATION_REQUIRED',
      'QUALIFICATION_MISSING',
      'QUALIFICATION_MISSING',
    ]);
    const invitedOnly: Merchant = {
      registered_country: 'US',
      sps: 4.5,
      invitations: ['beauty.personal_care'],
      qualifications: ['cofepris_operation_notice'],
    };
    const e = judge(row, { merchant: invitedOnly });
    expect(e.verdict).toBe('needs_invitation');
    expect(e.reasons).toEqual([
      {
        code: 'QUALIFICATION_MISSING',
        fact: 'P6',
        params: { category: 'beauty.personal_care', qualification: 'mx_us_affiliation_proof' },
      },
    ]);
    const complete = {
      ...invitedOnly,
      qualifications: ['cofepris_operation_notice', 'mx_us_affiliation_proof'],
    };
    expect(judge(row, { merchant: complete }).verdict).toBe('allowed');
  });

  it('[P7] prohibited categories are blocked, whatever the seller says the category is', () => {
    const e = judge({
      sku: 'A5',
      title: 'Fruit flavor disposable vape 5000 puffs',
      category: 'Home',
      program_category: 'home.household',
    });
    expect(e.verdict).toBe('blocked');
    expect(e.category).toBe('vape');
    expect(e.reasons[0]).toMatchObject({
      code: 'PROHIBITED_CATEGORY',
      fact: 'P7',
      params: { declared: 'home.household' },
    });
  });

  it('[P7] baby products for under-3s are prohibited; the same toy for 3+ needs an invitation', () => {
    expect(judge({ sku: 'B1', title: 'Juguete musical para bebé 6-12 meses' }).category).toBe('baby.under3');
    expect(judge({ sku: 'B2', title: 'Juguete musical para niños de 4 años' }).category).toBe(
      'toys.age3plus',
    );
  });

  it('[P8] what no list names is not part of the pilot', () => {
    const e = judge({ sku: 'A6', title: 'Collar de plata 925 con dije de corazón' });
    expect(e).toMatchObject({ verdict: 'blocked', category: 'unlisted', detected: 'accessories.jewelry' });
    expect(e.reasons[0]).toMatchObject({ code: 'NOT_IN_PILOT', fact: 'P8' });
  });

  it('says it is unsure rather than guessing "allowed"', () => {
    const e = judge({ sku: 'A7', title: 'Mystery gift box 2024 new' });
    expect(e.verdict).toBe('blocked');
    expect(e.category).toBeNull();
    expect(codes(e)).toEqual(['NEEDS_REVIEW']);
  });

  it('trusts a declared program_category for gating', () => {
    const e = judge({ sku: 'A8', title: 'Mystery gift box 2024 new', program_category: 'home.household' });
    expect(e).toMatchObject({ verdict: 'allowed', category: 'home.household' });
  });

  it('refuses a program_category that is not an id', () => {
    const e = judge({ sku: 'A9', title: 'Men polo shirt', program_category: 'clothes' });
    expect(e.verdict).toBe('invalid');
    expect(e.reasons[0]).toMatchObject({
      code: 'INVALID_FIELD',
      params: { field: 'program_category', value: 'clothes' },
    });
  });
});

describe('[P9] item price cap, inclusive, in MXN', () => {
  const earbuds = { sku: 'C1', title: 'Wireless Bluetooth Earbuds' };

  it('passes at exactly 3,500.00 MXN and refuses 3,500.01', () => {
    expect(judge({ ...earbuds, price: '3500.00' }).verdict).toBe('allowed');
    const over = judge({ ...earbuds, price: '3500.01', currency: 'MXN' });
    expect(over.verdict).toBe('blocked');
    expect(over.reasons).toEqual([
      { code: 'ITEM_PRICE_OVER_CAP', fact: 'P9', params: { priceMxn: 350001, capMxn: 350000 } },
    ]);
  });

  it('converts USD with the given rate', () => {
    expect(judge({ ...earbuds, price: '194.44', currency: 'USD' }, { usdMxn }).priceMxn).toBe(349992);
    expect(judge({ ...earbuds, price: '194.45', currency: 'USD' }, { usdMxn }).verdict).toBe('blocked'); // 3,500.10 MXN
  });

  it('makes a USD price without a rate invalid (FX_RATE_MISSING)', () => {
    const e = judge({ ...earbuds, price: '19.99', currency: 'USD' });
    expect(e.verdict).toBe('invalid');
    expect(codes(e)).toEqual(['FX_RATE_MISSING']);
  });

  it('makes an unknown currency invalid', () => {
    const e = judge({ ...earbuds, price: '19.99', currency: 'EUR' });
    expect(e.verdict).toBe('invalid');
    expect(e.reasons[0]).toMatchObject({
      code: 'INVALID_FIELD',
      params: { field: 'currency', problem: 'unknown_currency' },
    });
  });

  it('[P10] tells how many units fit under the 5,200 MXN order cap', () => {
    expect(judge({ ...earbuds, price: '1300.00' }).maxUnitsPerOrder).toBe(4);
    expect(judge({ ...earbuds, price: '1300.01' }).maxUnitsPerOrder).toBe(3);
  });
});

describe('[P9–P10] a price nobody compared with the caps is never allowed', () => {
  const earbuds = { sku: 'F1', title: 'Wireless Bluetooth Earbuds' };

  it('blocks a row without a price, and says the caps could not be checked', () => {
    const e = judge({ ...earbuds, price: '' });
    expect(e.verdict).toBe('blocked');
    expect(e.reasons).toEqual([
      {
        code: 'PRICE_UNCHECKED',
        fact: 'P9',
        params: { cause: 'missing', currency: '', capMxn: 350000, orderCapMxn: 520000 },
      },
    ]);
    expect(e.priceMxn).toBeUndefined();
  });

  it('says so for a price that cannot be read, beside the field error', () => {
    expect(codes(judge({ ...earbuds, price: '12,99' }))).toEqual(['INVALID_FIELD', 'PRICE_UNCHECKED']);
  });

  it('says a purchase cost is not the price when the file has only 采购价', () => {
    const e = judgeAsIs({ ...earbuds, 采购价: '35.00', '申报价值(USD)': '8.00' });
    expect(e.reasons[0]).toMatchObject({ code: 'PRICE_UNCHECKED', params: { cause: 'cost_only' } });
  });

  it('reads a price in CNY and, with no CNY rate, blocks it instead of guessing', () => {
    const e = judgeAsIs({ ...earbuds, '售价（人民币）': '199.00' });
    expect(e.verdict).toBe('blocked');
    expect(e.reasons[0]).toMatchObject({
      code: 'PRICE_UNCHECKED',
      params: { cause: 'no_rate', currency: 'CNY' },
    });
  });

  it('keeps a prohibited row blocked for its category, with the price reason beside it', () => {
    const e = judge({ sku: 'F2', title: 'Disposable vape pen mint', price: '' });
    expect(e.verdict).toBe('blocked');
    expect(codes(e)).toEqual(['PRICE_UNCHECKED', 'PROHIBITED_CATEGORY']);
  });
});

describe('invalid rows', () => {
  it('reports every bad field, and still classifies the row', () => {
    const e = judge({ sku: 'D1', title: 'Men polo shirt', price: 'abc', weight_g: '-3', fragile: 'maybe' });
    expect(e.verdict).toBe('invalid');
    expect(e.category).toBe('apparel.menswear');
    expect(e.reasons.map((r) => r.params.field)).toEqual(['price', 'weight_g', 'fragile', undefined]);
    expect(e.reasons.at(-1)).toMatchObject({ code: 'PRICE_UNCHECKED', params: { cause: 'unreadable' } });
  });

  it('requires a title', () => {
    expect(judge({ sku: 'D2', title: '' }).reasons[0]).toMatchObject({
      code: 'INVALID_FIELD',
      params: { field: 'title', problem: 'required' },
    });
  });
});

describe('a rule change is a data change', () => {
  const expanded = expandedPilot();

  it('the made-up expanded pilot opens toys and jewellery and raises the cap, with the same code', () => {
    const toy = { sku: 'E1', title: 'Building blocks set for kids 6+ years' };
    const necklace = { sku: 'E2', title: 'Collar de plata 925 con dije de corazón' };
    const pricey = { sku: 'E3', title: 'Wireless Bluetooth Earbuds', price: '4999.00' };
    expect([judge(toy), judge(necklace), judge(pricey)].map((e) => e.verdict)).toEqual([
      'needs_invitation',
      'blocked',
      'blocked',
    ]);
    const withExpanded = [toy, necklace, pricey].map((r) => judge(r, { policy: expanded }));
    expect(withExpanded.map((e) => e.verdict)).toEqual(['allowed', 'allowed', 'allowed']);
    expect(withExpanded[1]?.category).toBe('accessories.jewelry');
  });

  it('the policy schema refuses a requirement that names no known qualification', () => {
    const bad = structuredClone(policy);
    bad.categories[0]?.requires.push('unknown_document');
    expect(policySchema.safeParse(bad).success).toBe(false);
  });
});
