import { sql } from 'kysely';
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
