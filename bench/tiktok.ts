import { randomBytes } from 'node:crypto';
import { DEFAULT_QPS, RateLimiter } from '../src/channels/tiktok/rateLimiter.ts';
import { SecretBox } from '../src/services/security/secrets.ts';
import { connectTikTok } from '../src/services/tiktokConnect.ts';
import type { TikTokDeps } from '../src/services/tiktokSession.ts';
import { pushTikTokStock, type StockPushResult } from '../src/services/tiktokStockPush.ts';
import { addStorefront, addWarehouse, createOrganization, upsertSkus } from '../src/store/entities.ts';
import { applyStockRows } from '../src/store/stockImport.ts';
import { freshStore } from '../test/support/stores.ts';
import { demoFake } from '../test/support/tiktokFake.ts';

/**
 * `npm run bench:tiktok`: TikTok Shop sync against the protocol fake, limiting at its default QPS
 * (50 per API per shop, reference §3), on SQLite.
 *
 * 1. Orders in: 20,000 orders over 2 shops, and the lag from a webhook to a reserved order — comes
 *    with the orders sync (src/services/tiktokSync.ts); its part goes in `ordersIn` below.
 * 2. Stock out: 5,000 SKUs × 2 storefronts pushed from a fresh outbox. Reported: wall time, calls
 *    (per kind), retries, and the share of the calls' time spent waiting on the rate limiter, each
 *    beside the floor the rate limit sets (calls ÷ QPS, the two shops in parallel).
 */
const SKUS = Number(process.env.BENCH_TIKTOK_SKUS ?? 5000);

async function stockOut(): Promise<void> {
  const store = await freshStore('sqlite');
  const skus = Array.from({ length: SKUS }, (_, i) => `BENCH-${String(i + 1).padStart(5, '0')}`);
  try {
    const org = await createOrganization(store, 'bench seller');
    const tx = await addWarehouse(store, org, {
      code: 'TX',
      name: 'Dallas',
      country: 'US',
      state: 'TX',
      timeZone: 'America/Chicago',
    });
    const ca = await addWarehouse(store, org, {
      code: 'CA',
      name: 'Ontario',
      country: 'US',
      state: 'CA',
      timeZone: 'America/Los_Angeles',
    });
    const common = { platform: 'tiktok', policyId: 'tiktok-us-mx-2026', warehouses: ['TX', 'CA'] };
    const sfUs = await addStorefront(store, org, {
      ...common,
      code: 'TTS-US',
      name: 'US',
      region: 'US',
      currency: 'USD',
      bufferUnits: 2,
    });
    const sfMx = await addStorefront(store, org, {
      ...common,
      code: 'TTS-MX',
      name: 'MX',
      region: 'MX',
      currency: 'MXN',
      bufferPercent: 10,
    });
    const ids = await upsertSkus(
      store,
      org,
      skus.map((sku) => ({ sku, title: sku })),
    );
    const rows = skus.flatMap((sku, i) => [
      { skuId: ids.get(sku) as string, warehouseId: tx, quantity: 10 + (i % 90) },
      { skuId: ids.get(sku) as string, warehouseId: ca, quantity: 1 + (i % 13) },
    ]);
    for (let i = 0; i < rows.length; i += 500)
      await applyStockRows(
        store,
        rows.slice(i, i + 500).map((r) => ({
          movement: { organizationId: org, skuId: r.skuId, warehouseId: r.warehouseId, actor: 'bench' },
          kind: 'receive',
          quantity: r.quantity,
        })),
      );

    const { fake, app, seller, us, mx } = demoFake({ sellerSkus: skus, qps: DEFAULT_QPS });
    await fake.listen();
    const limiter = new RateLimiter(DEFAULT_QPS);
    let serviceMs = 0;
    const timedFetch: typeof fetch = async (input, init) => {
      const t = performance.now();
      try {
        return await fetch(input, init);
      } finally {
        serviceMs += performance.now() - t;
      }
    };
    const deps: TikTokDeps = { secrets: SecretBox.fromKey(randomBytes(32)), limiter, fetch: timedFetch };
    for (const storefront of ['TTS-US', 'TTS-MX'])
      await connectTikTok(store, deps, {
        organizationId: org,
        storefront,
        appKey: app.appKey,
        appSecret: app.appSecret,
        authCode: fake.authCode(app.appKey, seller.id),
        apiBase: fake.apiUrl,
        authBase: fake.authUrl,
        actor: 'bench',
      });
    limiter.waitedMs = 0;
    serviceMs = 0;
    const callsBefore = fake.calls.length;

    const start = performance.now();
    const results: StockPushResult[] = await Promise.all(
      [sfUs, sfMx].map((storefrontId) => pushTikTokStock(store, deps, { storefrontId })),
    );
    const wallS = (performance.now() - start) / 1000;

    const made = fake.calls.slice(callsBefore);
    const updates = made.filter((c) => c.path.endsWith('/inventory/update')).length;
    const searches = made.filter((c) => c.path.endsWith('/products/search')).length;
    const throttled = made.filter((c) => c.code === 36009002).length;
    // Per shop, per API, one call each 1/QPS s: the two shops run side by side, the two APIs one
    // after the other (look-ups first, then updates).
    const floorS = (updates / 2 + searches / 2) / DEFAULT_QPS;
    const share = limiter.waitedMs / (limiter.waitedMs + serviceMs);
    const pushed = results.reduce((a, r) => a + r.pushed, 0);
    const failed = results.reduce((a, r) => a + r.failed, 0);
    const shownRight = skus.every(
      (sku) =>
        Object.keys(fake.stockOf(us, sku)).length === 2 && Object.keys(fake.stockOf(mx, sku)).length === 2,
    );
    const line = (label: string, value: string, against = '') =>
      process.stdout.write(`  ${label.padEnd(34)} ${value.padStart(14)}  ${against}\n`);
    process.stdout.write(
      `Stock out: ${SKUS} SKUs × 2 storefronts, fake at ${DEFAULT_QPS} QPS per API per shop\n`,
    );
    line('wall time', `${wallS.toFixed(1)} s`, `floor set by the rate limit: ${floorS.toFixed(1)} s`);
    line('SKUs pushed / failed', `${pushed} / ${failed}`, `of ${2 * SKUS}`);
    line(
      'calls (update + search)',
      `${made.length}`,
      `${updates} inventory updates + ${searches} product searches`,
    );
    line(
      'calls refused 429 by the fake',
      `${throttled}`,
      `retries: ${results.reduce((a, r) => a + r.retries, 0)}`,
    );
    line('calls per second', `${(made.length / wallS).toFixed(1)}`, `limit: ${2 * DEFAULT_QPS} (2 shops)`);
    line(
      'time waiting on the rate limiter',
      `${(share * 100).toFixed(1)} %`,
      `of the calls' time (wait ${(limiter.waitedMs / 1000).toFixed(0)} s, HTTP ${(serviceMs / 1000).toFixed(0)} s, summed over calls in flight)`,
    );
    line('every SKU in both warehouses', shownRight ? 'yes' : 'NO');
    await fake.close();
  } finally {
    await store.dispose();
  }
}

/** Orders in (20,000 orders over 2 shops; webhook → reserved lag p50/p99): added with the orders sync. */
async function ordersIn(): Promise<void> {
  process.stdout.write(
    'Orders in: measured with the orders sync (src/services/tiktokSync.ts), not in this build\n',
  );
}

await ordersIn();
await stockOut();
