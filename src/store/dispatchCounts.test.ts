import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Seller, seedSeller } from '../../test/support/seller.ts';
import { engines, freshStore, type TestStore } from '../../test/support/stores.ts';
import { foldDispatchCounts, verifyDispatchCounts } from './dispatchCounts.ts';
import { lateDispatchRates } from './dispatchFigures.ts';
import { reserveOrders } from './reservations.ts';
import { cancelOrder, shipOrder } from './settling.ts';
import { receive } from './stockLedger.ts';

/**
 * The late-dispatch rates read whole hours from a projection and count the cut hours exactly. Here
 * orders are shipped on time, shipped late, cancelled and left open, and the rates per storefront
 * over 7 and 30 days equal a count of the orders themselves at instants on and off the hour.
 */
describe.each(engines)('late-dispatch counts on %s', (engine) => {
  let store: TestStore;
  let s: Seller;
  beforeEach(async () => {
    store = await freshStore(engine);
    s = await seedSeller(store);
    const at = { organizationId: s.org, actor: 'test' };
    await receive(store, { ...at, skuId: s.sku.A, warehouseId: s.tx }, 100);
    const start = Date.parse('2026-10-20T00:00:00Z');
    const orders = Array.from({ length: 60 }, (_, i) => {
      const paidAt = new Date(start + i * 17 * 3_600_000 + (i % 7) * 613_000).toISOString();
      return {
        organizationId: s.org,
        storefrontId: i % 2 === 0 ? s.mx : s.us,
        externalId: `D-${String(i).padStart(2, '0')}`,
        paidAt,
        takenAt: paidAt,
        currency: 'MXN',
        lines: [{ skuId: s.sku.A, quantity: 1, unitPriceMinor: 19900 }],
        actor: 'test',
      };
    });
    await reserveOrders(store, orders, s.rule);
    const placed = await store.db
      .selectFrom('orders')
      .select(['id', 'ship_by'])
      .where('organization_id', '=', s.org)
      .orderBy('external_id')
      .execute();
    for (const [i, o] of placed.entries()) {
      const due = Date.parse(o.ship_by as string);
      if (i % 4 === 0) await cancelOrder(store, o.id, 'test', 'buyer asked');
      else if (i % 4 !== 3)
        await shipOrder(store, o.id, {
          carrier: 'DHL',
          tracking: o.id,
          actor: 'test',
          // Every third shipment leaves 90 minutes late; the others an hour early.
          shippedAt: new Date(due + (i % 3 === 0 ? 90 : -60) * 60_000).toISOString(),
        });
    }
  });
  afterEach(() => store.dispose());

  const direct = async (now: Date) => {
    const rows = await store.db
      .selectFrom('orders as o')
      .innerJoin('storefronts as sf', 'sf.id', 'o.storefront_id')
      .select(['sf.code', 'o.status', 'o.ship_by', 'o.shipped_at'])
      .where('o.organization_id', '=', s.org)
      .where('o.status', 'in', ['reserved', 'awaiting_stock', 'shipped', 'delivered'])
      .execute();
    return [7, 30].flatMap((days) => {
      const from = now.getTime() - days * 86_400_000;
      const inWindow = rows.filter((o) => {
        const t = Date.parse(o.ship_by as string);
        return t >= from && t <= now.getTime();
      });
      return [...new Set(inWindow.map((o) => o.code))].sort().map((code) => {
        const mine = inWindow.filter((o) => o.code === code);
        const late = mine.filter((o) =>
          o.shipped_at
            ? o.shipped_at.slice(0, 19) > (o.ship_by as string).slice(0, 19)
            : Date.parse(o.ship_by as string) < now.getTime(),
        );
        return [days, code, mine.length, late.length];
      });
    });
  };

  it.each(['2026-11-15T12:00:00Z', '2026-11-20T07:41:29Z', '2026-11-03T23:00:00Z'])(
    'equal a direct count at %s',
    async (instant) => {
      const now = new Date(instant);
      const rates = async () =>
        (await lateDispatchRates(store, s.org, now))
          .filter((r) => r.by === 'storefront')
          .map((r) => [r.days, r.code, r.due, r.late]);
      const expected = await direct(now);
      expect(expected.some((r) => Number(r[3]) > 0 && Number(r[3]) < Number(r[2]))).toBe(true);
      expect(await rates()).toEqual(expected);
      expect(await verifyDispatchCounts(store, s.org)).toEqual([]);
      await foldDispatchCounts(store, s.org);
      expect(await rates()).toEqual(expected);
      expect(await verifyDispatchCounts(store, s.org)).toEqual([]);
    },
  );
});
