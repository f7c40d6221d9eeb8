import { describe, expect, it } from 'vitest';
import { historyFromOrders, lastDayOf } from './historyFromOrders.ts';

const usd = { currency: 'USD' as const, perUnitOf: { USD: 1, MXN: 1 / 20 } };

describe('historyFromOrders', () => {
  const lines = [
    { sku: 'A', paidAt: '2026-03-01T10:00:00.000Z', quantity: 2, unitPriceMinor: 1000, currency: 'USD' },
    { sku: 'A', paidAt: '2026-03-01T23:30:00.000Z', quantity: 1, unitPriceMinor: 1000, currency: 'USD' },
    { sku: 'A', paidAt: '2026-03-04T08:00:00.000Z', quantity: 3, unitPriceMinor: 30000, currency: 'MXN' },
    { sku: 'B', paidAt: '2026-03-03T08:00:00.000Z', quantity: 1, unitPriceMinor: 500, currency: 'USD' },
  ];

  it('sums the units of each UTC day of payment, days without orders included as zero', () => {
    const h = historyFromOrders('file.csv', lines, usd);
    expect(h).toMatchObject({ name: 'file.csv', start: '2026-03-01', days: 4, currency: 'USD' });
    expect(lastDayOf(h)).toBe('2026-03-04');
    expect(h.skus.map((s) => [s.sku, s.demand])).toEqual([
      ['A', [3, 0, 0, 3]],
      ['B', [0, 0, 1, 0]],
    ]);
  });

  it('values a unit at its median price in one currency, and opens with 30 days of the early pace', () => {
    const [a, b] = historyFromOrders('file.csv', lines, usd).skus;
    // Prices 10.00, 10.00 and 300.00 MXN = 15.00 USD: the median is 10.00.
    expect(a?.unitValueMinor).toBe(1000);
    // 6 units over 4 days = 1.5 a day: 45 units.
    expect(a?.openingStock).toBe(45);
    expect(b?.openingStock).toBe(Math.ceil(30 * 0.25));
  });

  it('takes given opening stock as it is', () => {
    const h = historyFromOrders('demo', lines, usd, new Map([['A', 150]]));
    expect(h.skus[0]?.openingStock).toBe(150);
  });
});
