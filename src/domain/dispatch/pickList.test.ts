import { describe, expect, it } from 'vitest';
import { groupPickList, type ReservedUnits } from './pickList.ts';

const units = (orderId: string, sku: string, warehouse: string, quantity: number): ReservedUnits => ({
  orderId,
  externalId: orderId.toUpperCase(),
  storefront: 'TTS-MX',
  sku,
  title: `Title of ${sku}`,
  warehouse,
  quantity,
});

describe('groupPickList', () => {
  it('makes one line per SKU in each warehouse, warehouses and SKUs in order, with each order once', () => {
    const list = groupPickList([
      units('mx-2', 'PT-TOY-005', 'TX', 1),
      units('mx-1', 'PT-TOY-005', 'TX', 2),
      units('mx-1', 'CASE-01', 'TX', 1),
      // A split order: part of its SKU from California.
      units('mx-3', 'PT-TOY-005', 'CA', 1),
      // Two reservation rows of one order for the same SKU and warehouse count as one entry.
      units('mx-3', 'CASE-01', 'TX', 2),
      units('mx-3', 'CASE-01', 'TX', 1),
    ]);
    expect(
      list.map((g) => [g.warehouse, g.sku, g.totalQuantity, g.orders.map((o) => [o.externalId, o.quantity])]),
    ).toEqual([
      ['CA', 'PT-TOY-005', 1, [['MX-3', 1]]],
      [
        'TX',
        'CASE-01',
        4,
        [
          ['MX-1', 1],
          ['MX-3', 3],
        ],
      ],
      [
        'TX',
        'PT-TOY-005',
        3,
        [
          ['MX-1', 2],
          ['MX-2', 1],
        ],
      ],
    ]);
  });

  it('is empty for nothing to pick', () => {
    expect(groupPickList([])).toEqual([]);
  });
});
