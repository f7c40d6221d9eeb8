import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Seller, seedSeller } from '../../test/support/seller.ts';
import { engines, freshStore, type TestStore } from '../../test/support/stores.ts';
import { ordersById } from '../store/orderQueries.ts';
import { receive } from '../store/stockLedger.ts';
import { verifyLedger } from '../store/verify.ts';
import { placeOrder } from './orderIntake.ts';

describe.each(engines)('taking orders together (group commit) on %s', (engine) => {
  let store: TestStore;
  let seller: Seller;
  beforeAll(async () => {
    store = await freshStore(engine);
    seller = await seedSeller(store);
    await receive(
      store,
      { organizationId: seller.org, skuId: seller.sku.A, warehouseId: seller.tx, actor: 'test' },
      25,
    );
    await receive(
      store,
      { organizationId: seller.org, skuId: seller.sku.B, warehouseId: seller.ca, actor: 'test' },
      100,
    );
  });
  afterAll(() => store?.dispose());

  const order = (externalId: string, sku: string, storefront = 'TTS-MX') => ({
    storefront,
    externalId,
    paidAt: '2026-11-26T10:00:00-06:00',
    lines: [{ sku, quantity: 1, unitPriceMinor: 10_000 }],
  });

  it('never sells the same unit twice when orders arrive at once', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, (_, i) => placeOrder(store, seller.org, order(`HOT-${i}`, 'A'), 'test')),
    );
    const count = (status: string) => outcomes.filter((o) => o.status === status).length;
    expect([count('reserved'), count('awaiting_stock')]).toEqual([25, 15]);
    expect(await verifyLedger(store, seller.org)).toEqual([]);
  });

  it('takes an order delivered several times at once exactly once', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 5 }, () => placeOrder(store, seller.org, order('SAME-1', 'B'), 'test')),
    );
    expect(outcomes.filter((o) => o.status === 'reserved')).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === 'duplicate')).toHaveLength(4);
    expect(new Set(outcomes.map((o) => o.orderId)).size).toBe(1);
  });

  it('answers each caller with its own order when storefronts are mixed in one turn', async () => {
    const outcomes = await Promise.all([
      placeOrder(store, seller.org, order('MIX-MX', 'B'), 'test'),
      placeOrder(store, seller.org, order('MIX-US', 'B', 'TTS-US'), 'test'),
      placeOrder(store, seller.org, order('MIX-MX-2', 'B'), 'test'),
    ]);
    const ids = await store.db
      .selectFrom('orders')
      .select(['id', 'external_id'])
      .where('external_id', 'like', 'MIX-%')
      .execute();
    const byExternal = new Map(ids.map((o) => [o.external_id, o.id]));
    expect(outcomes.map((o) => o.orderId)).toEqual([
      byExternal.get('MIX-MX'),
      byExternal.get('MIX-US'),
      byExternal.get('MIX-MX-2'),
    ]);
    expect(outcomes.every((o) => o.status === 'reserved')).toBe(true);
  });

  it('knows the order it reserved as it is stored, without reading it back', async () => {
    const placed = await placeOrder(store, seller.org, order('KNOWN-1', 'B', 'TTS-US'), 'test');
    expect(placed.status).toBe('reserved');
    expect(placed.order).not.toBeNull();
    expect(placed.order).toEqual((await ordersById(store, seller.org, [placed.orderId]))[0]);
    // A duplicate may have changed since it was stored: only the database knows it.
    const again = await placeOrder(store, seller.org, order('KNOWN-1', 'B', 'TTS-US'), 'test');
    expect([again.status, again.order]).toEqual(['duplicate', null]);
  });
});
