import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Seller, seedSeller } from '../../test/support/seller.ts';
import { engines, freshStore, type TestStore } from '../../test/support/stores.ts';
import { openDatabase, type Store } from '../store/openDatabase.ts';
import { listWarehouses, updateWarehouse } from '../store/settings.ts';
import { takeDueDigests } from './digestSchedule.ts';

/**
 * The digest goes out once per warehouse and local day: TX (Dallas) at 07:00 Central, CA without a
 * digest time. Two servers on one database look at the clock at the same instant; one takes it.
 */
describe.each(engines)('the morning digest schedule on %s', (engine) => {
  let store: TestStore;
  let other: Store;
  let s: Seller;
  beforeEach(async () => {
    store = await freshStore(engine);
    other = openDatabase(store.url);
    s = await seedSeller(store);
    const set = await updateWarehouse(store, s.org, 'TX', { digestAt: '07:00' }, null, { actor: 'test' });
    expect(set.status).toBe('updated');
  });
  afterEach(async () => {
    await other.close();
    await store.dispose();
  });

  it('stores the time on the warehouse, and clears it with null', async () => {
    const [tx] = await listWarehouses(store, s.org, 'TX');
    expect(tx?.digest_at).toBe('07:00');
    await updateWarehouse(store, s.org, 'TX', { digestAt: null }, null, { actor: 'test' });
    expect((await listWarehouses(store, s.org, 'TX'))[0]?.digest_at).toBeNull();
  });

  it('is taken once, by one of two servers asking at the same instant, and again the next day', async () => {
    expect(await takeDueDigests(store, new Date('2026-11-25T12:59:00Z'), 'a')).toEqual([]);
    const at7 = new Date('2026-11-25T13:00:00Z');
    const [a, b] = await Promise.all([takeDueDigests(store, at7, 'a'), takeDueDigests(other, at7, 'b')]);
    expect([...a, ...b]).toEqual([{ organizationId: s.org, warehouse: 'TX', day: '2026-11-25' }]);
    // Later the same day, on either server: already sent.
    expect(await takeDueDigests(other, new Date('2026-11-25T22:00:00Z'), 'b')).toEqual([]);
    expect(await takeDueDigests(store, new Date('2026-11-26T13:00:00Z'), 'a')).toEqual([
      { organizationId: s.org, warehouse: 'TX', day: '2026-11-26' },
    ]);
  });
});
