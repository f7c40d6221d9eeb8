import { randomUUID } from 'node:crypto';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { type OrderInput, reserveOrder } from '../src/store/reservations.ts';
import { receive } from '../src/store/stockLedger.ts';
import { verifyLedger } from '../src/store/verify.ts';
import { type Seller, seedSeller } from '../test/support/seller.ts';
import { engines, freshStore, type TestStore } from '../test/support/stores.ts';
import { type BareOrder, bareReserve, type Statement, statements, toPg } from './reservationBaseline.ts';

/**
 * `npm run bench:orders`: order reservation throughput (2-line orders) through the store, beside a
 * bare-SQL baseline running the same statements with prepared better-sqlite3 / pg in the same run;
 * PostgreSQL at 1, 8 and 32 clients; two hot SKUs under 32 clients (latency, oversell, errors);
 * the at-risk query over 1,000,000 open orders. Goals (issue 3): ≥ 50% of the bare path, p99 < 50 ms
 * at 32 clients on PostgreSQL, the at-risk query < 50 ms.
 */
const ORDERS = Number(process.env.BENCH_ORDERS ?? 3000);
const SKUS = 200;

interface Figures {
  perSecond: number;
  p50: number;
  p99: number;
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;

async function timed(workers: number, count: number, one: (i: number) => Promise<void>): Promise<Figures> {
  const latencies: number[] = [];
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async () => {
      for (let i = next++; i < count; i = next++) {
        const t = performance.now();
        await one(i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSecond: count / seconds, p50: pct(latencies, 0.5), p99: pct(latencies, 0.99) };
}

async function seed(store: TestStore, skus: number, stock: number): Promise<{ s: Seller; skuIds: string[] }> {
  const s = await seedSeller(store);
  const rows = Array.from({ length: skus }, (_, i) => ({
    id: randomUUID(),
    organization_id: s.org,
    sku: `S-${i}`,
    title: `SKU ${i}`,
    program_category: null,
    verdict: null,
    weight_g: null,
    fragile: 0,
    customized: 0,
    lead_time_days: null,
    created_at: new Date().toISOString(),
    updated_at: new Date().toISOString(),
  }));
  for (let i = 0; i < rows.length; i += 100)
    await store.db
      .insertInto('skus')
      .values(rows.slice(i, i + 100))
      .execute();
  for (const r of rows)
    await receive(store, { organizationId: s.org, skuId: r.id, warehouseId: s.tx, actor: 'bench' }, stock);
  return { s, skuIds: rows.map((r) => r.id) };
}

const orderOf = (s: Seller, skuIds: string[], i: number, prefix: string): OrderInput => {
  const a = skuIds[i % skuIds.length] as string;
  const b = skuIds[(i * 7 + 3) % skuIds.length] as string;
  return {
    organizationId: s.org,
    storefrontId: i % 2 ? s.us : s.mx,
    externalId: `${prefix}-${i}`,
    paidAt: new Date().toISOString(),
    currency: 'MXN',
    lines: [
      { skuId: a, quantity: 1, unitPriceMinor: 100 },
      { skuId: b === a ? (skuIds[(i + 1) % skuIds.length] as string) : b, quantity: 1, unitPriceMinor: 100 },
    ],
    actor: 'bench',
  };
};
const bareOf = (s: Seller, o: OrderInput): BareOrder => ({
  org: s.org,
  storefrontId: o.storefrontId,
  externalId: o.externalId,
  skuA: o.lines[0]?.skuId as string,
  skuB: o.lines[1]?.skuId as string,
  warehouseId: s.tx,
  otherWarehouseId: s.ca,
});

const line = (name: string, f: Figures, base?: Figures) =>
  `${name.padEnd(46)} ${f.perSecond.toFixed(0).padStart(7)} orders/s  p50 ${f.p50.toFixed(1).padStart(6)} ms  p99 ${f.p99.toFixed(1).padStart(6)} ms${base ? `  ${((100 * f.perSecond) / base.perSecond).toFixed(0).padStart(4)}% of bare SQL` : ''}`;
const out = (s: string) => process.stdout.write(`${s}\n`);

// SQLite: the store path, then the same statements through prepared better-sqlite3 on a twin file.
{
  const store = await freshStore('sqlite');
  const { s, skuIds } = await seed(store, SKUS, 1_000_000);
  const twin = await freshStore('sqlite');
  const twinSeed = await seed(twin, SKUS, 1_000_000);
  await twin.close();
  const db = new SqliteDatabase(twin.url.replace(/^sqlite:/, ''));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const prepared = Object.fromEntries(
    Object.entries(statements).map(([k, v]) => [k, db.prepare(v)]),
  ) as Record<Statement, SqliteDatabase.Statement>;
  const run = async (st: Statement, params: unknown[]) => {
    const p = prepared[st];
    if (p.reader) return p.all(...params) as unknown[];
    p.run(...params);
    return [];
  };
  const bare = await timed(1, ORDERS, async (i) => {
    db.exec('begin immediate');
    await bareReserve(run, bareOf(twinSeed.s, orderOf(twinSeed.s, twinSeed.skuIds, i, 'B')));
    db.exec('commit');
  });
  const kysely = await timed(1, ORDERS, async (i) => {
    await reserveOrder(store, orderOf(s, skuIds, i, 'K'), s.rule);
  });
  out(`SQLite, ${ORDERS} two-line orders, 1 client`);
  out(line('  baseline: same statements, prepared better-sqlite3', bare));
  out(line('  puente reserveOrder (Kysely, planning, ship-by)', kysely, bare));
  db.close();
  await store.dispose();
  await twin.dispose();
}

if (engines.includes('postgres')) {
  for (const clients of [1, 8, 32]) {
    const store = await freshStore('postgres', { poolSize: clients });
    const { s, skuIds } = await seed(store, SKUS, 1_000_000);
    const twin = await freshStore('postgres');
    const twinSeed = await seed(twin, SKUS, 1_000_000);
    const pool = new pg.Pool({ connectionString: twin.url, max: clients });
    const bare = await timed(clients, ORDERS, async (i) => {
      const client = await pool.connect();
      const run = async (st: Statement, params: unknown[]) =>
        (await client.query({ name: st, text: toPg(statements[st]), values: params })).rows;
      try {
        await client.query('begin');
        await bareReserve(run, bareOf(twinSeed.s, orderOf(twinSeed.s, twinSeed.skuIds, i, 'B')));
        await client.query('commit');
      } finally {
        client.release();
      }
    });
    const kysely = await timed(clients, ORDERS, async (i) => {
      await reserveOrder(store, orderOf(s, skuIds, i, 'K'), s.rule);
    });
    out(`PostgreSQL, ${ORDERS} two-line orders, ${clients} client${clients > 1 ? 's' : ''}`);
    out(line('  baseline: same statements, prepared pg', bare));
    out(line('  puente reserveOrder', kysely, bare));
    await pool.end();
    await store.dispose();
    await twin.dispose();
  }

  // Two hot SKUs, demand twice the stock, 32 clients.
  const store = await freshStore('postgres', { poolSize: 32 });
  const s = await seedSeller(store, { mxAllowSplit: true });
  for (const [sku, w] of [
    ['A', s.tx],
    ['B', s.ca],
  ] as const)
    await receive(store, { organizationId: s.org, skuId: s.sku[sku], warehouseId: w, actor: 'bench' }, 1000);
  let errors = 0;
  const outcomes: Record<string, number> = {};
  const hot = await timed(32, 2000, async (i) => {
    try {
      const o = await reserveOrder(
        store,
        {
          ...orderOf(s, [s.sku.A, s.sku.B], i, 'H'),
          lines: [
            { skuId: s.sku.A, quantity: 1, unitPriceMinor: 100 },
            { skuId: s.sku.B, quantity: 1, unitPriceMinor: 100 },
          ],
        },
        s.rule,
      );
      outcomes[o.status] = (outcomes[o.status] ?? 0) + 1;
    } catch {
      errors++;
    }
  });
  const levels = await store.db.selectFrom('stock_levels').selectAll().execute();
  const oversold = levels.reduce((n, l) => n + Math.max(0, l.reserved - l.on_hand), 0);
  const drift = await verifyLedger(store);
  out('PostgreSQL, 2 hot SKUs (1,000 units each), 2,000 two-line orders, 32 clients');
  out(
    `${line('  puente reserveOrder', hot)}  reserved ${outcomes.reserved ?? 0}, awaiting_stock ${outcomes.awaiting_stock ?? 0}, oversold units ${oversold}, errors (deadlock/timeout) ${errors}, ledger drift ${drift.length}`,
  );
  await store.dispose();
}

// The board, its figures and the alert scan over 1,000,000 open orders: `npm run bench:board`.
