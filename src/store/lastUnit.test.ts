import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Seller, seedSeller } from '../../test/support/seller.ts';
import { engines, freshStore, type TestStore } from '../../test/support/stores.ts';
import { type OrderInput, type OrderOutcome, reserveOrder } from './reservations.ts';
import { receive } from './stockLedger.ts';
import { verifyLedger } from './verify.ts';

/**
 * Two orders for the last unit, with the dangerous interleaving forced rather than hoped for:
 * the first order stops after planning (it has seen 1 available) and before its guarded statement.
 * The second order must wait for the first, and exactly one of them gets the unit.
 */
describe.each(engines)('two orders for the last unit, %s', (engine) => {
  let store: TestStore;
  let s: Seller;
  beforeEach(async () => {
    store = await freshStore(engine);
    s = await seedSeller(store);
    await receive(store, { organizationId: s.org, skuId: s.sku.A, warehouseId: s.tx, actor: 'test' }, 1);
  });
  afterEach(() => store.dispose());

  const order = (externalId: string, storefrontId: string): OrderInput => ({
    organizationId: s.org,
    storefrontId,
    externalId,
    paidAt: '2026-05-22T22:00:00Z',
    currency: 'MXN',
    lines: [{ skuId: s.sku.A, quantity: 1, unitPriceMinor: 19900 }],
    actor: 'test',
  });

  it('gives the unit to exactly one; the other waits, then finds nothing left', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let planned!: () => void;
    const firstPlanned = new Promise<void>((r) => {
      planned = r;
    });
    let plansOfFirst = 0;
    const first = reserveOrder(store, order('MX-1', s.mx), s.rule, {
      afterPlan: async () => {
        plansOfFirst++;
        if (plansOfFirst === 1) {
          planned();
          await gate; // hold here, having seen 1 available
        }
      },
    });
    await firstPlanned;

    let secondDone = false;
    const second = reserveOrder(store, order('US-1', s.us), s.rule).then((r) => {
      secondDone = true;
      return r;
    });
    // The first holds the lock on the unit's row (PostgreSQL: the snapshot's rows are locked;
    // SQLite: the write lock on the file): the second must wait, however long it is given.
    await new Promise((r) => setTimeout(r, 300));
    expect(secondDone).toBe(false);
    release();

    const results: OrderOutcome[] = await Promise.all([first, second]);
    expect(results.map((r) => r.status)).toEqual(['reserved', 'awaiting_stock']);
    expect(plansOfFirst).toBe(1);
    const level = await store.db
      .selectFrom('stock_levels')
      .select(['on_hand', 'reserved'])
      .executeTakeFirstOrThrow();
    expect(level).toEqual({ on_hand: 1, reserved: 1 });
    expect(await verifyLedger(store)).toEqual([]);
  });
});
