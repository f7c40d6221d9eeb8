import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import fitDefaults from '../../config/fit.json' with { type: 'json' };
import { pilot } from '../../test/support/policies.ts';
import { readHeader } from '../domain/catalog/catalogColumns.ts';
import { fitConfigSchema } from '../domain/fit/assessFit.ts';
import { parseRate } from '../domain/money/money.ts';
import { reasonCodes, verdicts } from '../domain/policy/reasons.ts';
import { CatalogChecker, type CheckContext, CheckSummary, DuplicateSkus } from './checkCatalog.ts';

const headers = [
  'sku',
  'title',
  'category',
  'description',
  'program_category',
  'price',
  'currency',
  'weight_g',
  'length_cm',
  'width_cm',
  'height_cm',
  'fragile',
  'customized',
  'us_stock',
];
const layout = readHeader(headers);
const ctx: CheckContext = {
  policy: pilot(),
  fit: fitConfigSchema.parse(fitDefaults),
  lang: 'en',
  usdMxn: parseRate('18.25', 'USD', 'MXN'),
};

/** Cell text as sellers' files hold it: words, numbers, junk, Chinese, empty. */
const cell = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom(
    '',
    ' ',
    'yes',
    '否',
    'sí',
    'USD',
    'MXN',
    'EUR',
    '-1',
    '3500.00',
    '3500.01',
    '12,99',
    '1e5',
    'NaN',
    '0-6个月',
    'vape',
    'home.household',
    'toys.age3plus',
  ),
  fc.integer().map(String),
  fc.double().map(String),
);

describe('CatalogChecker', () => {
  it('never throws and always gives one of the four verdicts, whatever a row holds', () => {
    const checker = new CatalogChecker(ctx, layout);
    fc.assert(
      fc.property(
        fc.array(cell, { minLength: 0, maxLength: 16 }),
        fc.integer({ min: 2, max: 1_048_576 }),
        (values, row) => {
          const r = checker.check({ row, values });
          expect(verdicts).toContain(r.verdict);
          expect(r.row).toBe(row);
          for (const reason of r.reasons) {
            expect(reasonCodes).toContain(reason.code);
            expect(reason.message.length).toBeGreaterThan(0);
          }
          // Allowed means no reason stands against it; anything else says why.
          expect(r.verdict === 'allowed').toBe(r.reasons.length === 0);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('reports a repeated SKU as invalid, naming the first row', () => {
    const checker = new CatalogChecker(ctx, layout);
    const r = checker.check({ row: 9, values: ['A-1', 'Wireless earbuds'], duplicateOf: 3 });
    expect(r.verdict).toBe('invalid');
    expect(r.reasons[0]?.message).toBe('SKU: this SKU already appears in row 3 ("A-1").');
  });
});

describe('DuplicateSkus', () => {
  it('remembers the first row of every SKU, through many table resizes', () => {
    const seen = new DuplicateSkus(0);
    for (let i = 0; i < 50_000; i++) expect(seen.firstRowOf([`SKU-${i}`], i + 2)).toBeUndefined();
    expect(seen.firstRowOf(['SKU-0'], 60_000)).toBe(2);
    expect(seen.firstRowOf([' SKU-49999 '], 60_001)).toBe(50_001);
    expect(seen.firstRowOf(['sku-0'], 60_002)).toBeUndefined(); // SKUs are case-sensitive
    expect(seen.firstRowOf([''], 60_003)).toBeUndefined(); // an empty SKU is reported as missing, not repeated
  });
});

describe('CheckSummary', () => {
  it('merged from parts equals one summary of the whole, worst rows included', () => {
    const rows = Array.from({ length: 60 }, (_, i) => ({
      row: i + 2,
      values: [
        `S${i}`,
        ['Wireless earbuds', 'Fruit vape 5000 puffs', 'Mystery box', 'Lipstick set'][i % 4] as string,
        '',
        '',
        '',
        i % 7 === 0 ? 'abc' : '199.00',
      ],
    }));
    const whole = new CatalogChecker(ctx, layout);
    for (const r of rows) whole.check(r);
    const parts = [new CatalogChecker(ctx, layout), new CatalogChecker(ctx, layout)];
    for (const [i, r] of rows.entries()) parts[i % 2]?.check(r);
    const merged = new CheckSummary();
    for (const p of parts) merged.merge(p.summary.data);
    expect(merged.toJSON()).toEqual(whole.summary.toJSON());
    // Nine rows have a bad price (every 7th): they come first, then the first blocked row.
    expect(merged.data.worst.map((w) => w.verdict)).toEqual([...Array(9).fill('invalid'), 'blocked']);
    expect(merged.data.worst.map((w) => w.row)).toEqual([2, 9, 16, 23, 30, 37, 44, 51, 58, 3]);
  });
});
