import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { engines, freshStore, type TestStore } from '../../test/support/stores.ts';
import { findSku } from '../../test/support/tiktokFakeShops.ts';
import { tiktokStockWorld } from '../../test/support/tiktokStockWorld.ts';
import { reconcileIfDue, reconcileTikTokStock } from './tiktokReconcile.ts';
import { pushTikTokStock } from './tiktokStockPush.ts';

/**
 * Reconciliation on both engines, against the TikTok fake: stock edited behind Puente's back (in
 * Seller Center, say) is found, raises an alert and is pushed again; hourly means not before an hour.
 */
describe.each(engines)('reconciling TikTok stock on %s', (engine) => {
  let store: TestStore;
  let world: Awaited<ReturnType<typeof tiktokStockWorld>>;

  beforeAll(async () => {
    store = await freshStore(engine);
  });
  afterAll(() => store?.dispose());
  afterEach(() => world?.fake.close());

  const driftAlerts = () =>
    store.db
      .selectFrom('alerts')
      .select(['subject', 'state', 'data'])
      .where('organization_id', '=', world.org)
      .where('kind', '=', 'sync_failure')
      .where('subject', 'like', 'tiktok-drift:%')
      .execute();

  it('finds stock edited at TikTok, raises an alert, pushes the figure again, and resolves the alert once they agree', async () => {
    world = await tiktokStockWorld(store, { skus: ['PT-1', 'PT-2'], bufferUnits: 1 });
    const w = world;
    const storefrontId = w.storefronts['TTS-US'];
    await w.receive('PT-1', 'TX', 8);
    await w.receive('PT-1', 'CA', 2);
    await w.receive('PT-2', 'TX', 3);
    await pushTikTokStock(store, w.deps, { storefrontId });
    const dallas = w.tiktokWarehouse('US', 'TX');
    expect(w.fake.stockOf(w.us, 'PT-1')[dallas]).toBe(7); // 10 available, 1 held back by TX

    // Someone sets PT-1 to 50 in Dallas in Seller Center.
    const edited = findSku(w.us, 'PT-1')?.sku.inventory.find((i) => i.warehouse_id === dallas);
    if (edited) edited.quantity = 50;

    const result = await reconcileTikTokStock(store, w.deps, { storefrontId });

    expect(result).toMatchObject({
      checked: 2,
      notOnTikTok: 0,
      drift: [{ sku: 'PT-1', tiktokWarehouse: dallas, tiktok: 50, puente: 7 }],
      repushed: { pushed: 1, failed: 0 },
    });
    expect(w.fake.stockOf(w.us, 'PT-1')[dallas]).toBe(7);
    const [alert] = await driftAlerts();
    expect(alert).toMatchObject({ subject: `tiktok-drift:${storefrontId}`, state: 'open' });
    expect(JSON.parse(alert?.data ?? '{}')).toMatchObject({
      event: 'tiktok_stock_drift',
      skus: 1,
      sample: ['PT-1'],
    });

    const again = await reconcileTikTokStock(store, w.deps, { storefrontId });

    expect(again).toMatchObject({ checked: 2, drift: [], repushed: null });
    expect((await driftAlerts()).map((a) => a.state)).toEqual(['resolved']);
  });

  it('runs hourly: not again within the hour, again after it', async () => {
    world = await tiktokStockWorld(store, { skus: ['PT-1'] });
    const w = world;
    const storefrontId = w.storefronts['TTS-MX'];
    await w.receive('PT-1', 'TX', 1);
    await pushTikTokStock(store, w.deps, { storefrontId });

    expect(await reconcileIfDue(store, w.deps, { storefrontId })).toMatchObject({ checked: 1, drift: [] });
    expect(await reconcileIfDue(store, w.deps, { storefrontId })).toBeNull();

    const anHourAgo = new Date(Date.now() - 61 * 60_000).toISOString();
    await store.db
      .updateTable('tiktok_connections')
      .set({ reconciled_at: anHourAgo })
      .where('storefront_id', '=', storefrontId)
      .execute();
    expect(await reconcileIfDue(store, w.deps, { storefrontId })).toMatchObject({ checked: 1 });
  });
});
