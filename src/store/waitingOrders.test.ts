import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Seller, seedSeller } from '../../test/support/seller.ts';
import { engines, freshStore, type TestStore } from '../../test/support/stores.ts';
import { type OrderInput, reserveOrder } from './reservations.ts';
import { cancelOrder, returnItems, shipOrder } from './settling.ts';
import { receive, transfer } from './stockLedger.ts';
import { verifyLedger } from './verify.ts';
import { retryWaitingOrder, waitingExposure } from './waitingOrders.ts';

describe.each(engines)('orders waiting for stock on %s', (engine) => {
  let store: TestStore;
  let s: Seller;
  beforeEach(async () => {
    store = await freshStore(engine);
    s = await seedSeller(store, { mxBufferUnits: 5 });
  });
  afterEach(async () => {
    expect(await verifyLedger(store)).toEqual([]);
    await store.dispose();
  });

  const mv = (sku: keyof Seller['sku'], warehouse: 'tx' | 'ca') => ({
    organizationId: s.org,
    skuId: s.sku[sku],
    warehouseId: s[warehouse],
    actor: 'user:ops@example.com',
  });
  const order = (
    externalId: string,
    paidAt: string,
    lines: [keyof Seller['sku'], number][],
    storefront: 'us' | 'mx' = 'mx',
  ): OrderInput => ({
    organizationId: s.org,
    storefrontId: s[storefront],
    externalId,
    paidAt,
    currency: 'MXN',
    lines: lines.map(([sku, quantity]) => ({ skuId: s.sku[sku], quantity, unitPriceMinor: 19900 })),
    actor: 'test',
  });
  const orders = () =>
    store.db
      .selectFrom('orders')
      .select(['external_id', 'status', 'warehouse_id', 'operational_by', 'ship_by'])
      .orderBy('external_id')
      .execute();
  const statuses = async () => Object.fromEntries((await orders()).map((o) => [o.external_id, o.status]));
  const openAlerts = () =>
    store.db
      .selectFrom('alerts')
      .select(['subject', 'message'])
      .where('kind', '=', 'oversell')
      .where('state', '=', 'open')
      .execute();

  it('reserves waiting orders when stock arrives: earliest payment first, whole orders only, first fit', async () => {
    // Paid in the order W-2, W-3, W-1 (Fri 22 May 2026, UTC).
    await reserveOrder(store, order('W-1', '2026-05-22T18:00:00Z', [['A', 2]]), s.rule);
    await reserveOrder(store, order('W-2', '2026-05-22T16:00:00Z', [['A', 3]]), s.rule);
    await reserveOrder(store, order('W-3', '2026-05-22T17:00:00Z', [['A', 1]]), s.rule);
    expect(await openAlerts()).toEqual([
      {
        subject: `oversell:${s.mx}:${s.sku.A}`,
        message: 'A on TikTok Shop MX (TTS-MX): 3 orders wait for stock, 6 units short; last published never',
      },
    ]);

    // 4 units: W-2 (3) first, then W-1 (2) does not fit, W-3 (1) does.
    await receive(store, mv('A', 'tx'), 4);
    expect(await statuses()).toEqual({ 'W-1': 'awaiting_stock', 'W-2': 'reserved', 'W-3': 'reserved' });
    expect(await openAlerts()).toEqual([
      {
        subject: `oversell:${s.mx}:${s.sku.A}`,
        message: 'A on TikTok Shop MX (TTS-MX): 1 order waits for stock, 2 units short; last published 0',
      },
    ]);
    // Deadlines as a reservation computes them: the warehouse's queue and its last pickup [P11].
    const w2 = (await orders()).find((o) => o.external_id === 'W-2');
    expect(w2).toMatchObject({ warehouse_id: s.tx, ship_by: '2026-05-28T06:59:59Z' });
    expect(w2?.operational_by).not.toBeNull();
    const moves = await store.db
      .selectFrom('stock_movements')
      .select(['kind', 'reserved_delta', 'actor', 'reason'])
      .where('kind', '=', 'reserve')
      .orderBy('id')
      .execute();
    expect(moves).toEqual([
      { kind: 'reserve', reserved_delta: 3, actor: 'user:ops@example.com', reason: 'waited for stock' },
      { kind: 'reserve', reserved_delta: 1, actor: 'user:ops@example.com', reason: 'waited for stock' },
    ]);

    // Two more: the last one is reserved and the alert resolves itself.
    await receive(store, mv('A', 'ca'), 2);
    expect(await statuses()).toEqual({ 'W-1': 'reserved', 'W-2': 'reserved', 'W-3': 'reserved' });
    expect(await openAlerts()).toEqual([]);
  });

  it('lets a waiting order take the units the buffer holds back from what is published', async () => {
    // TTS-MX keeps 5 units back from what it publishes; a paid order is already sold.
    await reserveOrder(store, order('W-1', '2026-05-22T18:00:00Z', [['A', 3]]), s.rule);
    await receive(store, mv('A', 'tx'), 3);
    expect(await statuses()).toEqual({ 'W-1': 'reserved' });
  });

  it('reserves a no-split order when a transfer brings its units into one warehouse', async () => {
    await receive(store, mv('A', 'tx'), 1);
    await receive(store, mv('A', 'ca'), 1);
    const waiting = await reserveOrder(store, order('U-1', '2026-05-22T18:00:00Z', [['A', 2]], 'us'), s.rule);
    expect(waiting).toMatchObject({ status: 'awaiting_stock', splitWouldFill: true });
    await transfer(store, mv('A', 'ca'), s.tx, 1);
    expect(await statuses()).toEqual({ 'U-1': 'reserved' });
    expect(await openAlerts()).toEqual([]);
  });

  it('reserves waiting orders with the units a restocked return brings back', async () => {
    await receive(store, mv('B', 'tx'), 2);
    const sold = await reserveOrder(store, order('S-1', '2026-05-22T15:00:00Z', [['B', 2]]), s.rule);
    await shipOrder(store, sold.orderId, { carrier: 'UPS', tracking: '1Z1', actor: 'test' });
    await reserveOrder(store, order('W-1', '2026-05-22T18:00:00Z', [['B', 1]]), s.rule);
    // Damaged: written off, nothing for the waiting order.
    await returnItems(store, {
      orderId: sold.orderId,
      skuId: s.sku.B,
      quantity: 1,
      sellable: false,
      actor: 'test',
    });
    expect(await statuses()).toMatchObject({ 'W-1': 'awaiting_stock' });
    const back = await returnItems(store, {
      orderId: sold.orderId,
      skuId: s.sku.B,
      quantity: 1,
      sellable: true,
      actor: 'test',
    });
    expect(back).toEqual({ warehouseId: s.tx });
    expect(await statuses()).toMatchObject({ 'W-1': 'reserved' });
  });

  it('cancels a waiting order: nothing is released, its alert resolves', async () => {
    await receive(store, mv('A', 'tx'), 1);
    const w = await reserveOrder(store, order('W-1', '2026-05-22T18:00:00Z', [['A', 2]]), s.rule);
    expect(await openAlerts()).toHaveLength(1);
    expect(await cancelOrder(store, w.orderId, 'test', 'buyer gave up')).toBe('cancelled');
    expect(await openAlerts()).toEqual([]);
    const level = await store.db.selectFrom('stock_levels').select(['on_hand', 'reserved']).execute();
    expect(level).toEqual([{ on_hand: 1, reserved: 0 }]);
  });

  it('retries one waiting order now, from the storefront’s warehouses or from one of them', async () => {
    await receive(store, mv('A', 'tx'), 1);
    await receive(store, mv('A', 'ca'), 1);
    const us = await reserveOrder(store, order('U-1', '2026-05-22T18:00:00Z', [['A', 2]], 'us'), s.rule);
    // TTS-US does not split, and neither warehouse has 2: still waiting, from either.
    expect(await retryWaitingOrder(store, us.orderId, { actor: 'test', fromWarehouse: s.ca })).toMatchObject({
      status: 'awaiting_stock',
      shortfalls: [{ skuId: s.sku.A, wanted: 2, available: 1 }],
    });
    // The seller lets TTS-US split orders (a settings change reserves nothing by itself): a retry
    // from CA takes CA's unit first, then TX's.
    await store.db.updateTable('storefronts').set({ allow_split: 1 }).where('id', '=', s.us).execute();
    const retried = await retryWaitingOrder(store, us.orderId, { actor: 'test', fromWarehouse: s.ca });
    expect(retried).toMatchObject({ status: 'reserved' });
    const byWarehouse = (a: { warehouseId: string }, b: { warehouseId: string }) =>
      a.warehouseId < b.warehouseId ? -1 : 1;
    expect(retried.status === 'reserved' && [...retried.picks].sort(byWarehouse)).toEqual(
      [
        { skuId: s.sku.A, warehouseId: s.ca, quantity: 1 },
        { skuId: s.sku.A, warehouseId: s.tx, quantity: 1 },
      ].sort(byWarehouse),
    );
    await expect(retryWaitingOrder(store, us.orderId, { actor: 'test' })).rejects.toThrow(
      'only an order awaiting stock can be retried',
    );
  });

  it('reports per storefront what waits, the units short and the deadlines at risk [P11]', async () => {
    await receive(store, mv('A', 'tx'), 1);
    await reserveOrder(store, order('W-1', '2026-05-22T18:00:00Z', [['A', 3]]), s.rule); // due 28 May
    await reserveOrder(
      store,
      order('W-2', '2026-05-26T18:00:00Z', [
        ['A', 1],
        ['B', 2],
      ]),
      s.rule,
    );
    await reserveOrder(store, order('U-1', '2026-05-26T18:00:00Z', [['C', 4]], 'us'), s.rule);
    // 28 May 12:00 UTC: W-1 is late (due 06:59:59 UTC), W-2 and U-1 are due 29 May 06:59:59 UTC.
    const exposure = await waitingExposure(store, s.org, new Date('2026-05-28T12:00:00Z'));
    expect(exposure).toEqual([
      {
        storefront: 'TTS-MX',
        storefrontName: 'TikTok Shop MX',
        orders: 2,
        // As the per-SKU oversell alerts count it: A is short 2 for W-1 (3 wanted, 1 there; W-2
        // waits for B only, so its A is not counted short), B is short 2 for W-2.
        unitsShort: 2 + 2,
        late: 1,
        dueWithin24h: 1,
      },
      {
        storefront: 'TTS-US',
        storefrontName: 'TikTok Shop US',
        orders: 1,
        unitsShort: 4,
        late: 0,
        dueWithin24h: 1,
      },
    ]);
  });
});
