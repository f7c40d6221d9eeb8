import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { engines, freshStore, type TestStore } from '../../test/support/stores.ts';
import { demoFake, fakeConnection, fakeDeps, type TikTokFake } from '../../test/support/tiktokFake.ts';
import type { TikTokOrder } from '../channels/tiktok/tiktokApi.ts';
import { addStorefront, addWarehouse, createOrganization } from '../store/entities.ts';
import { advanceOrdersWatermark, connectionOf } from '../store/tiktokConnections.ts';
import { connectTikTok } from './tiktokConnect.ts';
import { pullTikTokOrders } from './tiktokOrderPull.ts';
import type { TikTokDeps } from './tiktokSession.ts';

/**
 * Polling a connected storefront's orders on both engines, against the fake: every order of the
 * window handed over once per poll, across pages and faults; the watermark moves only after a
 * complete poll, and never backwards.
 */
describe.each(engines)('pulling TikTok orders on %s', (engine) => {
  let store: TestStore;
  let env: ReturnType<typeof demoFake>;
  let fake: TikTokFake;
  let storefrontId: string;
  const deps: TikTokDeps = fakeDeps();
  // Polls run two seconds after the fake's orders change: a window ends before its `to` second
  // (update_time_lt), so an update in the very second of a poll is the next poll's (the overlap).
  const later: TikTokDeps = { ...deps, now: () => new Date(Date.now() + 2000) };

  beforeAll(async () => {
    store = await freshStore(engine);
  });
  afterAll(() => store?.dispose());
  beforeEach(async () => {
    const org = await createOrganization(store, 'seller');
    await addWarehouse(store, org, {
      code: 'TX',
      name: 'Dallas',
      country: 'US',
      state: 'TX',
      timeZone: 'America/Chicago',
    });
    const code = `TTS-US-${randomBytes(2).toString('hex')}`;
    storefrontId = await addStorefront(store, org, {
      code,
      name: 'TikTok Shop US',
      platform: 'tiktok',
      region: 'US',
      currency: 'USD',
      policyId: 'tiktok-us-mx-2026',
      warehouses: ['TX'],
    });
    env = demoFake({ sellerSkus: ['PT-TOY-001'] });
    fake = env.fake;
    await fake.listen();
    await connectTikTok(store, deps, fakeConnection(env, org, code));
  });
  afterEach(() => fake.close());

  const collect = () => {
    const seen: string[] = [];
    return { seen, apply: async (orders: TikTokOrder[]) => void seen.push(...orders.map((o) => o.id)) };
  };
  const addOrders = (n: number) =>
    Array.from(
      { length: n },
      () => fake.addOrder(env.us, { lines: [{ sellerSku: 'PT-TOY-001', units: 1 }] }).id,
    );

  it('hands over 250 orders in three pages, once each, through a 429 and a 36009003, then sets the watermark', async () => {
    const ids = addOrders(250);
    fake.inject({ code: 36009002, path: '/orders/search' });
    fake.inject({ code: 36009003, path: '/orders/search' });
    const { seen, apply } = collect();
    const result = await pullTikTokOrders(store, later, { storefrontId, apply });
    expect(result).toMatchObject({ pages: 3, orders: 250 });
    expect(seen.sort()).toEqual(ids.sort());
    const watermark = (await connectionOf(store, storefrontId))?.orders_watermark;
    expect(watermark).toBe(new Date(result.window.to * 1000).toISOString());
  });

  it('reads the overlap again on the next poll, and a cancel made since', async () => {
    const [first] = addOrders(1);
    await pullTikTokOrders(store, later, { storefrontId, apply: collect().apply });
    const order = env.us.orders.get(first as string);
    if (!order) throw new Error('no order');
    fake.setOrderStatus(order, 'CANCELLED');
    const next = collect();
    await pullTikTokOrders(store, later, { storefrontId, apply: next.apply });
    expect(next.seen).toEqual([first]);
  });

  it('leaves the watermark where it was when applying a page fails, so the next poll reads it again', async () => {
    const ids = addOrders(120);
    let calls = 0;
    const failing = async () => {
      calls++;
      if (calls === 2) throw new Error('the database went away');
    };
    await expect(pullTikTokOrders(store, later, { storefrontId, apply: failing })).rejects.toThrow(
      'went away',
    );
    expect((await connectionOf(store, storefrontId))?.orders_watermark).toBeNull();
    const again = collect();
    await pullTikTokOrders(store, later, { storefrontId, apply: again.apply });
    expect(again.seen.sort()).toEqual(ids.sort());
  });

  it('never moves the watermark backwards', async () => {
    await advanceOrdersWatermark(store, storefrontId, new Date('2026-12-01T12:00:00Z'));
    await advanceOrdersWatermark(store, storefrontId, new Date('2026-11-01T12:00:00Z'));
    expect((await connectionOf(store, storefrontId))?.orders_watermark).toBe('2026-12-01T12:00:00.000Z');
  });
});
