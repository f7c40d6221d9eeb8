import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { DEFAULT_QPS, RateLimiter } from '../src/channels/tiktok/rateLimiter.ts';
import { webhookSignature } from '../src/channels/tiktok/sign.ts';
import { SecretBox } from '../src/services/security/secrets.ts';
import { connectTikTok } from '../src/services/tiktokConnect.ts';
import type { TikTokDeps } from '../src/services/tiktokSession.ts';
import { IN_FLIGHT, pushTikTokStock, type StockPushResult } from '../src/services/tiktokStockPush.ts';
import { runSyncCycle, type SyncSummary } from '../src/services/tiktokSync.ts';
import { addStorefront, addWarehouse, createOrganization, upsertSkus } from '../src/store/entities.ts';
import type { Store } from '../src/store/openDatabase.ts';
import { applyStockRows } from '../src/store/stockImport.ts';
import { ApiClient } from '../test/support/apiClient.ts';
import { startTestServer } from '../test/support/server.ts';
import { freshStore } from '../test/support/stores.ts';

const fakeScript = fileURLToPath(new URL('../test/support/tiktokFake.ts', import.meta.url));

/**
 * `npm run bench:tiktok`: TikTok Shop sync against the protocol fake (`npm run tiktok:fake`, in a
 * process of its own, as a seller would run it), on SQLite.
 *
 * 1. Orders in: 20,000 orders over 2 shops pulled by the orders part of the sync cycle
 *    (`runSyncCycle`, as `puente tiktok sync --once` runs it) with the fake limiting at its default
 *    QPS, beside the same pull with no rate limit (fake and limiter at 100,000 QPS) in this run:
 *    wall time, calls, and the share of the wall time the limit costs. Then the lag from a webhook
 *    to a reserved order (p50, p99) on the real server over HTTP, read from the reservation's
 *    created_at in the database, beside the same orders placed through Puente's own order API.
 * 2. Stock out: 5,000 SKUs × 2 storefronts pushed from a fresh outbox, with the fake limiting at its
 *    default QPS (50 per API per shop, reference §3). Reported: wall time, calls, retries — beside
 *    the floor the rate limit sets (calls ÷ QPS) and beside the same push measured in this run with
 *    no rate limit at all (fake and limiter at 100,000 QPS), which is what Puente itself costs; the
 *    share of the wall time spent waiting on rate limits is the difference between the two.
 */
/** `--scale 0.1`: a tenth of every size, for a loaded machine; the figures are at 1. */
const scaleAt = process.argv.indexOf('--scale');
const SCALE = scaleAt >= 0 ? Number(process.argv[scaleAt + 1]) : 1;
if (!(SCALE > 0)) throw new Error('--scale takes a number above 0, e.g. --scale 0.1');
const SKUS = Math.round(Number(process.env.BENCH_TIKTOK_SKUS ?? 5000) * SCALE);
const ORDERS = Math.round(20_000 * SCALE);
const LAG_ORDERS = Math.max(20, Math.round(200 * SCALE));
const UNLIMITED = 100_000;

interface FakeProcess {
  apiBase: string;
  authBase: string;
  appKey: string;
  appSecret: string;
  authCodes: string[];
  stop(): void;
}

/** `npm run tiktok:fake` with products for `skus` and a week of `orders`, limiting at `qps`; its URLs and codes. */
function startFake(skus: string[], qps: number, orders = 0): Promise<FakeProcess> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      fakeScript,
      '--json',
      '--qps',
      String(qps),
      '--skus',
      skus.join(','),
      '--orders',
      String(orders),
    ],
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

/**
 * A control call to the fake, tried again when the socket it reused was just closed by the fake
 * (Node closes idle keep-alive sockets after 5 s; a pull of thousands of orders leaves them idle).
 * Puente's own calls retry this as a transient failure; the bench's must too.
 */
async function fakeJson(url: string, init?: RequestInit): Promise<unknown> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await (await fetch(url, init)).json();
    } catch (e) {
      if (attempt >= 3) throw e;
    }
  }
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

    const state = (await fakeJson(`${fake.apiBase}/fake/state`)) as {
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

// ---- Orders in ----

/** The SKUs the orders draw on, each with far more stock than the orders take: every order reserves. */
const ORDER_SKUS = Array.from({ length: 200 }, (_, i) => `ORD-${String(i + 1).padStart(3, '0')}`);

/** A seller as the demo has it: TX and CA, TTS-US and TTS-MX on both; `stock` units of each SKU in TX. */
async function orderSeller(store: Store, org: string, stock: number) {
  const tx = await addWarehouse(store, org, {
    code: 'TX',
    name: 'Dallas',
    country: 'US',
    state: 'TX',
    timeZone: 'America/Chicago',
  });
  await addWarehouse(store, org, {
    code: 'CA',
    name: 'Ontario',
    country: 'US',
    state: 'CA',
    timeZone: 'America/Los_Angeles',
  });
  const common = { platform: 'tiktok', policyId: 'tiktok-us-mx-2026', warehouses: ['TX', 'CA'] };
  const us = await addStorefront(store, org, {
    ...common,
    code: 'TTS-US',
    name: 'US',
    region: 'US',
    currency: 'USD',
  });
  const mx = await addStorefront(store, org, {
    ...common,
    code: 'TTS-MX',
    name: 'MX',
    region: 'MX',
    currency: 'MXN',
  });
  const ids = await upsertSkus(
    store,
    org,
    ORDER_SKUS.map((sku) => ({ sku, title: sku })),
  );
  await applyStockRows(
    store,
    [...ids.values()].map((skuId) => ({
      movement: { organizationId: org, skuId, warehouseId: tx, actor: 'bench' },
      kind: 'receive' as const,
      quantity: stock,
    })),
  );
  return { us, mx };
}

async function connectBoth(store: Store, deps: TikTokDeps, org: string, fake: FakeProcess): Promise<void> {
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
}

interface PullFigures {
  wallS: number;
  calls: number;
  retries: number;
  waitedMs: number;
  summary: SyncSummary;
  /** Puente orders of the two storefronts, and how many distinct TikTok order ids they carry. */
  inPuente: number;
  distinct: number;
  atFake: number;
}

/** The orders part of `puente tiktok sync --once` (no stock, tracking or reconcile steps), from a fresh database. */
async function ordersPull(qps: number): Promise<PullFigures> {
  const store = await freshStore('sqlite');
  const fake = await startFake(ORDER_SKUS, qps, ORDERS);
  try {
    const org = await createOrganization(store, 'bench seller');
    const { us, mx } = await orderSeller(store, org, 1_000_000);
    const limiter = new RateLimiter(qps);
    const deps: TikTokDeps = { secrets: SecretBox.fromKey(randomBytes(32)), limiter };
    await connectBoth(store, deps, org, fake);
    limiter.waitedMs = 0;
    const start = performance.now();
    const summary = await runSyncCycle(store, deps, { organizationId: org, actor: 'bench', steps: {} });
    const wallS = (performance.now() - start) / 1000;
    const counted = await store.db
      .selectFrom('orders')
      .select((eb) => [
        eb.fn.countAll<number>().as('n'),
        eb.fn.count<number>('external_id').distinct().as('d'),
      ])
      .where('storefront_id', 'in', [us, mx])
      .executeTakeFirstOrThrow();
    const state = (await fakeJson(`${fake.apiBase}/fake/state`)) as {
      data: { shops: { orders: unknown[] }[] };
    };
    return {
      wallS,
      calls: summary.calls,
      retries: summary.retries,
      waitedMs: limiter.waitedMs,
      summary,
      inPuente: Number(counted.n),
      distinct: Number(counted.d),
      atFake: state.data.shops.reduce((a, shop) => a + shop.orders.length, 0),
    };
  } finally {
    fake.stop();
    await store.dispose();
  }
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;

/** When the order's first reservation was written, from the database (ISO, ms). */
async function reservedAt(store: Store, storefrontId: string, externalId: string): Promise<number | null> {
  const row = await store.db
    .selectFrom('orders')
    .innerJoin('reservations', 'reservations.order_id', 'orders.id')
    .select((eb) => eb.fn.min('reservations.created_at').as('at'))
    .where('orders.storefront_id', '=', storefrontId)
    .where('orders.external_id', '=', externalId)
    .executeTakeFirst();
  return row?.at ? Date.parse(String(row.at)) : null;
}

/** Polls the database until the order is reserved: the lag from `sentAt` to its reservation row. */
async function lagUntilReserved(store: Store, storefrontId: string, externalId: string, sentAt: number) {
  const giveUp = Date.now() + 30_000;
  for (;;) {
    const at = await reservedAt(store, storefrontId, externalId);
    if (at !== null) return at - sentAt;
    if (Date.now() > giveUp) throw new Error(`order ${externalId} not reserved within 30 s`);
    await delay(5);
  }
}

interface LagFigures {
  webhook: number[];
  api: number[];
}

/**
 * The lag from a webhook to a reserved order, on the real server (`startServer`, SQLite, jobs off
 * so no scheduled poll brings the order first): for each order, the fake takes it, the bench POSTs
 * the signed ORDER_STATUS_CHANGE to /api/v1/webhooks/tiktok, and the lag is the reservation row's
 * created_at less the send time. Beside it, the same orders placed through Puente's own
 * `POST /api/v1/orders`, measured the same way. One order at a time, so each lag is the path's own.
 */
async function webhookLag(count: number): Promise<LagFigures> {
  const server = await startTestServer({ demo: false, jobs: false });
  const fake = await startFake(ORDER_SKUS, DEFAULT_QPS, 0);
  try {
    const org = server.organizationId;
    const { us, mx } = await orderSeller(server.store, org, 1_000_000);
    const deps: TikTokDeps = { secrets: SecretBox.fromKey(Buffer.from(server.secretKey, 'base64')) };
    await connectBoth(server.store, deps, org, fake);
    const api = await ApiClient.loggedIn(server.url, server.owner.email, server.owner.password);
    const shops = (
      (await fakeJson(`${fake.apiBase}/fake/state`)) as {
        data: { shops: { id: string; region: string }[] };
      }
    ).data.shops;
    const figures: LagFigures = { webhook: [], api: [] };
    for (let i = 0; i < count; i++) {
      const region = i % 2 ? 'MX' : 'US';
      const storefrontId = i % 2 ? mx : us;
      const lines = [{ sellerSku: ORDER_SKUS[i % ORDER_SKUS.length] as string, units: 1 + (i % 2) }];
      const placed = (await fakeJson(`${fake.apiBase}/fake/orders`, {
        method: 'POST',
        body: JSON.stringify({ shop: region, lines }),
      })) as { data: { order: { id: string; update_time: number } } };
      const order = placed.data.order;
      const body = JSON.stringify({
        type: 1,
        tts_notification_id: `bench-${i}`,
        shop_id: shops.find((s) => s.region === region)?.id,
        timestamp: Math.floor(Date.now() / 1000),
        data: {
          order_id: order.id,
          order_status: 'AWAITING_SHIPMENT',
          is_on_hold_order: false,
          update_time: order.update_time,
        },
      });
      const sentAt = Date.now();
      const answer = await fetch(`${server.url}/api/v1/webhooks/tiktok`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: webhookSignature({ appKey: fake.appKey, appSecret: fake.appSecret, rawBody: body }),
        },
        body,
      });
      if (answer.status !== 200) throw new Error(`webhook answered ${answer.status}`);
      figures.webhook.push(await lagUntilReserved(server.store, storefrontId, order.id, sentAt));

      // The baseline: the same order through Puente's own order API.
      const externalId = `API-${order.id}`;
      const apiSentAt = Date.now();
      const created = await api.post('/api/v1/orders', {
        storefront: i % 2 ? 'TTS-MX' : 'TTS-US',
        externalId,
        paidAt: new Date().toISOString(),
        lines: lines.map((l) => ({ sku: l.sellerSku, quantity: l.units, unitPriceMinor: 1000 })),
      });
      if (created.status !== 201) throw new Error(`POST /orders answered ${created.status}`);
      figures.api.push(await lagUntilReserved(server.store, storefrontId, externalId, apiSentAt));
    }
    return figures;
  } finally {
    fake.stop();
    await server.close();
  }
}

async function ordersInReport(): Promise<void> {
  const out = (s: string) => process.stdout.write(`${s}\n`);
  out(`Orders in: ${ORDERS} orders over 2 shops (the fake in its own process), SQLite`);
  const free = await ordersPull(UNLIMITED);
  const run = await ordersPull(DEFAULT_QPS);
  const line = (label: string, value: string, against = '') =>
    out(`  ${label.padEnd(36)} ${value.padStart(12)}  ${against}`);
  line(
    `wall time at ${DEFAULT_QPS} QPS`,
    `${run.wallS.toFixed(1)} s`,
    `without any limit ${free.wallS.toFixed(1)} s`,
  );
  line(
    'orders per second',
    `${(run.inPuente / run.wallS).toFixed(0)}`,
    `without any limit ${(free.inPuente / free.wallS).toFixed(0)}`,
  );
  const o = run.summary.orders;
  line('orders new / updated / cancelled / parked', `${o.new}/${o.updated}/${o.cancelled}/${o.parked}`);
  line(
    'in Puente once each',
    run.inPuente === run.atFake && run.distinct === run.inPuente ? 'yes' : 'NO',
    `${run.inPuente} Puente orders, ${run.distinct} TikTok ids, ${run.atFake} at the fake`,
  );
  line(
    'calls (retries)',
    `${run.calls} (${run.retries})`,
    `without any limit ${free.calls} (${free.retries})`,
  );
  line(
    'share of wall time waiting on limits',
    `${(100 * Math.max(0, 1 - free.wallS / run.wallS)).toFixed(1)} %`,
    `(${run.wallS.toFixed(1)} s − ${free.wallS.toFixed(1)} s unlimited) ÷ ${run.wallS.toFixed(1)} s; limiter queue ${(run.waitedMs / 1000).toFixed(1)} s in all`,
  );

  const lag = await webhookLag(LAG_ORDERS);
  const ms = (v: number) => `${v.toFixed(0)} ms`;
  const webhook = [...lag.webhook].sort((a, b) => a - b);
  const api = [...lag.api].sort((a, b) => a - b);
  out(`Webhook → reserved order: ${LAG_ORDERS} orders one at a time, the real server (HTTP), SQLite`);
  line(
    'lag p50',
    ms(percentile(webhook, 50)),
    `same orders by POST /api/v1/orders ${ms(percentile(api, 50))}`,
  );
  line(
    'lag p99',
    ms(percentile(webhook, 99)),
    `same orders by POST /api/v1/orders ${ms(percentile(api, 99))}`,
  );
  line(
    'lag max',
    ms(webhook.at(-1) as number),
    `same orders by POST /api/v1/orders ${ms(api.at(-1) as number)}`,
  );
}

await ordersInReport();
await stockOutReport();
