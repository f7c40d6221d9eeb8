import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Seller, seedSeller } from '../../test/support/seller.ts';
import { engines, freshStore, type TestStore } from '../../test/support/stores.ts';
import { foldDemandDays } from '../store/demandDays.ts';
import { reserveOrders } from '../store/reservations.ts';
import { receive } from '../store/stockLedger.ts';
import { repairPlanningRollups, verifyPlanningRollups } from './planningRollups.ts';

/**
 * `puente verify` catches a planning roll-up that no longer matches what it is derived from, and
 * `--repair` puts it back: the demand days against a recount of the orders, the open stock-outs
 * against the last figure each storefront published.
 */
describe.each(engines)('verifying the planning roll-ups on %s', (engine) => {
  let store: TestStore;
  let s: Seller;

  beforeEach(async () => {
    store = await freshStore(engine);
    s = await seedSeller(store);
    await receive(
      store,
      { organizationId: s.org, actor: 'test', skuId: s.sku.A, warehouseId: s.tx, at: '2026-11-01T00:00:00Z' },
      3,
    );
    // Sells out on the 2nd: both storefronts publish 0 and a stock-out opens for each.
    await reserveOrders(
      store,
      [
        {
          organizationId: s.org,
          storefrontId: s.mx,
          externalId: 'O-1',
          paidAt: '2026-11-02T10:00:00Z',
          takenAt: '2026-11-02T10:00:00Z',
          currency: 'MXN',
          lines: [{ skuId: s.sku.A, quantity: 3, unitPriceMinor: 19900 }],
          actor: 'test',
        },
      ],
      s.rule,
    );
    await foldDemandDays(store, s.org);
  });
  afterEach(() => store.dispose());

  it('finds nothing wrong in roll-ups the database kept', async () => {
    expect(await verifyPlanningRollups(store, s.org)).toEqual({ demandDays: [], stockOuts: [] });
    expect(await repairPlanningRollups(store, s.org, 'test')).toEqual({ demandDays: 0, stockOuts: 0 });
  });

  it('reports a corrupted demand day and a lost stock-out, and repairs both', async () => {
    await sql`update demand_days set units = units + 5 where organization_id = ${s.org}`.execute(store.db);
    await sql`insert into demand_days (organization_id, sku_id, storefront_id, warehouse_id, day, units)
      values (${s.org}, ${s.sku.B}, ${s.us}, ${s.tx}, '2026-11-03', 7)`.execute(store.db);
    await sql`delete from stock_outs where storefront_id = ${s.us}`.execute(store.db);

    const drift = await verifyPlanningRollups(store, s.org);
    // Drift is listed by key, which starts with a random id: compared as a set.
    expect(drift.demandDays).toHaveLength(2);
    expect(drift.demandDays).toEqual(
      expect.arrayContaining([
        { key: `${s.sku.A} ${s.mx} ${s.tx} 2026-11-02`, stored: 8, counted: 3 },
        { key: `${s.sku.B} ${s.us} ${s.tx} 2026-11-03`, stored: 7, counted: 0 },
      ]),
    );
    expect(drift.stockOuts).toEqual([
      expect.objectContaining({
        storefrontId: s.us,
        skuId: s.sku.A,
        problem: 'out_but_not_open',
        published: 0,
      }),
    ]);

    expect(await repairPlanningRollups(store, s.org, 'test')).toEqual({ demandDays: 2, stockOuts: 1 });
    expect(await verifyPlanningRollups(store, s.org)).toEqual({ demandDays: [], stockOuts: [] });
    const audit = await store.db
      .selectFrom('audit_log')
      .select(['action', 'data'])
      .where('organization_id', '=', s.org)
      .where('action', '=', 'planning.repair')
      .execute();
    expect(audit.map((a) => JSON.parse(a.data))).toEqual([
      expect.objectContaining({ demandDays: 2, stockOuts: 1 }),
    ]);
  });

  it('closes a stock-out left open after the storefront could sell again', async () => {
    await receive(
      store,
      { organizationId: s.org, actor: 'test', skuId: s.sku.A, warehouseId: s.tx, at: '2026-11-04T06:00:00Z' },
      5,
    );
    await sql`update stock_outs set ended_at = null where storefront_id = ${s.mx}`.execute(store.db);
    expect((await verifyPlanningRollups(store, s.org)).stockOuts).toEqual([
      expect.objectContaining({ storefrontId: s.mx, problem: 'open_but_offered', published: 5 }),
    ]);
    await repairPlanningRollups(store, s.org, 'test');
    const out = await store.db
      .selectFrom('stock_outs')
      .select(['started_at', 'ended_at'])
      .where('storefront_id', '=', s.mx)
      .execute();
    expect(out).toEqual([{ started_at: '2026-11-02T10:00:00Z', ended_at: '2026-11-04T06:00:00Z' }]);
  });
});
