import { describe, expect, it } from 'vitest';
import { allocateOrder, sumDemand } from './allocateOrder.ts';
import { publishedQuantity } from './publishedQuantity.ts';

const stock = (warehouseId: string, levels: Record<string, number>) => ({
  warehouseId,
  available: new Map(Object.entries(levels)),
});
const tx = stock('TX', { A: 5, B: 1 });
const ca = stock('CA', { A: 2, B: 4 });

describe('allocateOrder', () => {
  it('sums two lines of one SKU before checking (medusa#16502 checks each line alone)', () => {
    expect(
      sumDemand([
        { skuId: 'A', quantity: 3 },
        { skuId: 'B', quantity: 1 },
        { skuId: 'A', quantity: 3 },
      ]),
    ).toEqual([
      { skuId: 'A', quantity: 6 },
      { skuId: 'B', quantity: 1 },
    ]);
    const r = allocateOrder(
      [
        { skuId: 'A', quantity: 3 },
        { skuId: 'A', quantity: 3 },
      ],
      [tx],
      false,
    );
    expect(r).toEqual({
      ok: false,
      shortfalls: [{ skuId: 'A', wanted: 6, available: 5 }],
      splitWouldFill: false,
    });
  });

  it('prefers the first warehouse, in priority order, that fills the whole order', () => {
    expect(allocateOrder([{ skuId: 'A', quantity: 2 }], [tx, ca], false)).toEqual({
      ok: true,
      picks: [{ skuId: 'A', warehouseId: 'TX', quantity: 2 }],
    });
    expect(
      allocateOrder(
        [
          { skuId: 'A', quantity: 2 },
          { skuId: 'B', quantity: 2 },
        ],
        [tx, ca],
        false,
      ),
    ).toEqual({
      ok: true,
      picks: [
        { skuId: 'A', warehouseId: 'CA', quantity: 2 },
        { skuId: 'B', warehouseId: 'CA', quantity: 2 },
      ],
    });
  });

  it('splits only when the storefront allows it, greedily by priority', () => {
    const order = [{ skuId: 'A', quantity: 6 }];
    expect(allocateOrder(order, [tx, ca], false)).toEqual({
      ok: false,
      shortfalls: [],
      splitWouldFill: true,
    });
    expect(allocateOrder(order, [tx, ca], true)).toEqual({
      ok: true,
      picks: [
        { skuId: 'A', warehouseId: 'TX', quantity: 5 },
        { skuId: 'A', warehouseId: 'CA', quantity: 1 },
      ],
    });
  });

  it('never plans more than is available: a short order is refused whole, with the shortfall', () => {
    const r = allocateOrder(
      [
        { skuId: 'A', quantity: 8 },
        { skuId: 'C', quantity: 1 },
      ],
      [tx, ca],
      true,
    );
    expect(r).toEqual({
      ok: false,
      shortfalls: [
        { skuId: 'A', wanted: 8, available: 7 },
        { skuId: 'C', wanted: 1, available: 0 },
      ],
      splitWouldFill: false,
    });
  });
});

describe('[P15] publishedQuantity', () => {
  it('holds back the larger of the unit and percent buffers, never below zero', () => {
    expect(publishedQuantity(100, 0, 0)).toBe(100);
    expect(publishedQuantity(100, 5, 0)).toBe(95);
    expect(publishedQuantity(100, 5, 10)).toBe(90);
    expect(publishedQuantity(7, 0, 10)).toBe(6); // 10% of 7 rounds up to 1
    expect(publishedQuantity(3, 5, 0)).toBe(0);
    expect(publishedQuantity(-2, 0, 0)).toBe(0);
  });
});
