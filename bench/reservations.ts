import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import { stockRetries } from '../src/store/lockStock.ts';
import { type OrderInput, reserveOrder, reserveOrders } from '../src/store/reservations.ts';
import { receive } from '../src/store/stockLedger.ts';
import { verifyLedger } from '../src/store/verify.ts';
import { type Seller, seedSeller } from '../test/support/seller.ts';
import { engines, freshStore, type TestStore } from '../test/support/stores.ts';
import { type BareOrder, bareReserve, type Statement, statements, toPg } from './reservationBaseline.ts';

/**
 * `npm run bench:orders [-- --quick]`: order reservation (2-line orders) through the store, beside a
 * bare-SQL baseline measured in the same run: the statements the reservation path ran before issue
 * 15 (reservationBaseline.ts), through prepared better-sqlite3 / pg, without Kysely or planning.
 *  - SQLite: one order per transaction and 64 per transaction; WAL bytes written per order.
 *  - PostgreSQL at 1, 8 and 32 clients (one order per transaction); deadlocks retried.
 *  - Two hot SKUs with demand twice the stock, 32 clients on PostgreSQL: attempts/s, p99,
 *    deadlocks, oversold units.
 * Goals (issue 15, on a 2-core machine) are printed beside the figures. `--quick` runs fewer
 * orders (under about two minutes). The machine's load shows in absolute figures: the ratios are
 * what to compare.
 */
const quick = process.argv.includes('--quick');
const ORDERS = Number(process.env.BENCH_ORDERS ?? (quick ? 400 : 3000));
const PG_ORDERS = Number(process.env.BENCH_PG_ORDERS ?? (quick ? 400 : 2000));
/** Hot case: each hot SKU holds this many units and twice as many orders want one of each. */
const HOT_STOCK = quick ? 400 : 1000;
const WAL_ORDERS = 200;
const BATCH = 64;
const SKUS = 200;

interface Figures {
  perSecond: number;
  p50: number;
  p99: number;
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;

/** `count` calls of `one` from `workers` concurrent callers; `weight` orders per call. */
async function timed(
  workers: number,
  count: number,
  one: (i: number) => Promise<void>,
  weight = 1,
): Promise<Figures> {
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
  return { perSecond: (count * weight) / seconds, p50: pct(latencies, 0.5), p99: pct(latencies, 0.99) };
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

const line = (name: string, f: Figures, base?: Figures, unit = 'orders/s') =>
  `${name.padEnd(52)} ${f.perSecond.toFixed(0).padStart(6)} ${unit}  p50 ${f.p50.toFixed(1).padStart(6)} ms  p99 ${f.p99.toFixed(1).padStart(6)} ms${base ? `  ${((100 * f.perSecond) / base.perSecond).toFixed(0).padStart(4)}% of bare` : ''}`;
const out = (s: string) => process.stdout.write(`${s}\n`);
const goal = (text: string, met: boolean) => out(`  goal: ${text.padEnd(60)} ${met ? 'met' : 'MISSED'}`);
const isDeadlock = (e: unknown) => (e as { code?: string })?.code === '40P01';

out(
  `bench:orders${quick ? ' --quick' : ''}: ${ORDERS} orders on SQLite, ${PG_ORDERS} per PostgreSQL run; baseline = the same statements, prepared, same run`,
);

/** BENCH_ONLY=sqlite or postgres runs one engine's part. */
const only = process.env.BENCH_ONLY;

// SQLite: the store path, then the same statements through prepared better-sqlite3 on a twin file.
if (only !== 'postgres') {
  const store = await freshStore('sqlite');
  const { s, skuIds } = await seed(store, SKUS, 1_000_000);
  const twin = await freshStore('sqlite');
  const twinSeed = await seed(twin, SKUS, 1_000_000);
  await twin.close();
  const twinFile = twin.url.replace(/^sqlite:/, '');
  const db = new SqliteDatabase(twinFile);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  const prepared = Object.fromEntries(
    Object.entries(statements).map(([k, v]) => [k, db.prepare(v)]),
  ) as Record<Statement, SqliteDatabase.Statement>;
  const run = async (st: Statement, params: unknown[]) => {
    const p = prepared[st];
    if (p.reader) return p.all(...params) as unknown[];
    p.run(...params);
    return [];
  };
  const bareOne = (prefix: string) => async (i: number) => {
    db.exec('begin immediate');
    await bareReserve(run, bareOf(twinSeed.s, orderOf(twinSeed.s, twinSeed.skuIds, i, prefix)));
    db.exec('commit');
  };
  const bareBatch = (prefix: string) => async (b: number) => {
    db.exec('begin immediate');
    for (let i = b * BATCH; i < (b + 1) * BATCH; i++)
      await bareReserve(run, bareOf(twinSeed.s, orderOf(twinSeed.s, twinSeed.skuIds, i, prefix)));
    db.exec('commit');
  };
  const puenteOne = (prefix: string) => async (i: number) => {
    await reserveOrder(store, orderOf(s, skuIds, i, prefix), s.rule);
  };
  const puenteBatch = (prefix: string) => async (b: number) => {
    const orders = Array.from({ length: BATCH }, (_, k) => orderOf(s, skuIds, b * BATCH + k, prefix));
    await reserveOrders(store, orders, s.rule);
  };

  // WAL bytes per order: no checkpoint while N orders commit, so the WAL file holds every frame.
  const walPerOrder = async (
    pragma: (p: string) => Promise<void>,
    file: string,
    one: (i: number) => Promise<void>,
  ) => {
    await pragma('wal_checkpoint(TRUNCATE)');
    await pragma('wal_autocheckpoint = 0');
    for (let i = 0; i < WAL_ORDERS; i++) await one(i);
    const bytes = statSync(`${file}-wal`).size;
    await pragma('wal_autocheckpoint = 1000');
    await pragma('wal_checkpoint(TRUNCATE)');
    return bytes / WAL_ORDERS;
  };
  const bareWal = await walPerOrder(async (p) => void db.pragma(p), twinFile, bareOne('WB'));
  const puenteWal = await walPerOrder(
    async (p) => void (await sql.raw(`pragma ${p}`).execute(store.db)),
    store.location,
    puenteOne('WK'),
  );

  const bare = await timed(1, ORDERS, bareOne('B'));
  const puente = await timed(1, ORDERS, puenteOne('K'));
  const batches = Math.max(1, Math.floor(ORDERS / BATCH));
  const bareBatched = await timed(1, batches, bareBatch('BB'), BATCH);
  const puenteBatched = await timed(1, batches, puenteBatch('KB'), BATCH);
  out(`SQLite, two-line orders, 1 client`);
  out(line('  bare SQL, 1 order per transaction', bare));
  out(line('  puente reserveOrder, 1 order per transaction', puente, bare));
  out(line(`  bare SQL, ${BATCH} orders per transaction`, bareBatched));
  out(line(`  puente reserveOrders, ${BATCH} per transaction`, puenteBatched, bareBatched));
  out(
    `  WAL bytes per order (1 per transaction, ${WAL_ORDERS} orders): bare ${bareWal.toFixed(0)}, puente ${puenteWal.toFixed(0)}`,
  );
  goal('SQLite ≥ 80% of bare, 1 order per transaction', puente.perSecond >= 0.8 * bare.perSecond);
  db.close();
  await store.dispose();
  await twin.dispose();
}

if (engines.includes('postgres') && only !== 'sqlite') {
  for (const clients of [1, 8, 32]) {
    // Two at least: migrating holds the start-up lock on one connection and works on another.
    const store = await freshStore('postgres', { poolSize: Math.max(2, clients) });
    const { s, skuIds } = await seed(store, SKUS, 1_000_000);
    const twin = await freshStore('postgres');
    const twinSeed = await seed(twin, SKUS, 1_000_000);
    const pool = new pg.Pool({ connectionString: twin.url, max: clients });
    let bareDeadlocks = 0;
    const bare = await timed(clients, PG_ORDERS, async (i) => {
      const client = await pool.connect();
      const run = async (st: Statement, params: unknown[]) =>
        (await client.query({ name: st, text: toPg(statements[st]), values: params })).rows;
      try {
        for (;;) {
          try {
            await client.query('begin');
            await bareReserve(run, bareOf(twinSeed.s, orderOf(twinSeed.s, twinSeed.skuIds, i, 'B')));
            await client.query('commit');
            return;
          } catch (e) {
            await client.query('rollback');
            if (!isDeadlock(e)) throw e;
            bareDeadlocks++;
          }
        }
      } finally {
        client.release();
      }
    });
    const before = stockRetries.deadlock;
    const puente = await timed(clients, PG_ORDERS, async (i) => {
      await reserveOrder(store, orderOf(s, skuIds, i, 'K'), s.rule);
    });
    const deadlocks = stockRetries.deadlock - before;
    out(`PostgreSQL, two-line orders, ${clients} client${clients > 1 ? 's' : ''}, 1 order per transaction`);
    out(`${line('  bare SQL', bare)}  deadlocks ${bareDeadlocks}`);
    out(`${line('  puente reserveOrder', puente, bare)}  deadlocks ${deadlocks}`);
    if (clients === 8)
      goal('PostgreSQL ≥ 70% of bare at 8 clients', puente.perSecond >= 0.7 * bare.perSecond);
    if (clients === 32) goal('p99 < 50 ms at 32 clients, 0 deadlocks', puente.p99 < 50 && deadlocks === 0);
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
    await receive(
      store,
      { organizationId: s.org, skuId: s.sku[sku], warehouseId: w, actor: 'bench' },
      HOT_STOCK,
    );
  let errors = 0;
  const outcomes: Record<string, number> = {};
  const before = stockRetries.deadlock;
  const hot = await timed(32, 2 * HOT_STOCK, async (i) => {
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
  const deadlocks = stockRetries.deadlock - before;
  const levels = await store.db.selectFrom('stock_levels').selectAll().execute();
  const oversold = levels.reduce((n, l) => n + Math.max(0, l.reserved - l.on_hand), 0);
  const drift = await verifyLedger(store);
  out(
    `PostgreSQL, 2 hot SKUs (${HOT_STOCK} units each), ${2 * HOT_STOCK} two-line orders (demand 2× stock), 32 clients`,
  );
  out(
    `${line('  puente reserveOrder', hot, undefined, 'attempts/s')}  reserved ${outcomes.reserved ?? 0}, awaiting_stock ${outcomes.awaiting_stock ?? 0}, deadlocks ${deadlocks}, oversold units ${oversold}, errors ${errors}, ledger drift ${drift.length}`,
  );
  goal(
    'hot: ≥ 1,500 attempts/s, p99 < 100 ms, 0 deadlocks, 0 oversell',
    hot.perSecond >= 1500 && hot.p99 < 100 && deadlocks === 0 && oversold === 0 && errors === 0,
  );
  await store.dispose();
}

// The board, its figures and the alert scan over 1,000,000 open orders: `npm run bench:board`.
