import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Seller, seedSeller } from '../../test/support/seller.ts';
import { engines, freshStore, type TestStore } from '../../test/support/stores.ts';
import { demandSince, foldDemandDays, verifyDemandDays } from './demandDays.ts';
import { reserveOrders } from './reservations.ts';
import { cancelOrder, shipOrder } from './settling.ts';
import { receive } from './stockLedger.ts';
import { stockOutsSince } from './stockOuts.ts';

/**
 * Daily demand is a projection the database keeps through every write, and stock-outs are recorded
 * when a storefront's figure reaches 0 and when it comes back, at the time the events happened.
 */
describe.each(engines)('demand days and stock-outs on %s', (engine) => {
  let store: TestStore;
  let s: Seller;

  beforeEach(async () => {
    store = await freshStore(engine);
    s = await seedSeller(store);
  });
  afterEach(() => store.dispose());

  const order = (n: number, paidAt: string, sku: string, quantity: number, storefrontId = s.mx) => ({
    organizationId: s.org,
    storefrontId,
    externalId: `O-${n}`,
    paidAt,
    takenAt: paidAt,
    currency: 'MXN',
    lines: [{ skuId: sku, quantity, unitPriceMinor: 19900 }],
    actor: 'test',
  });

  it('counts paid orders per day, waiting ones too, and drops cancelled ones', async () => {
    await receive(
      store,
      { organizationId: s.org, actor: 'test', skuId: s.sku.A, warehouseId: s.tx, at: '2026-11-01T00:00:00Z' },
      3,
    );
    const [first, , third] = await reserveOrders(
      store,
      [
        order(1, '2026-11-02T10:00:00Z', s.sku.A, 2),
        order(2, '2026-11-02T18:00:00Z', s.sku.A, 1, s.us),
        // Only 0 left: this one waits for stock, and still counts as demand of its day.
        order(3, '2026-11-03T09:00:00Z', s.sku.A, 4),
      ],
      s.rule,
    );
    expect(third?.status).toBe('awaiting_stock');
    await shipOrder(store, first?.orderId as string, { carrier: 'DHL', tracking: 'T1', actor: 'test' });
    await foldDemandDays(store, s.org);
    const days = await demandSince(store.db, s.org, '2026-11-01');
    const sorted = days.sort((a, b) =>
      `${a.day}${a.storefrontId}`.localeCompare(`${b.day}${b.storefrontId}`),
    );
    expect(sorted).toEqual(
      [
        { skuId: s.sku.A, storefrontId: s.mx, warehouseId: s.tx, day: '2026-11-02', units: 2 },
        { skuId: s.sku.A, storefrontId: s.us, warehouseId: s.tx, day: '2026-11-02', units: 1 },
        // A waiting order sits in the queue of the warehouse that will ship it.
        { skuId: s.sku.A, storefrontId: s.mx, warehouseId: s.tx, day: '2026-11-03', units: 4 },
      ].sort((a, b) => `${a.day}${a.storefrontId}`.localeCompare(`${b.day}${b.storefrontId}`)),
    );
    await cancelOrder(store, third?.orderId as string, 'test', 'buyer asked');
    expect((await demandSince(store.db, s.org, '2026-11-03')).map((d) => d.units)).toEqual([]);
    expect(await verifyDemandDays(store, s.org)).toEqual([]);
    // A waiting order reserved when stock arrives stays on its day.
    await reserveOrders(store, [order(4, '2026-11-04T09:00:00Z', s.sku.A, 5)], s.rule);
    await receive(store, { organizationId: s.org, actor: 'test', skuId: s.sku.A, warehouseId: s.tx }, 10);
    expect(await demandSince(store.db, s.org, '2026-11-04')).toEqual([
      { skuId: s.sku.A, storefrontId: s.mx, warehouseId: s.tx, day: '2026-11-04', units: 5 },
    ]);
    await foldDemandDays(store, s.org);
    expect(await verifyDemandDays(store, s.org)).toEqual([]);
  });

  it('records when a storefront ran out and when it could sell again, at the events’ times', async () => {
    const at = { organizationId: s.org, actor: 'test', skuId: s.sku.B, warehouseId: s.tx };
    await receive(store, { ...at, at: '2026-11-01T00:00:00Z' }, 2);
    await reserveOrders(store, [order(1, '2026-11-05T12:00:00Z', s.sku.B, 2)], s.rule);
    await receive(store, { ...at, at: '2026-11-08T06:00:00Z' }, 5);
    const outs = await stockOutsSince(store.db, s.org, '2026-11-01T00:00:00Z', [s.sku.B]);
    expect(outs).toEqual(
      expect.arrayContaining([
        {
          skuId: s.sku.B,
          storefrontId: s.mx,
          startedAt: '2026-11-05T12:00:00Z',
          endedAt: '2026-11-08T06:00:00Z',
        },
        {
          skuId: s.sku.B,
          storefrontId: s.us,
          startedAt: '2026-11-05T12:00:00Z',
          endedAt: '2026-11-08T06:00:00Z',
        },
      ]),
    );
    expect(outs).toHaveLength(2);
  });
});
