import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Seller, seedSeller } from '../../test/support/seller.ts';
import { engines, freshStore, type TestStore } from '../../test/support/stores.ts';
import { deadlineCounts } from './dispatchFigures.ts';
import { foldOrderCounts, verifyOrderCounts } from './orderCounts.ts';
import { reserveOrders } from './reservations.ts';
import { updateWarehouse } from './settings.ts';
import { cancelOrder, shipOrder } from './settling.ts';
import { receive } from './stockLedger.ts';

/**
 * The open-order counts are a projection the database keeps: after reserving, waiting, shipping,
 * cancelling, stock arriving (waiting orders re-reserved) and a cut-off change (every deadline of a
 * queue recomputed), the stored counts equal a recount, before and after folding, and the overview's
 * late / at-risk figures equal a direct count of the orders at instants on and off the hour.
 */
describe.each(engines)('open-order counts on %s', (engine) => {
  let store: TestStore;
  let s: Seller;
  const ids = async () =>
    (
      await store.db
        .selectFrom('orders')
        .select(['id', 'status'])
        .where('organization_id', '=', s.org)
        .orderBy('external_id')
        .execute()
    ).map((o) => o);

  beforeEach(async () => {
    store = await freshStore(engine);
    s = await seedSeller(store);
    const at = { organizationId: s.org, actor: 'test' };
    await receive(store, { ...at, skuId: s.sku.A, warehouseId: s.tx }, 10);
    await receive(store, { ...at, skuId: s.sku.B, warehouseId: s.ca }, 40);
    const start = Date.parse('2026-11-20T00:00:00Z');
    const orders = Array.from({ length: 40 }, (_, i) => {
      const paidAt = new Date(start + i * 3 * 3_600_000 + (i % 5) * 617_000).toISOString();
      return {
        organizationId: s.org,
        // A: 10 units in TX for 20 orders, so ten wait; B is stocked in CA.
        storefrontId: i % 2 === 0 ? s.mx : s.us,
        externalId: `O-${String(i).padStart(2, '0')}`,
        paidAt,
        takenAt: paidAt,
        currency: 'MXN',
        lines: [{ skuId: i % 2 === 0 ? s.sku.A : s.sku.B, quantity: 1, unitPriceMinor: 19900 }],
        actor: 'test',
      };
    });
    await reserveOrders(store, orders, s.rule);
  });
  afterEach(() => store.dispose());

  const directCounts = async (now: Date, hours: number) => {
    const nowIso = now.toISOString();
    const horizon = new Date(now.getTime() + hours * 3_600_000).toISOString();
    const rows = await store.db
      .selectFrom('orders')
      .select('operational_by')
      .where('organization_id', '=', s.org)
      .where('status', '=', 'reserved')
      .execute();
    const at = (o: { operational_by: string | null }) => Date.parse(o.operational_by ?? '');
    return {
      atRisk: rows.filter((o) => at(o) >= Date.parse(nowIso) && at(o) < Date.parse(horizon)).length,
      late: rows.filter((o) => at(o) < Date.parse(nowIso)).length,
    };
  };

  it('equal a recount through every kind of write, folded or not', async () => {
    expect(await verifyOrderCounts(store, s.org)).toEqual([]);
    const orders = await ids();
    const reserved = orders.filter((o) => o.status === 'reserved');
    const waiting = orders.filter((o) => o.status === 'awaiting_stock');
    expect([reserved.length, waiting.length]).toEqual([30, 10]);
    for (const o of reserved.slice(0, 4))
      await shipOrder(store, o.id, { carrier: 'DHL', tracking: o.id, actor: 'test' });
    await cancelOrder(store, reserved[5]?.id as string, 'test', 'buyer asked');
    await cancelOrder(store, waiting[0]?.id as string, 'test', 'buyer asked');
    expect(await verifyOrderCounts(store, s.org)).toEqual([]);
    // Stock arrives: waiting orders are reserved in the same transaction.
    await receive(store, { organizationId: s.org, actor: 'test', skuId: s.sku.A, warehouseId: s.tx }, 4);
    // A cut-off change moves every deadline of the TX queue.
    await updateWarehouse(store, s.org, 'TX', { cutoff: '11:00' }, null, { actor: 'test' });
    expect(await verifyOrderCounts(store, s.org)).toEqual([]);
    await foldOrderCounts(store, s.org);
    expect(await verifyOrderCounts(store, s.org)).toEqual([]);
    const left = await store.db
      .selectFrom('order_count_changes')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(left.n)).toBe(0);
    const statuses = (await ids()).map((o) => o.status);
    expect(statuses.filter((x) => x === 'awaiting_stock')).toHaveLength(5);
  });

  it.each([
    '2026-11-24T18:00:00Z', // on the hour
    '2026-11-25T09:37:12Z', // inside an hour: the cut hour counted exactly
    '2026-11-23T23:59:59Z',
  ])('late and at risk at %s equal a direct count', async (instant) => {
    const now = new Date(instant);
    await shipOrder(store, (await ids()).find((o) => o.status === 'reserved')?.id as string, {
      carrier: 'DHL',
      tracking: 'T',
      actor: 'test',
    });
    const direct = await directCounts(now, 12);
    expect(direct.atRisk + direct.late).toBeGreaterThan(0);
    expect(await deadlineCounts(store, s.org, now, 12)).toEqual(direct);
    await foldOrderCounts(store, s.org);
    expect(await deadlineCounts(store, s.org, now, 12)).toEqual(await directCounts(now, 12));
  });

  it('verify reports a bucket that does not match its orders', async () => {
    await foldOrderCounts(store, s.org);
    const bucket = await store.db
      .selectFrom('order_counts')
      .select(['warehouse_id', 'status', 'due_hour', 'n', 'units'])
      .where('organization_id', '=', s.org)
      .where('status', '=', 'reserved')
      .orderBy('due_hour')
      .executeTakeFirstOrThrow();
    await sql`update order_counts set n = n + 2 where organization_id = ${s.org} and warehouse_id = ${bucket.warehouse_id}
      and status = 'reserved' and due_hour = ${bucket.due_hour}`.execute(store.db);
    expect(await verifyOrderCounts(store, s.org)).toEqual([
      {
        warehouseId: bucket.warehouse_id,
        status: 'reserved',
        dueHour: bucket.due_hour,
        stored: { orders: Number(bucket.n) + 2, units: Number(bucket.units) },
        counted: { orders: Number(bucket.n), units: Number(bucket.units) },
      },
    ]);
  });
});
