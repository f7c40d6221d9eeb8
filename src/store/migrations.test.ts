import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, freshStore, type TestStore } from '../../test/support/stores.ts';
import { migrate } from './migrations.ts';

describe.each(engines)('migrations on %s', (engine) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await freshStore(engine);
  });
  afterAll(() => store?.dispose());

  it('are applied once: a second run has nothing to do', async () => {
    expect(await migrate(store)).toEqual([]);
  });

  it('enforce 0 <= reserved <= on_hand in the database itself', async () => {
    const now = new Date().toISOString();
    await store.db.insertInto('organizations').values({ id: 'o', name: 'Org', created_at: now }).execute();
    await store.db
      .insertInto('warehouses')
      .values({
        id: 'w',
        organization_id: 'o',
        code: 'TX',
        name: 'Texas',
        country: 'US',
        state: 'TX',
        time_zone: 'America/Chicago',
        cutoff: '23:59',
        holiday_calendar: 'US-federal',
        lead_time_days: 14,
        created_at: now,
      })
      .execute();
    await store.db
      .insertInto('skus')
      .values({
        id: 's',
        organization_id: 'o',
        sku: 'A',
        title: 'A',
        program_category: null,
        verdict: null,
        weight_g: null,
        fragile: 0,
        customized: 0,
        lead_time_days: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    const level = {
      organization_id: 'o',
      sku_id: 's',
      warehouse_id: 'w',
      inbound: 0,
      inbound_eta: null,
      updated_at: now,
    };
    await expect(
      store.db
        .insertInto('stock_levels')
        .values({ ...level, on_hand: 1, reserved: 2 })
        .execute(),
    ).rejects.toThrow(/check/i);
    await expect(
      store.db
        .insertInto('stock_levels')
        .values({ ...level, on_hand: 1, reserved: -1 })
        .execute(),
    ).rejects.toThrow(/check/i);
    await store.db
      .insertInto('stock_levels')
      .values({ ...level, on_hand: 2, reserved: 2 })
      .execute();
    const [row] = await sql<{ n: number }>`select count(*) as n from stock_levels`
      .execute(store.db)
      .then((r) => r.rows);
    expect(Number(row?.n)).toBe(1);
  });
});

describe.each(engines)('2026_12_004_deadline_backfill on %s', (engine) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await freshStore(engine, { migratedTo: '2026_11_002_http_api' });
  });
  afterAll(() => store?.dispose());

  // Rows as the versions before migration 003 wrote them: no operational deadline, no queue, and
  // orders that could not be filled ('unfulfillable') without a ship-by deadline.
  // biome-ignore lint/suspicious/noExplicitAny: the schema as it was at migration 002
  const old = () => store.db as Kysely<any>;
  const at = '2026-11-20T00:00:00Z';
  const order = (id: string, storefront: string, status: string, paidAt: string, shipBy: string | null) => ({
    id,
    organization_id: 'o',
    storefront_id: storefront,
    external_id: id,
    status,
    currency: 'MXN',
    total_minor: 19900,
    paid_at: paidAt,
    ship_by: shipBy,
    unfulfillable_reason: status === 'unfulfillable' ? 'A: wanted 1, available 0' : null,
    shipped_at: status === 'shipped' ? at : null,
    carrier: null,
    tracking: null,
    created_at: at,
    updated_at: at,
  });
  const reservation = (orderId: string, warehouse: string, status = 'active') => ({
    id: `r-${orderId}-${warehouse}`,
    organization_id: 'o',
    order_id: orderId,
    sku_id: 's',
    warehouse_id: warehouse,
    quantity: 1,
    status,
    created_at: at,
  });
  // Platform deadline of an order paid Friday 2026-11-27 evening: Tue 2026-12-01 23:59:59 PST.
  const tuesday = '2026-12-02T07:59:59Z';
  const bulk = Array.from({ length: 1100 }, (_, i) => `bulk-${String(i).padStart(4, '0')}`);

  it('fills both deadlines and the queue of open orders, from reservations or the storefront', async () => {
    const db = old();
    await db.insertInto('organizations').values({ id: 'o', name: 'Org', created_at: at }).execute();
    const warehouse = (id: string, code: string, timeZone: string, cutoff: string) => ({
      id,
      organization_id: 'o',
      code,
      name: code,
      country: 'US',
      state: code,
      time_zone: timeZone,
      cutoff,
      holiday_calendar: 'US-federal',
      lead_time_days: 14,
      created_at: at,
    });
    await db
      .insertInto('warehouses')
      .values([
        warehouse('tx', 'TX', 'America/Chicago', '16:00'),
        warehouse('ca', 'CA', 'America/Los_Angeles', '17:00'),
      ])
      .execute();
    const storefront = (id: string, policy: string) => ({
      id,
      organization_id: 'o',
      code: id,
      name: id,
      platform: 'tiktok',
      region: 'MX',
      currency: 'MXN',
      policy_id: policy,
      created_at: at,
    });
    // 'lost' names a policy file that no longer exists: only stored deadlines can be used there.
    await db
      .insertInto('storefronts')
      .values([storefront('mx', 'tiktok-us-mx-2026'), storefront('lost', '/nowhere/policy.json')])
      .execute();
    await db
      .insertInto('storefront_warehouses')
      .values([
        { storefront_id: 'mx', warehouse_id: 'tx', priority: 0 },
        { storefront_id: 'mx', warehouse_id: 'ca', priority: 1 },
        { storefront_id: 'lost', warehouse_id: 'ca', priority: 0 },
      ])
      .execute();
    await db
      .insertInto('skus')
      .values({ id: 's', organization_id: 'o', sku: 'A', title: 'A', created_at: at, updated_at: at })
      .execute();
    const friday = '2026-11-28T03:30:00Z'; // Fri 19:30 PST
    await db
      .insertInto('orders')
      .values([
        order('in-ca', 'mx', 'reserved', friday, tuesday),
        order('split', 'mx', 'reserved', friday, tuesday),
        order('waiting', 'mx', 'unfulfillable', '2026-11-25T18:00:00Z', null), // Wed before Thanksgiving
        order('shipped', 'mx', 'shipped', friday, tuesday),
        order('lost-stored', 'lost', 'reserved', friday, tuesday),
        order('lost-waiting', 'lost', 'unfulfillable', friday, null),
      ])
      .execute();
    await db
      .insertInto('reservations')
      .values([
        reservation('in-ca', 'ca'),
        reservation('split', 'ca'),
        reservation('split', 'tx'),
        reservation('shipped', 'tx', 'consumed'),
        reservation('lost-stored', 'ca'),
      ])
      .execute();
    // More open orders than one batch, each reserved in Texas.
    for (let i = 0; i < bulk.length; i += 100) {
      const ids = bulk.slice(i, i + 100);
      await db
        .insertInto('orders')
        .values(ids.map((id) => order(id, 'mx', 'reserved', friday, tuesday)))
        .execute();
      await db
        .insertInto('reservations')
        .values(ids.map((id) => reservation(id, 'tx')))
        .execute();
    }

    expect(await migrate(store)).toEqual(
      expect.arrayContaining(['2026_12_003_awaiting_stock', '2026_12_004_deadline_backfill']),
    );

    const rows = await store.db
      .selectFrom('orders')
      .select(['id', 'status', 'ship_by', 'operational_by', 'warehouse_id'])
      .orderBy('id')
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get('in-ca')).toEqual({
      id: 'in-ca',
      status: 'reserved',
      ship_by: tuesday,
      operational_by: '2026-12-02T01:00:00Z', // Tue 17:00 PST
      warehouse_id: 'ca',
    });
    // Split between TX and CA: in the queue of the first pickup, Texas at 16:00 CST.
    expect(byId.get('split')).toMatchObject({ operational_by: '2026-12-01T22:00:00Z', warehouse_id: 'tx' });
    // Waiting without a deadline: the policy's rule gives Mon 2026-11-30 23:59:59 PST (Thanksgiving
    // skipped), and it waits in the storefront's first warehouse, whose truck leaves at 16:00 CST.
    expect(byId.get('waiting')).toEqual({
      id: 'waiting',
      status: 'awaiting_stock',
      ship_by: '2026-12-01T07:59:59Z',
      operational_by: '2026-11-30T22:00:00Z',
      warehouse_id: 'tx',
    });
    // A shipped order is history: untouched.
    expect(byId.get('shipped')).toMatchObject({ ship_by: tuesday, operational_by: null, warehouse_id: null });
    // Without its policy, a stored platform deadline still gives the operational one; a missing one
    // cannot be made up, and the order keeps its queue only.
    expect(byId.get('lost-stored')).toMatchObject({
      ship_by: tuesday,
      operational_by: '2026-12-02T01:00:00Z',
      warehouse_id: 'ca',
    });
    expect(byId.get('lost-waiting')).toMatchObject({
      ship_by: null,
      operational_by: null,
      warehouse_id: 'ca',
    });
    const filled = bulk.map((id) => byId.get(id));
    expect(
      filled.filter((r) => r?.operational_by !== '2026-12-01T22:00:00Z' || r?.warehouse_id !== 'tx'),
    ).toEqual([]);
  });
});
