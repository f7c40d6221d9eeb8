import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Seller, seedSeller } from '../../test/support/seller.ts';
import { engines, freshStore, type TestStore } from '../../test/support/stores.ts';
import { dueToday } from '../domain/dispatch/dueToday.ts';
import { warehouseClock } from '../domain/dispatch/operationalDeadline.ts';
import { shipToday } from './dispatchFigures.ts';
import { reserveOrders } from './reservations.ts';
import { listWarehouses, updateWarehouse } from './settings.ts';
import { receive } from './stockLedger.ts';

/**
 * "To ship today" is defined once, as the pure `dueToday`; the overview counts it in SQL. Here both
 * read the same orders — TX with a 16:00 Central truck, CA with a 17:00 Pacific one, orders paid
 * across Thanksgiving week, some reserved and some waiting for stock — at clock times before and
 * after each cut-off, on a weekend and on the holiday, and must agree on every count.
 */
describe.each(engines)('to ship today, SQL against its definition, on %s', (engine) => {
  let store: TestStore;
  let s: Seller;
  beforeEach(async () => {
    store = await freshStore(engine);
    s = await seedSeller(store);
    await updateWarehouse(store, s.org, 'TX', { cutoff: '16:00' }, null, { actor: 'test' });
    await updateWarehouse(store, s.org, 'CA', { cutoff: '17:00' }, null, { actor: 'test' });
    const at = { organizationId: s.org, actor: 'test' };
    await receive(store, { ...at, skuId: s.sku.A, warehouseId: s.tx }, 25);
    await receive(store, { ...at, skuId: s.sku.B, warehouseId: s.ca }, 40);
    const start = Date.parse('2026-11-20T00:00:00Z');
    const orders = Array.from({ length: 60 }, (_, i) => {
      const paidAt = new Date(start + i * 4 * 3_600_000 + (i % 7) * 611_000).toISOString();
      return {
        organizationId: s.org,
        // A is stocked in TX only (25 units for 30 orders: five wait); B in CA only.
        storefrontId: i % 2 === 0 ? s.mx : s.us,
        externalId: `O-${i}`,
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

  it.each([
    '2026-11-25T15:00:00Z', // Wednesday morning in both zones
    '2026-11-25T22:30:00Z', // after the TX truck, before the CA one
    '2026-11-26T18:00:00Z', // Thanksgiving: no truck until Friday
    '2026-11-28T18:00:00Z', // Saturday
    '2026-12-01T21:59:00Z', // one minute before the TX truck
  ])('at %s', async (instant) => {
    const now = new Date(instant);
    const open = await store.db
      .selectFrom('orders')
      .select(['status', 'warehouse_id', 'operational_by'])
      .where('organization_id', '=', s.org)
      .where('status', 'in', ['reserved', 'awaiting_stock'])
      .execute();
    const warehouses = await listWarehouses(store, s.org);
    const expected = dueToday(
      open.map((o) => ({
        status: o.status as 'reserved' | 'awaiting_stock',
        warehouseId: o.warehouse_id,
        operationalBy: o.operational_by,
      })),
      warehouses.map((w) => ({ id: w.id, code: w.code, clock: warehouseClock(w) })),
      now,
    );
    const counted = await shipToday(store, s.org, now);
    expect(counted.map((c) => [c.warehouse, c.nextPickup, c.count])).toEqual(
      [...expected]
        .sort((a, b) => a.warehouse.localeCompare(b.warehouse))
        .map((e) => [e.warehouse, e.nextPickup, e.count]),
    );
    expect(expected.reduce((n, e) => n + e.count, 0)).toBeGreaterThan(0);
  });

  it('has orders of both kinds in the queues it compares', async () => {
    const rows = await store.db
      .selectFrom('orders')
      .select(['status', 'warehouse_id'])
      .where('organization_id', '=', s.org)
      .execute();
    expect(rows.filter((r) => r.status === 'awaiting_stock' && r.warehouse_id === s.tx)).toHaveLength(5);
    expect(rows.filter((r) => r.status === 'reserved' && r.warehouse_id === s.ca)).toHaveLength(30);
  });
});
