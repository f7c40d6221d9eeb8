import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Seller, seedSeller } from '../../test/support/seller.ts';
import { engines, freshStore, type TestStore } from '../../test/support/stores.ts';
import { cancelOrder, type OrderInput, reserveOrder, returnItems, shipOrder } from './reservations.ts';
import { adjust, count, receive, StockError, setInbound, transfer } from './stockLedger.ts';
import { verifyLedger } from './verify.ts';

describe.each(engines)('stock and orders on %s', (engine) => {
  let store: TestStore;
  let s: Seller;
  beforeEach(async () => {
    store = await freshStore(engine);
    s = await seedSeller(store);
  });
  afterEach(async () => {
    expect(await verifyLedger(store)).toEqual([]); // every test leaves a ledger that adds up
    await store.dispose();
  });

  const mv = (sku: keyof Seller['sku'], warehouse: 'tx' | 'ca', extra: object = {}) => ({
    organizationId: s.org,
    skuId: s.sku[sku],
    warehouseId: s[warehouse],
    actor: 'test',
    ...extra,
  });
  const level = async (sku: keyof Seller['sku'], warehouse: 'tx' | 'ca') =>
    store.db
      .selectFrom('stock_levels')
      .select(['on_hand', 'reserved'])
      .where('sku_id', '=', s.sku[sku])
      .where('warehouse_id', '=', s[warehouse])
      .executeTakeFirst();
  const order = (
    externalId: string,
    lines: [keyof Seller['sku'], number][],
    storefront: 'us' | 'mx' = 'mx',
  ): OrderInput => ({
    organizationId: s.org,
    storefrontId: s[storefront],
    externalId,
    paidAt: '2026-05-22T22:00:00Z', // Fri 15:00 PDT, before Memorial Day
    currency: 'MXN',
    lines: lines.map(([sku, quantity]) => ({ skuId: s.sku[sku], quantity, unitPriceMinor: 19900 })),
    actor: 'test',
  });

  it('reserves an order from one warehouse, with its ship-by deadline [P11]', async () => {
    await receive(store, mv('A', 'tx'), 5);
    const outcome = await reserveOrder(store, order('MX-1', [['A', 2]]), s.rule);
    expect(outcome).toMatchObject({
      status: 'reserved',
      shipBy: '2026-05-28T06:59:59Z',
      picks: [{ skuId: s.sku.A, warehouseId: s.tx, quantity: 2 }],
    });
    expect(await level('A', 'tx')).toEqual({ on_hand: 5, reserved: 2 });
  });

  it('ships: on hand and reserved both drop; shipping twice changes nothing', async () => {
    await receive(store, mv('A', 'tx'), 5);
    const o = await reserveOrder(store, order('MX-1', [['A', 2]]), s.rule);
    expect(await shipOrder(store, o.orderId, { carrier: 'UPS', tracking: '1Z999', actor: 'test' })).toBe(
      'shipped',
    );
    expect(await shipOrder(store, o.orderId, { carrier: 'UPS', tracking: '1Z999', actor: 'test' })).toBe(
      'already_shipped',
    );
    expect(await level('A', 'tx')).toEqual({ on_hand: 3, reserved: 0 });
  });

  it('cancels: the reservation is released, first to the order waiting for it, then for others', async () => {
    await receive(store, mv('A', 'tx'), 2);
    const o = await reserveOrder(store, order('MX-1', [['A', 2]]), s.rule);
    const waiting = await reserveOrder(store, order('MX-2', [['A', 1]]), s.rule);
    expect(waiting.status).toBe('awaiting_stock');
    await cancelOrder(store, o.orderId, 'test', 'buyer cancelled');
    // MX-2 waited for one unit: the cancel's transaction reserved it.
    expect(await level('A', 'tx')).toEqual({ on_hand: 2, reserved: 1 });
    const row = await store.db
      .selectFrom('orders')
      .select(['status', 'waiting_reason'])
      .where('id', '=', waiting.orderId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'reserved', waiting_reason: null });
    expect((await reserveOrder(store, order('MX-3', [['A', 1]]), s.rule)).status).toBe('reserved');
    expect(await level('A', 'tx')).toEqual({ on_hand: 2, reserved: 2 });
  });

  it('cancels an order once when two cancels race, even while other orders hold units', async () => {
    await receive(store, mv('A', 'tx'), 10);
    await reserveOrder(store, order('MX-1', [['A', 2]]), s.rule);
    const o2 = await reserveOrder(store, order('MX-2', [['A', 2]]), s.rule);
    const results = await Promise.all([
      cancelOrder(store, o2.orderId, 'a', 'x'),
      cancelOrder(store, o2.orderId, 'b', 'x'),
    ]);
    expect(results.sort()).toEqual(['already_cancelled', 'cancelled']);
    expect(await level('A', 'tx')).toEqual({ on_hand: 10, reserved: 2 });
  });

  it('refuses a transfer to the warehouse it comes from', async () => {
    await receive(store, mv('A', 'tx'), 2);
    await expect(transfer(store, mv('A', 'tx'), s.tx, 1)).rejects.toThrow('two different warehouses');
  });

  it('counts a damaged return toward what an order can send back', async () => {
    await receive(store, mv('A', 'tx'), 2);
    const o = await reserveOrder(store, order('MX-1', [['A', 1]]), s.rule);
    await shipOrder(store, o.orderId, { carrier: 'UPS', tracking: '1Z2', actor: 'test' });
    await returnItems(store, {
      orderId: o.orderId,
      skuId: s.sku.A,
      warehouseId: s.tx,
      quantity: 1,
      sellable: false,
      actor: 'test',
    });
    await expect(
      returnItems(store, {
        orderId: o.orderId,
        skuId: s.sku.A,
        warehouseId: s.tx,
        quantity: 1,
        sellable: true,
        actor: 'test',
      }),
    ).rejects.toThrow('shipped 1 of this SKU and 1 came back already');
    expect(await level('A', 'tx')).toEqual({ on_hand: 1, reserved: 0 });
  });

  it('restocks a sellable return, and only a sellable one', async () => {
    await receive(store, mv('A', 'tx'), 2);
    const o = await reserveOrder(store, order('MX-1', [['A', 2]]), s.rule);
    await shipOrder(store, o.orderId, { carrier: 'UPS', tracking: '1Z1', actor: 'test' });
    await returnItems(store, {
      orderId: o.orderId,
      skuId: s.sku.A,
      warehouseId: s.tx,
      quantity: 1,
      sellable: false,
      actor: 'test',
    });
    await returnItems(store, {
      orderId: o.orderId,
      skuId: s.sku.A,
      warehouseId: s.tx,
      quantity: 1,
      sellable: true,
      actor: 'test',
    });
    expect(await level('A', 'tx')).toEqual({ on_hand: 1, reserved: 0 });
  });

  it('sums two lines of one SKU: 3 + 3 of a SKU with 5 is refused whole', async () => {
    await receive(store, mv('A', 'tx'), 5);
    const outcome = await reserveOrder(
      store,
      order('MX-1', [
        ['A', 3],
        ['A', 3],
      ]),
      s.rule,
    );
    expect(outcome).toMatchObject({
      status: 'awaiting_stock',
      shortfalls: [{ skuId: s.sku.A, wanted: 6, available: 5 }],
    });
    expect(await level('A', 'tx')).toEqual({ on_hand: 5, reserved: 0 });
  });

  it('never reserves part of an order: one short line leaves every line unreserved, with a loud oversell alert', async () => {
    await receive(store, mv('A', 'tx'), 5);
    await receive(store, mv('B', 'tx'), 1);
    const outcome = await reserveOrder(
      store,
      order('MX-9', [
        ['A', 2],
        ['B', 3],
      ]),
      s.rule,
    );
    expect(outcome.status).toBe('awaiting_stock');
    expect(await level('A', 'tx')).toEqual({ on_hand: 5, reserved: 0 });
    const alert = await store.db.selectFrom('alerts').selectAll().executeTakeFirstOrThrow();
    expect(alert).toMatchObject({ kind: 'oversell', severity: 'critical', state: 'open' });
    // One alert per short SKU and storefront (A is there for the order): B on TTS-MX.
    expect(alert).toMatchObject({
      subject: `oversell:${s.mx}:${s.sku.B}`,
      message: 'B on TikTok Shop MX (TTS-MX): 1 order waits for stock, 2 units short; last published 1',
    });
    expect(JSON.parse(alert.data)).toEqual({
      sku: 'B',
      skuId: s.sku.B,
      storefront: 'TTS-MX',
      orders: 1,
      unitsShort: 2,
      published: 1,
    });
    const row = await store.db
      .selectFrom('orders')
      .select(['status', 'waiting_reason'])
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('awaiting_stock');
    expect(JSON.parse(row.waiting_reason as string)).toEqual({
      shortfalls: [{ skuId: s.sku.B, sku: 'B', wanted: 3, available: 1 }],
      splitWouldFill: false,
    });
  });

  it('prefers one warehouse that has everything over splitting, and splits only where allowed', async () => {
    await receive(store, mv('A', 'tx'), 1);
    await receive(store, mv('A', 'ca'), 3);
    const whole = await reserveOrder(store, order('US-1', [['A', 2]], 'us'), s.rule);
    expect(whole).toMatchObject({ status: 'reserved', picks: [{ warehouseId: s.ca, quantity: 2 }] });
    await receive(store, mv('A', 'tx'), 1); // TX 2, CA 1 left
    const split = await reserveOrder(store, order('MX-2', [['A', 3]]), s.rule);
    expect(split).toMatchObject({ status: 'awaiting_stock', splitWouldFill: true });
  });

  it('keeps a re-delivered order to one order and one reservation', async () => {
    await receive(store, mv('A', 'tx'), 5);
    const outcomes = await Promise.all(
      Array.from({ length: 5 }, () => reserveOrder(store, order('MX-7', [['A', 1]]), s.rule)),
    );
    expect(outcomes.filter((o) => o.status === 'reserved')).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === 'duplicate')).toHaveLength(4);
    expect(new Set(outcomes.map((o) => o.orderId)).size).toBe(1);
    expect(await store.db.selectFrom('reservations').select('id').execute()).toHaveLength(1);
    expect(await level('A', 'tx')).toEqual({ on_hand: 5, reserved: 1 });
  });

  it('refuses to take on hand below what is reserved, and applies an idempotent movement once', async () => {
    await receive(store, mv('A', 'tx', { idempotencyKey: 'po-1' }), 3);
    expect(await receive(store, mv('A', 'tx', { idempotencyKey: 'po-1' }), 3)).toBe('duplicate');
    await reserveOrder(store, order('MX-1', [['A', 2]]), s.rule);
    await expect(adjust(store, mv('A', 'tx', { reason: 'damaged' }), -2)).rejects.toThrow(StockError);
    await adjust(store, mv('A', 'tx', { reason: 'damaged' }), -1);
    expect(await level('A', 'tx')).toEqual({ on_hand: 2, reserved: 2 });
  });

  it('records stock on its way beside the level, without making it available', async () => {
    await receive(store, mv('A', 'tx'), 1);
    await setInbound(store, mv('A', 'tx'), 300, '2026-12-08');
    const row = await store.db
      .selectFrom('stock_levels')
      .select(['on_hand', 'reserved', 'inbound', 'inbound_eta'])
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ on_hand: 1, reserved: 0, inbound: 300, inbound_eta: '2026-12-08' });
    expect((await reserveOrder(store, order('MX-1', [['A', 2]]), s.rule)).status).toBe('awaiting_stock');
  });

  it('counts: the ledger records the difference from the books', async () => {
    await receive(store, mv('C', 'ca'), 10);
    expect(await count(store, mv('C', 'ca', { reason: '3PL cycle count' }), 7)).toEqual({
      delta: -3,
      applied: 'applied',
    });
    expect(await level('C', 'ca')).toEqual({ on_hand: 7, reserved: 0 });
  });

  it('transfers between warehouses all or nothing', async () => {
    await receive(store, mv('B', 'tx'), 4);
    await transfer(store, mv('B', 'tx'), s.ca, 3);
    await expect(transfer(store, mv('B', 'tx'), s.ca, 2)).rejects.toThrow(StockError);
    expect([await level('B', 'tx'), await level('B', 'ca')]).toEqual([
      { on_hand: 1, reserved: 0 },
      { on_hand: 3, reserved: 0 },
    ]);
  });

  it('[P15] publishes available minus the buffer to each storefront, after every change', async () => {
    await store.db.updateTable('storefronts').set({ buffer_units: 2 }).where('id', '=', s.mx).execute();
    await receive(store, mv('A', 'tx'), 5);
    await receive(store, mv('A', 'ca'), 1);
    await reserveOrder(store, order('US-1', [['A', 1]], 'us'), s.rule);
    const latest = async (storefront: string) =>
      (
        await store.db
          .selectFrom('published_quantities')
          .select('quantity')
          .where('storefront_id', '=', storefront)
          .where('sku_id', '=', s.sku.A)
          .orderBy('id', 'desc')
          .executeTakeFirstOrThrow()
      ).quantity;
    expect(await latest(s.us)).toBe(5);
    expect(await latest(s.mx)).toBe(3);
  });
});
