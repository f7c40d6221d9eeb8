import { type RawBuilder, sql } from 'kysely';
import { dispatchOverview } from '../src/services/overview.ts';
import { scanAlerts } from '../src/store/alertScan.ts';
import { boardPage, boardPageQuery, isOpen } from '../src/store/dispatchBoard.ts';
import { addStorefront, addWarehouse, createOrganization } from '../src/store/entities.ts';
import type { Engine } from '../src/store/openDatabase.ts';
import { stockPage } from '../src/store/stockReport.ts';
import { engines, freshStore, type TestStore } from '../test/support/stores.ts';

/**
 * `npm run bench:board [-- --orders 100000,1000000] [--engine sqlite|postgres] [--runs 20]`: the
 * order side at scale. Loads N open orders (2% waiting for stock), 10,000 SKUs, 3 warehouses and 2
 * storefronts with bulk INSERT … SELECT over a generated series, then times what a dashboard and
 * the periodic scan ask: the Overview, the first and a deep page of the board, the alert scan (the
 * first, full pass once; then the incremental run every minute), and the first /stock page. Each
 * is printed beside a bare indexed query on the same data measured in the same run. Goal (issue 8):
 * each under 100 ms p95, memory flat from 100k to 1M.
 */

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const sizes = (arg('orders') ?? '100000,1000000').split(',').map(Number);
const only = arg('engine') as Engine | undefined;
const RUNS = Number(arg('runs') ?? 20);
const SKUS = 10_000;
const out = (line: string) => process.stdout.write(`${line}\n`);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] as number;
};
async function time(fn: () => Promise<unknown>, runs = RUNS) {
  await fn(); // warm the caches and the statement cache
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    xs.push(performance.now() - t);
  }
  return { p50: pct(xs, 0.5), p95: pct(xs, 0.95) };
}

/** ISO UTC text (whole seconds) of an epoch-seconds SQL expression, as the app stores instants. */
function iso(engine: Engine, seconds: RawBuilder<unknown>) {
  return engine === 'postgres'
    ? sql`to_char(to_timestamp(${seconds}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`
    : sql`strftime('%Y-%m-%dT%H:%M:%SZ', ${seconds}, 'unixepoch')`;
}

/** `insert into … select … from` a series 1..n named `n`. */
function series(engine: Engine, n: number) {
  return engine === 'postgres'
    ? { with: sql``, from: sql`generate_series(1, ${sql.lit(n)}) as g(n)` }
    : {
        with: sql`with recursive g(n) as (select 1 union all select n + 1 from g where n < ${sql.lit(n)}) `,
        from: sql`g`,
      };
}

export async function load(store: TestStore, engine: Engine, orders: number, now: number) {
  const org = await createOrganization(store, 'Bench Seller');
  const wh = [
    await addWarehouse(store, org, {
      code: 'TX',
      name: 'Dallas',
      country: 'US',
      state: 'TX',
      timeZone: 'America/Chicago',
      cutoff: '16:00',
    }),
    await addWarehouse(store, org, {
      code: 'CA',
      name: 'Ontario',
      country: 'US',
      state: 'CA',
      timeZone: 'America/Los_Angeles',
      cutoff: '17:00',
    }),
    await addWarehouse(store, org, {
      code: 'NJ',
      name: 'Edison',
      country: 'US',
      state: 'NJ',
      timeZone: 'America/New_York',
      cutoff: '15:00',
    }),
  ];
  const common = { platform: 'tiktok', policyId: 'tiktok-us-mx-2026', warehouses: ['TX', 'CA', 'NJ'] };
  const sf = [
    await addStorefront(store, org, {
      ...common,
      code: 'TTS-US',
      name: 'TikTok Shop US',
      region: 'US',
      currency: 'USD',
    }),
    await addStorefront(store, org, {
      ...common,
      code: 'TTS-MX',
      name: 'TikTok Shop MX',
      region: 'MX',
      currency: 'MXN',
    }),
  ];
  const nowS = Math.floor(now / 1000);
  const at = new Date(now - 86_400_000).toISOString(); // written yesterday: not "changed since the last scan"
  const s = series(engine, SKUS);
  await sql`${s.with}insert into skus (id, organization_id, sku, title, fragile, customized, created_at, updated_at)
    select 's' || n, ${org}, 'SKU-' || n, 'Item ' || n, 0, 0, ${at}, ${at} from ${s.from}`.execute(store.db);
  const skuOf = sql.raw(`'s' || (1 + (n * 7919) % ${SKUS})`);
  const whOf = sql`case n % 3 when 0 then ${wh[0]} when 1 then ${wh[1]} else ${wh[2]} end`;
  const o = series(engine, orders);
  // Operational deadlines spread from 12 h ago to 6.5 days ahead, one every few seconds; paid within the last week.
  const span = 7 * 86_400;
  const due = sql.raw(`(${nowS} - 43200 + (n * 104729) % ${span})`);
  await sql`${o.with}insert into orders (id, organization_id, storefront_id, external_id, status, currency, total_minor, paid_at, ship_by, operational_by, warehouse_id, waiting_reason, created_at, updated_at)
    select 'o' || n, ${org}, case n % 2 when 0 then ${sf[0]} else ${sf[1]} end, 'EXT-' || n,
      case when n % 50 = 0 then 'awaiting_stock' else 'reserved' end, 'USD', 1999,
      ${iso(engine, sql.raw(`(${nowS} - (n * 13) % ${span})`))},
      ${iso(engine, sql`${due} + 7200`)}, ${iso(engine, due)}, ${whOf},
      case when n % 50 = 0 then '{"shortfalls":[{"skuId":"s1","sku":"SKU-1","wanted":2,"available":0}],"splitWouldFill":false}' end,
      ${at}, ${at}
    from ${o.from}`.execute(store.db);
  await sql`${o.with}insert into order_lines (id, order_id, line_no, sku_id, quantity, unit_price_minor)
    select 'l' || n, 'o' || n, 1, ${skuOf}, 1 + n % 3, 1999 from ${o.from}`.execute(store.db);
  await sql`${o.with}insert into reservations (id, organization_id, order_id, sku_id, warehouse_id, quantity, status, created_at)
    select 'r' || n, ${org}, 'o' || n, ${skuOf}, ${whOf}, 1 + n % 3, 'active',
      ${iso(engine, sql.raw(`(${nowS} - (n * 13) % ${span})`))}
    from ${o.from} where n % 50 <> 0`.execute(store.db);
  // Stock: what is reserved, plus 0–299 units free (some SKUs run low against their pace).
  await sql`insert into stock_levels (organization_id, sku_id, warehouse_id, on_hand, reserved, inbound, updated_at)
    select ${org}, k.id, w.id, 1000000000, 0, 0, ${at} from skus k cross join warehouses w where k.organization_id = ${org} and w.organization_id = ${org}`.execute(
    store.db,
  );
  await sql`update stock_levels set reserved = coalesce((select sum(r.quantity) from reservations r where r.organization_id = stock_levels.organization_id and r.sku_id = stock_levels.sku_id and r.warehouse_id = stock_levels.warehouse_id and r.status = 'active'), 0)
    where organization_id = ${org}`.execute(store.db);
  await sql`update stock_levels set on_hand = reserved + (length(sku_id) * 37 + reserved * 11) % 300 where organization_id = ${org}`.execute(
    store.db,
  );
  if (engine === 'postgres') await sql`vacuum analyze`.execute(store.db);
  else await sql`analyze`.execute(store.db);
  return org;
}

async function run(engine: Engine, orders: number) {
  const store = await freshStore(engine);
  const now = Date.now();
  const t0 = performance.now();
  const org = await load(store, engine, orders, now);
  const loadS = (performance.now() - t0) / 1000;
  const nowD = new Date(now);
  const label = `${engine} ${orders.toLocaleString('en-US')}`;
  out(`\n${label} open orders: loaded in ${loadS.toFixed(1)} s`);

  // Baselines: a bare indexed count of the open orders, and a bare keyset read of 50 ids.
  const bareCount = await time(() =>
    store.db
      .selectFrom('orders as o')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('o.organization_id', '=', org)
      .where(isOpen)
      .executeTakeFirst(),
  );
  const bareKeyset = await time(() =>
    boardPageQuery(store.db, org, { after: null, limit: 50 }).clearSelect().select(['o.id']).execute(),
  );
  const deepKey = await store.db
    .selectFrom('orders as o')
    .select(['o.operational_by', 'o.id'])
    .where('o.organization_id', '=', org)
    .where(isOpen)
    .orderBy('o.operational_by')
    .orderBy('o.id')
    .offset(Math.floor(orders * 0.9))
    .limit(1)
    .executeTakeFirstOrThrow();
  const after: [string, string] = [deepKey.operational_by as string, deepKey.id];
  const rows: [string, { p50: number; p95: number }][] = [];
  rows.push(['baseline: count(*) open orders (index)', bareCount]);
  rows.push(['baseline: 50 ids by keyset (index)', bareKeyset]);
  rows.push(['Overview (/metrics/overview)', await time(() => dispatchOverview(store, org, nowD))]);
  rows.push([
    'board, first page (50)',
    await time(() => boardPage(store, org, nowD, { after: null, limit: 51 })),
  ]);
  rows.push(['board, page at 90% (50)', await time(() => boardPage(store, org, nowD, { after, limit: 51 }))]);
  rows.push([
    'board, TX waiting for stock (50)',
    await time(async () => {
      const tx = await store.db
        .selectFrom('warehouses')
        .select('id')
        .where('code', '=', 'TX')
        .executeTakeFirstOrThrow();
      return boardPage(store, org, nowD, {
        warehouseId: tx.id,
        status: 'awaiting_stock',
        after: null,
        limit: 51,
      });
    }),
  ]);
  rows.push([
    '/stock, first page (50)',
    await time(() => stockPage(store, org, nowD, { after: null, limit: 51 })),
  ]);

  const f0 = performance.now();
  const first = await scanAlerts(store, org, nowD);
  const fullMs = performance.now() - f0;
  const openAlerts = await store.db
    .selectFrom('alerts')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('state', '=', 'open')
    .executeTakeFirstOrThrow();
  // Then one run a minute, with 20 orders shipped between runs as a warehouse would.
  let minute = 0;
  let shipped = 0;
  const scans: number[] = [];
  for (let k = 0; k <= RUNS; k++) {
    minute++;
    const batch = await store.db
      .selectFrom('orders as o')
      .select('o.id')
      .where('o.organization_id', '=', org)
      .where('o.status', '=', 'reserved')
      .orderBy('o.operational_by')
      .orderBy('o.id')
      .limit(20)
      .execute();
    const at = new Date().toISOString();
    for (const b of batch)
      await store.db
        .updateTable('orders')
        .set({ status: 'shipped', shipped_at: at, updated_at: at })
        .where('id', '=', b.id)
        .execute();
    shipped += batch.length;
    const t = performance.now();
    await scanAlerts(store, org, new Date(now + minute * 60_000));
    if (k > 0) scans.push(performance.now() - t);
  }
  const incremental = { p50: pct(scans, 0.5), p95: pct(scans, 0.95) };
  rows.push(['alert scan, incremental (1 min, 20 shipped)', incremental]);
  const rss = process.memoryUsage().rss / 1_048_576;
  for (const [name, t] of rows)
    out(
      `  ${name.padEnd(46)} p50 ${t.p50.toFixed(1).padStart(7)} ms  p95 ${t.p95.toFixed(1).padStart(7)} ms`,
    );
  out(
    `  alert scan, first full pass: ${(fullMs / 1000).toFixed(1)} s (${first.raised} at-risk/late alerts opened, ${first.low} low-stock pairs; ${Number(openAlerts.n)} alerts open)`,
  );
  out(`  (${shipped} orders shipped between incremental runs, not timed)`);
  out(`  RSS ${rss.toFixed(0)} MB`);
  await store.dispose();
  return rss;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\/bench\//, '/bench/'))) {
  for (const engine of engines.filter((e) => !only || e === only)) {
    for (const n of sizes) await run(engine, n);
  }
}
