import { sql } from 'kysely';
import { planRestock } from '../src/services/restockPlan.ts';
import { skuClassesOf } from '../src/services/skuClasses.ts';
import type { Engine } from '../src/store/openDatabase.ts';
import { movementDays } from '../src/store/skuHistory.ts';
import { loadOpenOrders } from '../test/support/openOrders.ts';
import { freshStore } from '../test/support/stores.ts';

/**
 * `npm run bench:plan-reads [-- --orders 1000000] [--engine sqlite|postgres] [--runs 10]`: what the
 * Planning chart and the Inventory page read, at scale. Loads N open orders over 10,000 SKUs
 * (test/support/openOrders.ts; the demand roll-up is kept by its triggers as they load), one ledger
 * movement per order, and a hot SKU with 100,000 more movements over 60 days. Then times:
 * - the chart's daily movements of the hot SKU (skuHistory.ts), beside a bare indexed count of the
 *   same SKU's movements — the figure that decides between reading the ledger and a roll-up table;
 * - the classes of one Inventory page (100 SKUs) by skuClassesOf, beside the whole restock plan the
 *   page ran before; and the one-SKU plan the chart runs.
 */

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
process.env.PUENTE_DB_STATEMENT_TIMEOUT_MS ??= String(3_600_000);
const ORDERS = Number(arg('orders') ?? 1_000_000);
const engine = (arg('engine') ?? 'sqlite') as Engine;
const RUNS = Number(arg('runs') ?? 10);
const HOT = 100_000;
const out = (line: string) => process.stdout.write(`${line}\n`);

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))] as number;
async function time(fn: () => Promise<unknown>, runs = RUNS) {
  await fn();
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    xs.push(performance.now() - t);
  }
  return `p50 ${pct(xs, 0.5).toFixed(1)} ms, p95 ${pct(xs, 0.95).toFixed(1)} ms`;
}

const store = await freshStore(engine);
const now = Date.now();
const t0 = performance.now();
const org = await loadOpenOrders(store, engine, { orders: ORDERS, skus: 10_000, now });
const series = (n: number) =>
  engine === 'postgres'
    ? { with: sql``, from: sql`generate_series(1, ${sql.lit(n)}) as g(n)` }
    : {
        with: sql`with recursive g(n) as (select 1 union all select n + 1 from g where n < ${sql.lit(n)}) `,
        from: sql`g`,
      };
const iso = (seconds: string) =>
  engine === 'postgres'
    ? sql.raw(`to_char(to_timestamp(${seconds}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`)
    : sql.raw(`strftime('%Y-%m-%dT%H:%M:%SZ', ${seconds}, 'unixepoch')`);
const nowS = Math.floor(now / 1000);
// One reserve movement per reserved order, at its payment time.
await sql`insert into stock_movements (organization_id, sku_id, warehouse_id, kind, on_hand_delta, reserved_delta, actor, order_id, created_at)
  select r.organization_id, r.sku_id, r.warehouse_id, 'reserve', 0, r.quantity, 'bench', r.order_id, r.created_at
  from reservations r where r.organization_id = ${org}`.execute(store.db);
const hot = series(HOT);
const tx = (
  await store.db
    .selectFrom('warehouses')
    .select('id')
    .where('organization_id', '=', org)
    .where('code', '=', 'TX')
    .executeTakeFirstOrThrow()
).id;
await sql`${hot.with}insert into stock_movements (organization_id, sku_id, warehouse_id, kind, on_hand_delta, reserved_delta, actor, created_at)
  select ${org}, 's1', ${tx}, 'ship', -1, -1, 'bench', ${iso(`(${nowS} - (n * 53) % (60 * 86400))`)} from ${hot.from}`.execute(
  store.db,
);
if (engine === 'postgres') await sql`vacuum analyze`.execute(store.db);
else await sql`analyze`.execute(store.db);
const movements = Number(
  (
    await store.db
      .selectFrom('stock_movements')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow()
  ).n,
);
out(
  `${engine}, ${ORDERS.toLocaleString('en-US')} orders, ${movements.toLocaleString('en-US')} movements: loaded in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
);

const from = new Date(now - 59 * 86_400_000).toISOString().slice(0, 10);
const bare = await time(() =>
  store.db
    .selectFrom('stock_movements')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('organization_id', '=', org)
    .where('sku_id', '=', 's1')
    .executeTakeFirst(),
);
out(
  `hot SKU (${HOT.toLocaleString('en-US')}+ movements in 60 days), daily movements: ${await time(() => movementDays(store.db, org, 's1', from))}`,
);
out(`  baseline, bare indexed count of its movements: ${bare}`);
const cold = await time(() => movementDays(store.db, org, 's2', from));
out(`ordinary SKU, daily movements: ${cold}`);
// The same read through a covering index by (organization, SKU, time): does it earn its write cost?
await sql`create index bench_movements_by_time on stock_movements (organization_id, sku_id, created_at, warehouse_id, on_hand_delta, reserved_delta)`.execute(
  store.db,
);
await sql`analyze`.execute(store.db);
out(
  `hot SKU, daily movements with a covering (organization, SKU, time) index: ${await time(() => movementDays(store.db, org, 's1', from))}`,
);
out(
  `  baseline, bare indexed count of its movements: ${await time(() =>
    store.db
      .selectFrom('stock_movements')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('organization_id', '=', org)
      .where('sku_id', '=', 's1')
      .executeTakeFirst(),
  )}`,
);
await sql`drop index bench_movements_by_time`.execute(store.db);

const page = Array.from({ length: 100 }, (_, i) => `SKU-${i + 1}`);
const d = new Date(now);
out(
  `classes of one Inventory page (100 SKUs), skuClassesOf: ${await time(() => skuClassesOf(store, org, page, d))}`,
);
out(
  `  baseline, the whole restock plan (what the page ran before): ${await time(() => planRestock(store, org, d), Math.min(RUNS, 3))}`,
);
out(
  `the chart's plan of the hot SKU alone (skuHistory.ts): ${await time(() => planRestock(store, org, d, { skuIds: ['s1'] }))}`,
);
await store.dispose();
