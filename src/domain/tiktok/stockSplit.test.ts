import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planStock, shareOut } from './stockSplit.ts';

describe('which stock rule wins', () => {
  it('gives each warehouse its available less its share of the buffer, adding up to what is published', () => {
    // TX 30 and CA 10 available, 4 held back: TX holds 3, CA holds 1.
    const gives = shareOut(36, [
      { warehouseId: 'TX', available: 30 },
      { warehouseId: 'CA', available: 10 },
    ]);
    expect(Object.fromEntries(gives)).toEqual({ TX: 27, CA: 9 });
  });

  it('never exceeds any warehouse and always adds up to the published figure', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(500), { minLength: 1, maxLength: 5 }),
        fc.nat(3000),
        (available, publishedWish) => {
          const sources = available.map((a, i) => ({ warehouseId: `W${i}`, available: a }));
          const total = available.reduce((a, b) => a + b, 0);
          const published = Math.min(publishedWish, total);
          const gives = shareOut(published, sources);
          const sum = [...gives.values()].reduce((a, b) => a + b, 0);
          expect(sum).toBe(published);
          for (const s of sources) {
            expect(gives.get(s.warehouseId)).toBeGreaterThanOrEqual(0);
            expect(gives.get(s.warehouseId)).toBeLessThanOrEqual(s.available);
          }
        },
      ),
    );
  });

  it('reports the gap when TikTok assigns the SKU to fewer warehouses, never forcing it onto one', () => {
    const plan = planStock(
      36,
      [
        { warehouseId: 'TX', available: 30 },
        { warehouseId: 'CA', available: 10 },
      ],
      [{ tiktokId: 't-dallas', warehouseId: 'TX' }],
    );
    expect(plan).toEqual({ inventory: [{ warehouse_id: 't-dallas', quantity: 27 }], unmapped: [], gap: 9 });
  });

  it('names unmapped TikTok warehouses and gives 0 to one whose Puente warehouse does not serve the storefront', () => {
    const plan = planStock(
      5,
      [{ warehouseId: 'TX', available: 5 }],
      [
        { tiktokId: 't-dallas', warehouseId: 'TX' },
        { tiktokId: 't-miami', warehouseId: null },
        { tiktokId: 't-ontario', warehouseId: 'CA' },
      ],
    );
    expect(plan).toEqual({
      inventory: [
        { warehouse_id: 't-dallas', quantity: 5 },
        { warehouse_id: 't-ontario', quantity: 0 },
      ],
      unmapped: ['t-miami'],
      gap: 0,
    });
  });
});
