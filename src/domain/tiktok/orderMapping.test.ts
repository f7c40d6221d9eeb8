import { describe, expect, it } from 'vitest';
import { isNewerVersion, mapTikTokOrder, shipDeadline, stepsFor, targetOf } from './orderMapping.ts';

const order = {
  id: '576653688135258178',
  status: 'AWAITING_SHIPMENT',
  update_time: 1_718_305_600,
  create_time: 1_718_305_500,
  paid_time: 1_718_305_585,
  rts_sla_time: 1_718_478_385,
  shipping_due_time: 1_718_564_785,
  payment: { currency: 'USD' },
  line_items: [
    { seller_sku: 'A', sale_price: '10.00' },
    { seller_sku: 'A', sale_price: '8.00' },
    { seller_sku: 'B', sale_price: '2.50' },
  ],
};

describe('mapping a TikTok order', () => {
  it('makes one line per seller SKU, a line item being one unit', () => {
    const m = mapTikTokOrder(order);
    expect(m.lines).toEqual([
      { sellerSku: 'A', quantity: 2, unitPriceMinor: 900 },
      { sellerSku: 'B', quantity: 1, unitPriceMinor: 250 },
    ]);
    expect(m).toMatchObject({ externalId: order.id, paidAt: '2024-06-13T19:06:25Z', currency: 'USD' });
  });

  it('keeps TikTok’s deadlines by name, and ships by the earlier of rts_sla_time and shipping_due_time', () => {
    const m = mapTikTokOrder(order);
    expect(m.sla).toEqual({
      rts_sla_time: '2024-06-15T19:06:25Z',
      shipping_due_time: '2024-06-16T19:06:25Z',
    });
    expect(m.marketplaceShipBy).toBe('2024-06-15T19:06:25Z');
  });

  it('counts line items without a seller SKU rather than dropping them', () => {
    expect(mapTikTokOrder({ ...order, line_items: [{ sale_price: '1.00' }] }).linesWithoutSku).toBe(1);
  });

  it('reads both spellings of a cancel, and knows no status it was not told of', () => {
    expect([targetOf('CANCELLED'), targetOf('CANCEL'), targetOf('ON_HOLD'), targetOf('SOMETHING')]).toEqual([
      'cancelled',
      'cancelled',
      'on_hold',
      'unknown',
    ]);
  });
});

describe('which version wins', () => {
  it('is the newer update_time, and within one second the status further along', () => {
    const paid = { status: 'AWAITING_SHIPMENT', updateTime: 100 };
    expect(isNewerVersion(paid, { status: 'CANCELLED', updateTime: 100 })).toBe(true);
    expect(isNewerVersion({ status: 'CANCELLED', updateTime: 100 }, paid)).toBe(false);
    expect(isNewerVersion({ status: 'CANCELLED', updateTime: 101 }, paid)).toBe(false);
    expect(isNewerVersion(paid, paid)).toBe(true);
  });
});

describe('the steps from where the Puente order stands', () => {
  it('holds nothing for an unpaid order, reserves a paid one, parks one with an unknown SKU', () => {
    expect(stepsFor('none', 'unpaid', true)).toEqual([]);
    expect(stepsFor('none', 'reserve', true)).toEqual(['take']);
    expect(stepsFor('none', 'on_hold', true)).toEqual(['take', 'hold']);
    expect(stepsFor('none', 'reserve', false)).toEqual(['park']);
    expect(stepsFor('parked', 'reserve', true)).toEqual(['take_parked']);
    expect(stepsFor('parked', 'reserve', false)).toEqual([]);
  });

  it('ends a hold, ships, delivers, cancels once, and never goes back', () => {
    expect(stepsFor('on_hold', 'reserve', true)).toEqual(['end_hold']);
    expect(stepsFor('reserved', 'delivered', true)).toEqual(['ship', 'deliver']);
    expect(stepsFor('reserved', 'cancelled', true)).toEqual(['cancel']);
    expect(stepsFor('cancelled', 'cancelled', true)).toEqual([]);
    expect(stepsFor('cancelled', 'reserve', true)).toEqual([]);
    expect(stepsFor('shipped', 'reserve', true)).toEqual([]);
    expect(stepsFor('reserved', 'on_hold', true)).toEqual(['hold']);
  });

  it('records an order first seen shipped or cancelled as it is, without moving stock', () => {
    expect(stepsFor('none', 'shipped', true)).toEqual(['record']);
    expect(stepsFor('none', 'cancelled', false)).toEqual(['record']);
  });
});

describe('the deadline the board uses', () => {
  it('is the earlier one, and the two disagree beyond a minute', () => {
    expect(shipDeadline('2026-12-02T18:00:00Z', '2026-12-02T17:00:00Z')).toEqual({
      shipBy: '2026-12-02T17:00:00Z',
      disagree: true,
    });
    expect(shipDeadline('2026-12-02T18:00:00Z', '2026-12-02T18:00:59Z')).toEqual({
      shipBy: '2026-12-02T18:00:00Z',
      disagree: false,
    });
    expect(shipDeadline('2026-12-02T18:00:00Z', null)).toEqual({
      shipBy: '2026-12-02T18:00:00Z',
      disagree: false,
    });
  });
});
