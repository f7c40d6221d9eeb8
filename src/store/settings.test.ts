import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Seller, seedSeller } from '../../test/support/seller.ts';
import { engines, freshStore, type TestStore } from '../../test/support/stores.ts';
import { holidayCalendar } from '../domain/dispatch/holidayCalendars.ts';
import { operationalDeadline } from '../domain/dispatch/operationalDeadline.ts';
import { type OrderInput, reserveOrder, shipOrder } from './reservations.ts';
import { updateWarehouse } from './settings.ts';
import { receive } from './stockLedger.ts';

describe.each(engines)('a warehouse’s pickups change on %s', (engine) => {
  let store: TestStore;
  let s: Seller;
  beforeEach(async () => {
    store = await freshStore(engine);
    s = await seedSeller(store);
    await receive(store, { organizationId: s.org, skuId: s.sku.A, warehouseId: s.tx, actor: 'test' }, 10);
    await receive(store, { organizationId: s.org, skuId: s.sku.B, warehouseId: s.ca, actor: 'test' }, 10);
  });
  afterEach(() => store.dispose());

  const order = (externalId: string, sku: 'A' | 'B' | 'C', paidAt: string): OrderInput => ({
    organizationId: s.org,
    storefrontId: s.mx,
    externalId,
    paidAt,
    currency: 'MXN',
    lines: [{ skuId: s.sku[sku], quantity: 1, unitPriceMinor: 19900 }],
    actor: 'test',
  });
  const deadlines = async () =>
    Object.fromEntries(
      (
        await store.db
          .selectFrom('orders')
          .select(['external_id', 'operational_by'])
          .where('external_id', 'like', 'MX-%')
          .execute()
      ).map((o) => [o.external_id, o.operational_by]),
    );

  it('a new cut-off moves the operational deadline of the open orders in its queue, in the same change', async () => {
    // Platform deadlines: Wed 2026-05-27 and Thu 05-28, 23:59:59 PDT.
    await reserveOrder(store, order('MX-1', 'A', '2026-05-22T22:00:00Z'), s.rule); // TX
    await reserveOrder(store, order('MX-2', 'A', '2026-05-26T16:00:00Z'), s.rule); // TX
    await reserveOrder(store, order('MX-3', 'C', '2026-05-22T22:00:00Z'), s.rule); // waits on TX
    await reserveOrder(store, order('MX-4', 'B', '2026-05-22T22:00:00Z'), s.rule); // CA
    const shipped = await reserveOrder(store, order('MX-5', 'A', '2026-05-22T22:00:00Z'), s.rule);
    await shipOrder(store, shipped.orderId, { carrier: 'UPS', tracking: '1Z', actor: 'test' });
    // Both warehouses start with the default 23:59 cut-off.
    expect(await deadlines()).toEqual({
      'MX-1': '2026-05-28T04:59:00Z', // Wed 23:59 CDT
      'MX-2': '2026-05-29T04:59:00Z',
      'MX-3': '2026-05-28T04:59:00Z',
      'MX-4': '2026-05-28T06:59:00Z', // Wed 23:59 PDT
      'MX-5': '2026-05-28T04:59:00Z',
    });

    const result = await updateWarehouse(store, s.org, 'TX', { cutoff: '16:00' }, 1, { actor: 'ops' });
    expect(result).toEqual({ status: 'updated', value: { version: 2, recomputed: 3 } });
    expect(await deadlines()).toEqual({
      'MX-1': '2026-05-27T21:00:00Z', // Wed 16:00 CDT
      'MX-2': '2026-05-28T21:00:00Z', // Thu 16:00 CDT
      'MX-3': '2026-05-27T21:00:00Z', // awaiting stock: it waits in the TX queue
      'MX-4': '2026-05-28T06:59:00Z', // CA's queue: unchanged
      'MX-5': '2026-05-28T04:59:00Z', // shipped: its deadline is history
    });
    const audit = await store.db
      .selectFrom('audit_log')
      .select(['actor', 'action', 'subject', 'data'])
      .where('action', '=', 'warehouse.update')
      .execute();
    expect(audit.map((a) => ({ ...a, data: JSON.parse(a.data) }))).toEqual([
      {
        actor: 'ops',
        action: 'warehouse.update',
        subject: 'TX',
        data: { cutoff: '16:00', recomputedDeadlines: 3 },
      },
    ]);

    // A new zone moves them again; a new name does not touch them.
    await updateWarehouse(store, s.org, 'TX', { timeZone: 'America/New_York' }, null);
    expect((await deadlines())['MX-1']).toBe('2026-05-27T20:00:00Z'); // Wed 16:00 EDT
    expect(await updateWarehouse(store, s.org, 'TX', { name: 'Dallas' }, null)).toMatchObject({
      value: { recomputed: 0 },
    });
  });

  it('a stale edit changes neither the warehouse nor any deadline', async () => {
    await reserveOrder(store, order('MX-1', 'A', '2026-05-22T22:00:00Z'), s.rule);
    expect(await updateWarehouse(store, s.org, 'TX', { cutoff: '16:00' }, 7)).toEqual({ status: 'stale' });
    expect(await updateWarehouse(store, s.org, 'NOPE', { cutoff: '16:00' }, null)).toEqual({
      status: 'missing',
    });
    expect((await deadlines())['MX-1']).toBe('2026-05-28T04:59:00Z');
  });

  it('walks any number of platform deadlines in batches, each order to its own pickup', async () => {
    // 450 open orders in the TX queue, each with its own platform deadline, six hours apart.
    const now = new Date().toISOString();
    const rows = Array.from({ length: 450 }, (_, i) => ({
      id: `bulk-${String(i).padStart(4, '0')}`,
      organization_id: s.org,
      storefront_id: s.mx,
      external_id: `BULK-${i}`,
      status: i % 10 === 0 ? ('awaiting_stock' as const) : ('reserved' as const),
      currency: 'MXN',
      total_minor: 100,
      paid_at: now,
      ship_by: new Date(Date.UTC(2026, 10, 1) + i * 6 * 3_600_000).toISOString().replace('.000Z', 'Z'),
      operational_by: null,
      warehouse_id: s.tx,
      waiting_reason: null,
      shipped_at: null,
      carrier: null,
      tracking: null,
      created_at: now,
      updated_at: now,
    }));
    for (let i = 0; i < rows.length; i += 50)
      await store.db
        .insertInto('orders')
        .values(rows.slice(i, i + 50))
        .execute();

    const result = await updateWarehouse(
      store,
      s.org,
      'TX',
      { cutoff: '16:00', holidayCalendar: 'US-federal' },
      null,
    );
    expect(result).toMatchObject({ value: { recomputed: 450 } });
    const clock = { timeZone: 'America/Chicago', cutoff: '16:00', calendar: holidayCalendar('US-federal') };
    const stored = await store.db
      .selectFrom('orders')
      .select(['ship_by', 'operational_by'])
      .where('external_id', 'like', 'BULK-%')
      .execute();
    expect(stored).toHaveLength(450);
    expect(
      stored.filter((o) => o.operational_by !== operationalDeadline(o.ship_by as string, clock)),
    ).toEqual([]);
    // Thanksgiving 2026-11-26 among them: a Thursday-evening platform deadline leaves Wednesday.
    expect(stored.find((o) => o.ship_by === '2026-11-27T00:00:00Z')?.operational_by).toBe(
      '2026-11-25T22:00:00Z',
    );
  });
});
