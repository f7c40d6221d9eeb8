import { describe, expect, it } from 'vitest';
import { findColumns } from './findColumns.ts';
import { requiredShipColumns, shipColumns } from './shipColumns.ts';

const ship = (headers: string[]) => findColumns(headers, shipColumns, requiredShipColumns);

describe('bulk-ship columns, as each tool names them', () => {
  it.each([
    ['Puente’s own', ['external_id', 'storefront', 'carrier', 'tracking']],
    ['an order_id column', ['order_id', 'storefront', 'carrier', 'tracking']],
    ['TikTok Shop’s batch-shipping template', ['Order ID', 'Shipping Provider Name', 'Tracking ID']],
    ['Tracking number spelled out', ['Order Number', 'Carrier', 'Tracking Number']],
    ['a Chinese ERP shipment export', ['订单号', '物流商', '运单号']],
    ['another ERP’s words', ['平台订单号', '承运商', '跟踪号']],
    ['a Mexican carrier’s sheet', ['Pedido', 'Paquetería', 'Número de guía']],
  ])('%s', (_shape, headers) => {
    const { index, missing } = ship(headers);
    expect(missing).toEqual([]);
    expect(Object.keys(index).sort()).toEqual(
      headers.length === 4
        ? ['carrier', 'external_id', 'storefront', 'tracking']
        : ['carrier', 'external_id', 'tracking'],
    );
  });

  it('takes the first of two columns with the same meaning', () => {
    expect(ship(['Order ID', '订单号', 'carrier', 'tracking']).index.external_id).toBe(0);
  });

  it('names every name a missing column is accepted under', () => {
    const { missing } = ship(['订单号', '运单号']);
    expect(missing.map((m) => m.column)).toEqual(['carrier']);
    expect(missing[0]?.accepted).toEqual(
      expect.arrayContaining(['carrier', 'shipping provider name', '物流商', '承运商']),
    );
  });
});
