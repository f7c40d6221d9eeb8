import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Seller, seedSeller } from '../../test/support/seller.ts';
import { engines, freshStore, type TestStore } from '../../test/support/stores.ts';
import { reserveOrders } from '../store/reservations.ts';
import { receive } from '../store/stockLedger.ts';
import { coalescedOverview } from './overviewCache.ts';

/**
 * Every tab and every request of the process shares one recompute of the overview per organization
 * per window: requests inside the window get that answer (and say when it was counted); the first
 * request after it counts again and sees what changed meanwhile.
 */
describe.each(engines)('the coalesced overview on %s', (engine) => {
  let store: TestStore;
  let s: Seller;
  beforeEach(async () => {
    store = await freshStore(engine);
    s = await seedSeller(store);
    await receive(store, { organizationId: s.org, actor: 'test', skuId: s.sku.A, warehouseId: s.tx }, 5);
  });
  afterEach(() => store.dispose());

  const order = (externalId: string, quantity: number) => ({
    organizationId: s.org,
    storefrontId: s.mx,
    externalId,
    paidAt: '2026-11-30T14:00:00Z',
    takenAt: '2026-11-30T14:00:00Z',
    currency: 'MXN',
    lines: [{ skuId: s.sku.A, quantity, unitPriceMinor: 19900 }],
    actor: 'test',
  });

  it('answers from one recompute within the window, then counts again', async () => {
    let clock = Date.parse('2026-11-30T15:00:00Z');
    const at = () => clock;
    const [a, b] = await Promise.all([
      coalescedOverview(store, s.org, 5_000, at),
      coalescedOverview(store, s.org, 5_000, at),
    ]);
    expect(b).toBe(a); // two tabs at once: one recompute
    expect(a.computedAt).toBe('2026-11-30T15:00:00.000Z');
    expect(a.awaitingStock).toEqual({ orders: 0, units: 0, late: 0 });

    await reserveOrders(store, [order('WAITS', 9)], s.rule);
    clock += 4_999;
    const cached = await coalescedOverview(store, s.org, 5_000, at);
    expect(cached).toBe(a);

    clock += 1;
    const fresh = await coalescedOverview(store, s.org, 5_000, at);
    expect(fresh.computedAt).toBe('2026-11-30T15:00:05.000Z');
    expect(fresh.awaitingStock).toEqual({ orders: 1, units: 9, late: 0 });
  });

  it('keeps organizations apart', async () => {
    const clock = () => Date.parse('2026-11-30T15:00:00Z');
    const mine = await coalescedOverview(store, s.org, 5_000, clock);
    const other = await coalescedOverview(store, 'no-such-organization', 5_000, clock);
    expect(other).not.toBe(mine);
    expect(other.shipToday).toEqual([]);
  });
});
