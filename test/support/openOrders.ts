import { type RawBuilder, sql } from 'kysely';
import { addStorefront, addWarehouse, createOrganization } from '../../src/store/entities.ts';
import type { Engine, Store } from '../../src/store/openDatabase.ts';

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

/**
 * Loads an organization with `orders` open orders (1 in 50 waiting for stock), `skus` SKUs, 3
 * warehouses (TX, CA, NJ, different cut-offs and zones) and 2 storefronts, with bulk INSERT … SELECT
 * over a generated series. Operational deadlines spread from 12 h before `now` to 6.5 days after,
 * payments over the last week; each reserved order has one line and one active reservation.
 */
export async function loadOpenOrders(
  store: Store,
  engine: Engine,
  { orders, skus: SKUS, now }: { orders: number; skus: number; now: number },
) {
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
  const skuOf = sql.raw(`'s' || (1 + (cast(n as bigint) * 7919) % ${SKUS})`);
  const whOf = sql`case n % 3 when 0 then ${wh[0]} when 1 then ${wh[1]} else ${wh[2]} end`;
  const o = series(engine, orders);
  // Operational deadlines spread from 12 h ago to 6.5 days ahead, one every few seconds; paid within the last week.
  const span = 7 * 86_400;
  const due = sql.raw(`(${nowS} - 43200 + (cast(n as bigint) * 104729) % ${span})`);
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
