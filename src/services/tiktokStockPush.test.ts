import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { engines, freshStore, type TestStore } from '../../test/support/stores.ts';
import { addProduct, findSku } from '../../test/support/tiktokFakeShops.ts';
import { tiktokStockWorld } from '../../test/support/tiktokStockWorld.ts';
import { lastPublished } from '../store/publish.ts';
import { mapTikTokWarehouse } from '../store/tiktokConnections.ts';
import { inTransaction } from '../store/transaction.ts';
import { tiktokOutboxHealth } from './tiktokOutboxHealth.ts';
import { pushTikTokStock } from './tiktokStockPush.ts';

/**
 * Sellable quantities out, on both engines, against the TikTok fake: what each TikTok warehouse is
 * told, which figure wins, partial refusals, stale ids, and a push that dies part-way.
 */
describe.each(engines)('pushing stock to TikTok Shop on %s', (engine) => {
  let store: TestStore;
  let world: Awaited<ReturnType<typeof tiktokStockWorld>>;

  beforeAll(async () => {
    store = await freshStore(engine);
  });
  afterAll(() => store?.dispose());
  afterEach(() => world?.fake.close());

  const setup = async (skus: string[], bufferUnits = 0) => {
    world = await tiktokStockWorld(store, { skus, bufferUnits });
    return world;
  };
  const push = (storefront: 'TTS-US' | 'TTS-MX', extra: { beforeEachCall?: () => void } = {}) =>
    pushTikTokStock(store, world.deps, { storefrontId: world.storefronts[storefront], ...extra });
  const published = (storefront: 'TTS-US' | 'TTS-MX', sku: string) =>
    inTransaction(store, (trx) => lastPublished(trx, world.storefronts[storefront], world.skuId(sku)));
  const pending = (storefront: 'TTS-US' | 'TTS-MX') =>
    store.db
      .selectFrom('published_quantities')
      .select(['sku_id', 'quantity', 'push_error'])
      .where('storefront_id', '=', world.storefronts[storefront])
      .where('sent_at', 'is', null)
      .execute();
  const inventoryCalls = () => world.fake.calls.filter((c) => c.path.endsWith('/inventory/update'));
  const openAlerts = () =>
    store.db
      .selectFrom('alerts')
      .select(['subject', 'severity', 'data'])
      .where('organization_id', '=', world.org)
      .where('kind', '=', 'sync_failure')
      .where('state', '=', 'open')
      .execute();

  it('tells each TikTok warehouse what its Puente warehouse can give, adding up to what Puente publishes', async () => {
    const w = await setup(['PT-1'], 4);
    await w.receive('PT-1', 'TX', 30);
    await w.receive('PT-1', 'CA', 10);
    // 40 available, 4 held back: 36 published, the buffer shared 3 (TX) and 1 (CA).
    expect(await published('TTS-US', 'PT-1')).toBe(36);

    const result = await push('TTS-US');

    expect(result).toMatchObject({ pushed: 1, failed: 0, skipped: [] });
    const shown = w.fake.stockOf(w.us, 'PT-1');
    expect(shown).toEqual({ [w.tiktokWarehouse('US', 'TX')]: 27, [w.tiktokWarehouse('US', 'CA')]: 9 });
    expect(Object.values(shown).reduce((a, b) => a + b, 0)).toBe(36);
    expect(await pending('TTS-US')).toEqual([]);
    // The MX storefront has its own outbox: untouched until it is pushed.
    expect(w.fake.stockOf(w.mx, 'PT-1')).toEqual({
      [w.tiktokWarehouse('MX', 'TX')]: 0,
      [w.tiktokWarehouse('MX', 'CA')]: 0,
    });
  });

  it('sends only the latest figure of a SKU, once, and settles every earlier row', async () => {
    const w = await setup(['PT-1', 'PT-2']);
    await w.receive('PT-1', 'TX', 5);
    await w.receive('PT-1', 'TX', 7);
    await w.adjust('PT-1', 'TX', -2);
    await w.receive('PT-2', 'CA', 3);
    expect((await pending('TTS-US')).length).toBe(4);

    const result = await push('TTS-US');

    expect(result).toMatchObject({ pushed: 2, failed: 0 });
    expect(inventoryCalls()).toHaveLength(2);
    expect(w.fake.stockOf(w.us, 'PT-1')[w.tiktokWarehouse('US', 'TX')]).toBe(10);
    expect(w.fake.stockOf(w.us, 'PT-2')[w.tiktokWarehouse('US', 'CA')]).toBe(3);
    expect(await pending('TTS-US')).toEqual([]);
    // Nothing new: nothing sent.
    expect((await push('TTS-US')).calls).toBe(0);
  });

  it('fails only the SKU TikTok refuses in data.errors[], keeps it pending with an alert, and sends it next cycle', async () => {
    const w = await setup(['PT-1', 'PT-2', 'PT-3']);
    // One product holding all three SKUs: one call, one SKU refused inside it.
    for (const shop of [w.us]) {
      shop.products.clear();
      addProduct(shop, { title: 'Kit', sellerSkus: ['PT-1', 'PT-2', 'PT-3'], at: w.fake.nowSeconds });
    }
    const locked = findSku(w.us, 'PT-2')?.sku.id as string;
    w.fake.lockedSkus.set(locked, 12052393); // locked by a promotion
    for (const sku of ['PT-1', 'PT-2', 'PT-3']) await w.receive(sku, 'TX', 4);

    const first = await push('TTS-US');

    expect(first).toMatchObject({ pushed: 2, failed: 1 });
    expect(inventoryCalls()).toHaveLength(1);
    expect(w.fake.stockOf(w.us, 'PT-1')[w.tiktokWarehouse('US', 'TX')]).toBe(4);
    expect(w.fake.stockOf(w.us, 'PT-2')[w.tiktokWarehouse('US', 'TX')]).toBe(0);
    const left = await pending('TTS-US');
    expect(left).toEqual([
      { sku_id: w.skuId('PT-2'), quantity: 4, push_error: expect.stringContaining('12052393') },
    ]);
    const [alert] = await openAlerts();
    expect(alert?.subject).toContain('PT-2');
    expect(JSON.parse(alert?.data ?? '{}')).toMatchObject({
      event: 'tiktok_stock_refused',
      sku: 'PT-2',
      code: 12052393,
    });

    expect(await tiktokOutboxHealth(store, w.storefronts['TTS-US'])).toMatchObject({
      stock: { pending: 1, failed: 1 },
      tracking: { pending: 0, refused: 0 },
    });

    w.fake.lockedSkus.delete(locked); // the promotion ended
    const second = await push('TTS-US');

    expect(second).toMatchObject({ pushed: 1, failed: 0 });
    expect(w.fake.stockOf(w.us, 'PT-2')[w.tiktokWarehouse('US', 'TX')]).toBe(4);
    expect(await pending('TTS-US')).toEqual([]);
    expect(await openAlerts()).toEqual([]);
  });

  it('looks a SKU up on a cache miss, and again when TikTok says the cached ids are stale', async () => {
    const w = await setup(['PT-1']);
    await w.receive('PT-1', 'TX', 2);
    await push('TTS-US');
    const searches = () => w.fake.calls.filter((c) => c.path.endsWith('/products/search')).length;
    expect(searches()).toBe(1); // the miss
    const cached = await store.db
      .selectFrom('tiktok_skus')
      .selectAll()
      .where('storefront_id', '=', w.storefronts['TTS-US'])
      .executeTakeFirstOrThrow();
    expect(cached).toMatchObject({ seller_sku: 'PT-1', product_id: findSku(w.us, 'PT-1')?.product.id });

    await w.receive('PT-1', 'TX', 1);
    await push('TTS-US');
    expect(searches()).toBe(1); // the cache answered

    // The seller re-lists the product at TikTok: new product and SKU ids, only in Dallas.
    w.us.products.clear();
    const relisted = addProduct(w.us, {
      title: 'PT-1 v2',
      sellerSkus: ['PT-1'],
      warehouseIds: [w.tiktokWarehouse('US', 'TX')],
      at: w.fake.nowSeconds,
    });
    await w.receive('PT-1', 'TX', 1);
    const result = await push('TTS-US');

    expect(result).toMatchObject({ pushed: 1, failed: 0 });
    expect(searches()).toBe(2);
    expect(w.fake.stockOf(w.us, 'PT-1')).toEqual({ [w.tiktokWarehouse('US', 'TX')]: 4 });
    const refreshed = await store.db
      .selectFrom('tiktok_skus')
      .select(['product_id', 'warehouse_ids'])
      .where('storefront_id', '=', w.storefronts['TTS-US'])
      .executeTakeFirstOrThrow();
    expect(refreshed).toEqual({
      product_id: relisted.id,
      warehouse_ids: JSON.stringify([w.tiktokWarehouse('US', 'TX')]),
    });
  });

  it('reports the gap where TikTok assigns the SKU to fewer warehouses, never forcing it onto Dallas', async () => {
    const w = await setup(['PT-1']);
    const dallasOnly = findSku(w.us, 'PT-1')?.sku;
    if (dallasOnly) dallasOnly.inventory = [{ warehouse_id: w.tiktokWarehouse('US', 'TX'), quantity: 0 }];
    await w.receive('PT-1', 'TX', 6);
    await w.receive('PT-1', 'CA', 4);

    const result = await push('TTS-US');

    expect(w.fake.stockOf(w.us, 'PT-1')).toEqual({ [w.tiktokWarehouse('US', 'TX')]: 6 });
    expect(result.skipped).toEqual([{ reason: 'short_of_published', sku: 'PT-1', published: 10, pushed: 6 }]);
    expect(await pending('TTS-US')).toEqual([]);
  });

  it("leaves an unmapped TikTok warehouse's figure as TikTok has it, and names the warehouse", async () => {
    const w = await setup(['PT-1']);
    const ontario = w.tiktokWarehouse('US', 'CA');
    await inTransaction(store, (trx) =>
      mapTikTokWarehouse(
        trx,
        { storefrontId: w.storefronts['TTS-US'] as string, organizationId: w.org },
        ontario,
        null,
        'manual',
      ),
    );
    const sku = findSku(w.us, 'PT-1')?.sku;
    for (const i of sku?.inventory ?? []) if (i.warehouse_id === ontario) i.quantity = 11;
    await w.receive('PT-1', 'TX', 5);

    const result = await push('TTS-US');

    expect(w.fake.stockOf(w.us, 'PT-1')).toEqual({ [w.tiktokWarehouse('US', 'TX')]: 5, [ontario]: 11 });
    expect(result.skipped).toEqual([
      { reason: 'unmapped_warehouse', tiktokWarehouse: ontario, name: 'Ontario CA', skus: 1 },
    ]);
  });

  it('resumes a push that died between calls: the rest is sent, nothing twice', async () => {
    const skus = ['PT-1', 'PT-2', 'PT-3', 'PT-4', 'PT-5', 'PT-6'];
    const w = await setup(skus);
    for (const [i, sku] of skus.entries()) await w.receive(sku, 'TX', i + 1);
    let calls = 0;
    await expect(
      push('TTS-US', {
        beforeEachCall: () => {
          if (++calls === 3) throw new Error('the process died');
        },
      }),
    ).rejects.toThrow('the process died');
    const sentFirst = inventoryCalls().length;
    expect(sentFirst).toBe(2);
    expect((await pending('TTS-US')).length).toBe(skus.length - sentFirst);

    const resumed = await push('TTS-US');

    expect(resumed.pushed).toBe(skus.length - sentFirst);
    expect(inventoryCalls()).toHaveLength(skus.length); // one per product, none doubled
    const bodies = inventoryCalls().map((c) => c.path);
    expect(new Set(bodies).size).toBe(skus.length);
    for (const [i, sku] of skus.entries())
      expect(w.fake.stockOf(w.us, sku)[w.tiktokWarehouse('US', 'TX')]).toBe(i + 1);
    expect(await pending('TTS-US')).toEqual([]);
  });

  it('keeps rows pending and raises one alert when TikTok refuses the calls themselves (106001)', async () => {
    const w = await setup(['PT-1', 'PT-2']);
    await w.receive('PT-1', 'TX', 1);
    await w.receive('PT-2', 'TX', 1);
    w.fake.inject({ code: 106001, path: '/inventory/update', times: 2 });

    const result = await push('TTS-US');

    expect(result).toMatchObject({ pushed: 0, failed: 2 });
    expect((await pending('TTS-US')).length).toBe(2);
    const alerts = await openAlerts();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      subject: `tiktok-stock:${w.storefronts['TTS-US']}`,
      severity: 'critical',
    });

    const retried = await push('TTS-US');
    expect(retried).toMatchObject({ pushed: 2, failed: 0 });
    expect(await openAlerts()).toEqual([]);
  });
});
