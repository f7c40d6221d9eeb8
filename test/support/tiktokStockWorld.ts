import { randomBytes } from 'node:crypto';
import { connectTikTok } from '../../src/services/tiktokConnect.ts';
import type { TikTokDeps } from '../../src/services/tiktokSession.ts';
import { addStorefront, addWarehouse, createOrganization, upsertSkus } from '../../src/store/entities.ts';
import { adjust, receive } from '../../src/store/stockLedger.ts';
import type { TestStore } from './stores.ts';
import { demoFake, fakeConnection, fakeDeps } from './tiktokFake.ts';

/**
 * A seller connected to the TikTok fake, for the stock and tracking tests: warehouses TX (Dallas)
 * and CA (Ontario), storefronts TTS-US and TTS-MX drawing on both, each holding back a buffer of
 * `bufferUnits`, SKUs listed at TikTok in both shops, and both storefronts connected (TX and CA
 * mapped to the fake's Dallas and Ontario warehouses by state).
 */
export async function tiktokStockWorld(store: TestStore, o: { skus: string[]; bufferUnits?: number }) {
  const org = await createOrganization(store, `seller ${randomBytes(3).toString('hex')}`);
  const warehouses = {
    TX: await addWarehouse(store, org, {
      code: 'TX',
      name: 'Dallas 3PL',
      country: 'US',
      state: 'TX',
      timeZone: 'America/Chicago',
    }),
    CA: await addWarehouse(store, org, {
      code: 'CA',
      name: 'Ontario CA',
      country: 'US',
      state: 'CA',
      timeZone: 'America/Los_Angeles',
    }),
  };
  const common = {
    platform: 'tiktok',
    policyId: 'tiktok-us-mx-2026',
    warehouses: ['TX', 'CA'],
    bufferUnits: o.bufferUnits ?? 0,
  };
  const storefronts = {
    'TTS-US': await addStorefront(store, org, {
      ...common,
      code: 'TTS-US',
      name: 'TikTok Shop US',
      region: 'US',
      currency: 'USD',
    }),
    'TTS-MX': await addStorefront(store, org, {
      ...common,
      code: 'TTS-MX',
      name: 'TikTok Shop MX',
      region: 'MX',
      currency: 'MXN',
    }),
  };
  const skuIds = await upsertSkus(
    store,
    org,
    o.skus.map((sku) => ({ sku, title: `Product ${sku}` })),
  );
  const env = demoFake({ sellerSkus: o.skus });
  await env.fake.listen();
  const deps: TikTokDeps = fakeDeps();
  for (const storefront of Object.keys(storefronts))
    await connectTikTok(store, deps, fakeConnection(env, org, storefront));
  const skuId = (sku: string) => skuIds.get(sku) as string;
  return {
    org,
    deps,
    ...env,
    warehouses,
    storefronts,
    skuId,
    /** Units arrive at a warehouse (the stock transaction republishes every storefront's figure). */
    receive: (sku: string, warehouse: keyof typeof warehouses, units: number) =>
      receive(
        store,
        { organizationId: org, skuId: skuId(sku), warehouseId: warehouses[warehouse], actor: 'test' },
        units,
      ),
    adjust: (sku: string, warehouse: keyof typeof warehouses, delta: number) =>
      adjust(
        store,
        {
          organizationId: org,
          skuId: skuId(sku),
          warehouseId: warehouses[warehouse],
          actor: 'test',
          reason: 'count',
        },
        delta,
      ),
    /** TikTok's warehouse ids of the US or MX shop, by the Puente warehouse they stand for. */
    tiktokWarehouse: (region: 'US' | 'MX', warehouse: keyof typeof warehouses) => {
      const shop = region === 'US' ? env.us : env.mx;
      return (shop.warehouses[warehouse === 'TX' ? 0 : 1] as { id: string }).id;
    },
  };
}
