import { randomUUID } from 'node:crypto';
import { type IncomingOrder, placeOrder } from '../src/services/orderIntake.ts';
import { addStorefront, addWarehouse, createOrganization, upsertSkus } from '../src/store/entities.ts';
import type { Store } from '../src/store/openDatabase.ts';
import { receiveOpeningStock } from '../src/store/openingStock.ts';
import { freshStore } from '../test/support/stores.ts';

/**
 * `npm run bench:tenants` (issue 15): many sellers on one PostgreSQL. 1,000 organizations × 200
 * SKUs × 2 storefronts in a database of its own (dropped after), then order traffic skewed like
 * real sellers — organization k gets a share ∝ 1/k^1.1 (Zipf): a few big, many small — through
 * placeOrder, the function `POST /api/v1/orders` calls. Reports aggregate orders/s and p50/p99 per
 * size class beside a same-run baseline: the same number of orders for one organization alone (a
 * single-seller install). Goal: ≥ 500 orders/s aggregate, p99 < 100 ms.
 *
 *   npm run bench:tenants               1,000 organizations, 10,000 orders
 *   npm run bench:tenants -- --quick    100 organizations, 3,000 orders
 *   BENCH_TENANT_ORDERS=… BENCH_CLIENTS=… override the order count and concurrency (default 32).
 */
const quick = process.argv.includes('--quick');
const ORGS = quick ? 100 : 1000;
const SKUS = 200;
const ORDERS = Number(process.env.BENCH_TENANT_ORDERS ?? (quick ? 3000 : 10_000));
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 32);
const ZIPF_S = 1.1;

interface Seller {
  org: string;
  rank: number;
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;

/** Organization rank → size class: the top 1% are big, the next 9% medium, the rest small. */
const sizeClass = (rank: number) => (rank <= ORGS * 0.01 ? 'big' : rank <= ORGS * 0.1 ? 'medium' : 'small');

/** One seller's whole setup, with the store's bulk functions: SKUs in chunks, stock as opening balances in multi-row statements. */
async function setUpSeller(store: Store, rank: number): Promise<Seller> {
  const org = await createOrganization(store, `Seller ${rank}`);
  const warehouse = await addWarehouse(store, org, {
    code: 'TX',
    name: 'Dallas 3PL',
    country: 'US',
    state: 'TX',
    timeZone: 'America/Chicago',
  });
  for (const [code, region, currency] of [
    ['TTS-US', 'US', 'USD'],
    ['TTS-MX', 'MX', 'MXN'],
  ] as const)
    await addStorefront(store, org, {
      code,
      name: code,
      platform: 'tiktok',
      region,
      currency,
      policyId: 'tiktok-us-mx-2026',
      warehouses: ['TX'],
    });
  const ids = await upsertSkus(
    store,
    org,
    Array.from({ length: SKUS }, (_, i) => ({ sku: `S${i}`, title: `Product ${i}` })),
  );
  await receiveOpeningStock(store, {
    organizationId: org,
    warehouseId: warehouse,
    actor: 'bench',
    items: [...ids.values()].map((skuId) => ({ skuId, quantity: 100_000 })),
  });
  return { org, rank };
}

async function pool<T>(count: number, workers: number, one: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      for (let i = next++; i < count; i = next++) out[i] = await one(i);
    }),
  );
  return out;
}

function order(seed: number): IncomingOrder {
  const lines = 1 + (seed % 2);
  return {
    storefront: seed % 3 === 0 ? 'TTS-US' : 'TTS-MX',
    externalId: `B-${randomUUID()}`,
    paidAt: new Date().toISOString(),
    lines: Array.from({ length: lines }, (_, j) => ({
      sku: `S${(seed * 7919 + j * 104_729) % SKUS}`,
      quantity: 1,
      unitPriceMinor: 19_900,
    })),
  };
}

/** Runs the orders (organization per order given) with CLIENTS at once; latency per order. */
async function traffic(store: Store, sellers: Seller[], pick: (i: number) => Seller) {
  const latencies: { cls: string; ms: number }[] = [];
  // Not reserved (waiting for stock, a duplicate) or an error: none is expected, stock is ample.
  let failed = 0;
  const start = performance.now();
  await pool(ORDERS, CLIENTS, async (i) => {
    const seller = pick(i);
    const t = performance.now();
    try {
      const outcome = await placeOrder(store, seller.org, order(i), 'bench');
      if (outcome.status !== 'reserved') failed++;
    } catch {
      failed++;
    }
    latencies.push({ cls: sizeClass(seller.rank), ms: performance.now() - t });
  });
  const seconds = (performance.now() - start) / 1000;
  const by = (cls?: string) =>
    latencies
      .filter((l) => !cls || l.cls === cls)
      .map((l) => l.ms)
      .sort((a, b) => a - b);
  void sellers;
  return { perSecond: ORDERS / seconds, seconds, failed, by };
}

/** Cumulative Zipf weights over ranks 1..n, for picking an organization by its share of orders. */
function zipfPicker(n: number, s: number, seed = 42) {
  const cumulative: number[] = [];
  let sum = 0;
  for (let k = 1; k <= n; k++) {
    sum += 1 / k ** s;
    cumulative.push(sum);
  }
  // A fixed pseudo-random sequence: the same traffic every run.
  let x = seed;
  const random = () => {
    x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
    return x / 2 ** 31;
  };
  return () => {
    const r = random() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] as number) < r) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

async function main() {
  const store = await freshStore('postgres', { poolSize: 16 });
  try {
    console.log(
      `bench:tenants — ${ORGS} organizations × ${SKUS} SKUs × 2 storefronts on one PostgreSQL; ${ORDERS} orders, ${CLIENTS} clients${quick ? ' (--quick)' : ''}`,
    );
    const setupStart = performance.now();
    const sellers = await pool(ORGS, 8, (i) => setUpSeller(store, i + 1));
    const setupSeconds = (performance.now() - setupStart) / 1000;
    console.log(
      `setup: ${ORGS * SKUS} SKUs and stock levels, ${ORGS * 2} storefronts in ${setupSeconds.toFixed(1)} s (${Math.round((ORGS * SKUS) / setupSeconds)} SKUs/s)`,
    );

    // Baseline, same run: one organization alone (a single-seller install), same order stream.
    const alone = sellers[0] as Seller;
    const base = await traffic(store, sellers, () => alone);
    const baseAll = base.by();

    const pickRank = zipfPicker(ORGS, ZIPF_S);
    const share = new Map<string, number>();
    const picks = Array.from({ length: ORDERS }, () => sellers[pickRank()] as Seller);
    for (const p of picks) share.set(sizeClass(p.rank), (share.get(sizeClass(p.rank)) ?? 0) + 1);
    const mixed = await traffic(store, sellers, (i) => picks[i] as Seller);
    const all = mixed.by();

    const ms = (v: number) => `${v.toFixed(1)} ms`;
    console.log('');
    console.log(
      `baseline, 1 organization alone: ${base.perSecond.toFixed(0)} orders/s, p50 ${ms(pct(baseAll, 0.5))}, p99 ${ms(pct(baseAll, 0.99))}, failed ${base.failed}`,
    );
    console.log(
      `mixed, ${ORGS} organizations (Zipf s=${ZIPF_S}): ${mixed.perSecond.toFixed(0)} orders/s (${((100 * mixed.perSecond) / base.perSecond).toFixed(0)}% of the baseline), p50 ${ms(pct(all, 0.5))}, p99 ${ms(pct(all, 0.99))}, failed ${mixed.failed}`,
    );
    for (const cls of ['big', 'medium', 'small']) {
      const l = mixed.by(cls);
      const orgs = sellers.filter((s) => sizeClass(s.rank) === cls).length;
      console.log(
        `  ${cls.padEnd(6)} ${String(orgs).padStart(4)} organizations, ${String(share.get(cls) ?? 0).padStart(5)} orders: p50 ${ms(pct(l, 0.5))}, p99 ${ms(pct(l, 0.99))}`,
      );
    }
    const worstP99 = Math.max(...['big', 'medium', 'small'].map((c) => pct(mixed.by(c), 0.99)));
    console.log('');
    console.log(
      `goal: ≥ 500 orders/s aggregate — ${mixed.perSecond >= 500 ? 'met' : 'MISSED'} (${mixed.perSecond.toFixed(0)})`,
    );
    console.log(
      `goal: p99 < 100 ms in every size class — ${worstP99 < 100 ? 'met' : 'MISSED'} (worst ${ms(worstP99)})`,
    );
  } finally {
    await store.dispose();
  }
}

await main();
