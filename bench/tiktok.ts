import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { DEFAULT_QPS, RateLimiter } from '../src/channels/tiktok/rateLimiter.ts';
import { SecretBox } from '../src/services/security/secrets.ts';
import { connectTikTok } from '../src/services/tiktokConnect.ts';
import type { TikTokDeps } from '../src/services/tiktokSession.ts';
import { IN_FLIGHT, pushTikTokStock, type StockPushResult } from '../src/services/tiktokStockPush.ts';
import { addStorefront, addWarehouse, createOrganization, upsertSkus } from '../src/store/entities.ts';
import { applyStockRows } from '../src/store/stockImport.ts';
import { freshStore } from '../test/support/stores.ts';

const fakeScript = fileURLToPath(new URL('../test/support/tiktokFake.ts', import.meta.url));

/**
 * `npm run bench:tiktok`: TikTok Shop sync against the protocol fake (`npm run tiktok:fake`, in a
 * process of its own, as a seller would run it), on SQLite.
 *
 * 1. Orders in: 20,000 orders over 2 shops, and the lag from a webhook to a reserved order — comes
 *    with the orders sync (src/services/tiktokSync.ts); its part goes in `ordersIn` below.
 * 2. Stock out: 5,000 SKUs × 2 storefronts pushed from a fresh outbox, with the fake limiting at its
 *    default QPS (50 per API per shop, reference §3). Reported: wall time, calls, retries — beside
 *    the floor the rate limit sets (calls ÷ QPS) and beside the same push measured in this run with
 *    no rate limit at all (fake and limiter at 100,000 QPS), which is what Puente itself costs; the
 *    share of the wall time spent waiting on rate limits is the difference between the two.
 */
const SKUS = Number(process.env.BENCH_TIKTOK_SKUS ?? 5000);
const UNLIMITED = 100_000;

interface FakeProcess {
  apiBase: string;
  authBase: string;
  appKey: string;
  appSecret: string;
  authCodes: string[];
  stop(): void;
}

/** `npm run tiktok:fake` with products for `skus`, limiting at `qps`; its URLs and codes. */
function startFake(skus: string[], qps: number): Promise<FakeProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fakeScript, '--json', '--qps', String(qps), '--skus', skus.join(',')],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the fake exited (${code}) before it listened`)));
    createInterface({ input: child.stdout }).once('line', (line) =>
      resolve({ ...(JSON.parse(line) as Omit<FakeProcess, 'stop'>), stop: () => child.kill('SIGTERM') }),
    );
  });
}

interface StockFigures {
  wallS: number;
  calls: number;
  updates: number;
  retries: number;
  pushed: number;
  failed: number;
  waitedMs: number;
  serviceMs: number;
  /** Every SKU shows its figure in both TikTok warehouses of both shops. */
  complete: boolean;
}

async function stockOut(qps: number): Promise<StockFigures> {
  const store = await freshStore('sqlite');
  const skus = Array.from({ length: SKUS }, (_, i) => `BENCH-${String(i + 1).padStart(5, '0')}`);
  const fake = await startFake(skus, qps);
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

    const limiter = new RateLimiter(qps);
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
    for (const [i, storefront] of ['TTS-US', 'TTS-MX'].entries())
      await connectTikTok(store, deps, {
        organizationId: org,
        storefront,
        appKey: fake.appKey,
        appSecret: fake.appSecret,
        authCode: fake.authCodes[i] as string,
        apiBase: fake.apiBase,
        authBase: fake.authBase,
        actor: 'bench',
      });
    limiter.waitedMs = 0;
    serviceMs = 0;

    const start = performance.now();
    const results: StockPushResult[] = await Promise.all(
      [sfUs, sfMx].map((storefrontId) => pushTikTokStock(store, deps, { storefrontId })),
    );
    const wallS = (performance.now() - start) / 1000;

    const state = (await (await fetch(`${fake.apiBase}/fake/state`)).json()) as {
      data: { shops: { stock: { seller_sku: string; inventory: unknown[] }[] }[] };
    };
    const complete = state.data.shops.every(
      (shop) => shop.stock.length === SKUS && shop.stock.every((s) => s.inventory.length === 2),
    );
    const sum = (f: (r: StockPushResult) => number) => results.reduce((a, r) => a + f(r), 0);
    return {
      wallS,
      calls: sum((r) => r.calls),
      // One product per SKU here: one Update Inventory call per SKU pushed or failed.
      updates: sum((r) => r.pushed + r.failed),
      retries: sum((r) => r.retries),
      pushed: sum((r) => r.pushed),
      failed: sum((r) => r.failed),
      waitedMs: limiter.waitedMs,
      serviceMs,
      complete,
    };
  } finally {
    fake.stop();
    await store.dispose();
  }
}

async function stockOutReport(): Promise<void> {
  process.stdout.write(`Stock out: ${SKUS} SKUs × 2 storefronts (the fake in its own process)\n`);
  const free = await stockOut(UNLIMITED);
  const run = await stockOut(DEFAULT_QPS);
  const searches = run.calls - run.updates - run.retries;
  // Per shop and API, one call each 1/QPS s: the shops side by side, look-ups then updates.
  const floorS = (run.calls - run.retries) / 2 / DEFAULT_QPS;
  const line = (label: string, value: string, against = '') =>
    process.stdout.write(`  ${label.padEnd(36)} ${value.padStart(12)}  ${against}\n`);
  line(
    `wall time at ${DEFAULT_QPS} QPS`,
    `${run.wallS.toFixed(1)} s`,
    `rate-limit floor ${floorS.toFixed(1)} s; without any limit ${free.wallS.toFixed(1)} s`,
  );
  line('SKUs pushed / failed', `${run.pushed} / ${run.failed}`, `of ${2 * SKUS}`);
  line(
    'calls',
    `${run.calls}`,
    `${run.updates} inventory updates + ${searches} product searches + ${run.retries} retries`,
  );
  line(
    'calls per second',
    `${(run.calls / run.wallS).toFixed(1)}`,
    `limit ${2 * DEFAULT_QPS} (2 shops); without any limit ${(free.calls / free.wallS).toFixed(1)}`,
  );
  // The wall time the rate limit costs: this run against the same push with no limit, same run.
  line(
    'share of wall time waiting on limits',
    `${(100 * Math.max(0, 1 - free.wallS / run.wallS)).toFixed(1)} %`,
    `(${run.wallS.toFixed(1)} s − ${free.wallS.toFixed(1)} s unlimited) ÷ ${run.wallS.toFixed(1)} s`,
  );
  line(
    'mean wait in the limiter per call',
    `${(run.waitedMs / run.calls).toFixed(0)} ms`,
    `HTTP ${(run.serviceMs / run.calls).toFixed(0)} ms per call; ${IN_FLIGHT} calls in flight per shop`,
  );
  line('every SKU in both TikTok warehouses', run.complete && free.complete ? 'yes' : 'NO');
}

/** Orders in (20,000 orders over 2 shops; webhook → reserved lag p50/p99): added with the orders sync. */
async function ordersIn(): Promise<void> {
  process.stdout.write(
    'Orders in: measured with the orders sync (src/services/tiktokSync.ts), not in this build\n',
  );
}

await ordersIn();
await stockOutReport();
