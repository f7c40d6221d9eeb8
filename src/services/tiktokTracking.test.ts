import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { engines, freshStore, type TestStore } from '../../test/support/stores.ts';
import { SELLER_CARRIERS } from '../../test/support/tiktokFake.ts';
import { tiktokStockWorld } from '../../test/support/tiktokStockWorld.ts';
import type { DispatchRule } from '../domain/dispatch/shipBy.ts';
import { ordersById } from '../store/orderQueries.ts';
import { reserveOrder, shipOrder } from '../store/reservations.ts';
import { carrierKey, sendPendingTracking } from './tiktokTracking.ts';

/**
 * Tracking out, on both engines, against the TikTok fake: shipping a TikTok order in Puente puts
 * its tracking on TikTok after the ship commits; a refusal is kept on the order (which stays
 * shipped) and raised as an alert; a hiccup is tried again next cycle.
 */
const rule: DispatchRule = { days: 2, dayKind: 'business', cutoff: '17:00', timeZone: 'America/Chicago' };

describe.each(engines)('sending tracking to TikTok Shop on %s', (engine) => {
  let store: TestStore;
  let world: Awaited<ReturnType<typeof tiktokStockWorld>>;

  beforeAll(async () => {
    store = await freshStore(engine);
  });
  afterAll(() => store?.dispose());
  afterEach(() => world?.fake.close());

  /** A paid TikTok order at the fake and the same order reserved in Puente. */
  const tiktokOrder = async () => {
    const w = world;
    const remote = w.fake.addOrder(w.us, { lines: [{ sellerSku: 'PT-1', units: 1 }] });
    const outcome = await reserveOrder(
      store,
      {
        organizationId: w.org,
        storefrontId: w.storefronts['TTS-US'],
        externalId: remote.id,
        paidAt: new Date().toISOString(),
        currency: 'USD',
        lines: [{ skuId: w.skuId('PT-1'), quantity: 1, unitPriceMinor: 1000 }],
        actor: 'test',
      },
      rule,
    );
    return { remote, orderId: outcome.orderId };
  };
  const send = () => sendPendingTracking(store, world.deps, { storefrontId: world.storefronts['TTS-US'] });
  const detail = async (orderId: string) => (await ordersById(store, world.org, [orderId]))[0];

  it('puts the tracking number and TikTok’s carrier id on the order after Puente ships it', async () => {
    world = await tiktokStockWorld(store, { skus: ['PT-1'] });
    await world.receive('PT-1', 'TX', 3);
    const { remote, orderId } = await tiktokOrder();

    await shipOrder(store, orderId, { carrier: 'fedex', tracking: '7788 1234', actor: 'test' });
    expect(remote.tracking_number).toBeUndefined(); // nothing leaves inside the ship transaction
    expect((await detail(orderId))?.tiktokTracking).toEqual({
      state: 'pending',
      errorCode: null,
      error: null,
    });

    expect(await send()).toMatchObject({ sent: 1, failed: 0 });

    expect(remote).toMatchObject({
      status: 'IN_TRANSIT',
      tracking_number: '7788 1234',
      shipping_provider_id: SELLER_CARRIERS.find((c) => c.name === 'FedEx')?.id,
    });
    expect((await detail(orderId))?.tiktokTracking).toEqual({ state: 'sent', errorCode: null, error: null });
    expect(await send()).toMatchObject({ sent: 0, failed: 0, calls: 0 });
  });

  it('keeps a refusal on the order, which stays shipped, and raises an alert naming it', async () => {
    world = await tiktokStockWorld(store, { skus: ['PT-1'] });
    await world.receive('PT-1', 'TX', 3);
    const { remote, orderId } = await tiktokOrder();
    world.fake.setOrderStatus(remote, 'CANCELLED'); // the buyer cancelled at TikTok meanwhile
    await shipOrder(store, orderId, { carrier: 'USPS', tracking: '9400 1', actor: 'test' });

    expect(await send()).toMatchObject({ sent: 0, failed: 1 });

    const order = await detail(orderId);
    expect(order?.status).toBe('shipped');
    expect(order?.tiktokTracking).toMatchObject({ state: 'refused', errorCode: '21011001' });
    expect(order?.tiktokTracking?.error).toContain('CANCELLED');
    const alert = await store.db
      .selectFrom('alerts')
      .select(['subject', 'data'])
      .where('organization_id', '=', world.org)
      .where('kind', '=', 'sync_failure')
      .where('state', '=', 'open')
      .executeTakeFirstOrThrow();
    expect(alert.subject).toBe(`tiktok-tracking:${orderId}`);
    expect(JSON.parse(alert.data)).toMatchObject({ event: 'tiktok_tracking_refused', externalId: remote.id });
    // Refused for good: not sent again.
    expect(await send()).toMatchObject({ sent: 0, failed: 0 });
  });

  it('refuses a carrier TikTok does not offer, naming the ones it does', async () => {
    world = await tiktokStockWorld(store, { skus: ['PT-1'] });
    await world.receive('PT-1', 'TX', 3);
    const { orderId } = await tiktokOrder();
    await shipOrder(store, orderId, { carrier: 'Pony Express', tracking: 'PX-1', actor: 'test' });

    expect(await send()).toMatchObject({ sent: 0, failed: 1 });

    const tracking = (await detail(orderId))?.tiktokTracking;
    expect(tracking).toMatchObject({ state: 'refused', errorCode: 'carrier_unknown' });
    expect(tracking?.error).toContain('Estafeta');
  });

  it('tries again next cycle after TikTok’s internal error, and sends it then', async () => {
    world = await tiktokStockWorld(store, { skus: ['PT-1'] });
    await world.receive('PT-1', 'TX', 3);
    const { remote, orderId } = await tiktokOrder();
    await shipOrder(store, orderId, { carrier: 'UPS', tracking: '1Z999', actor: 'test' });
    // More internal errors than one cycle's retries.
    world.fake.inject({ code: 36009003, path: '/packages', times: 6 });

    expect(await send()).toMatchObject({ sent: 0, failed: 1 });
    expect((await detail(orderId))?.tiktokTracking).toMatchObject({
      state: 'pending',
      errorCode: '36009003',
    });

    expect(await send()).toMatchObject({ sent: 1, failed: 0 });
    expect(remote.tracking_number).toBe('1Z999');
  });

  it('finishes a send whose answer was lost (the process died before writing it), without a false refusal', async () => {
    world = await tiktokStockWorld(store, { skus: ['PT-1'] });
    await world.receive('PT-1', 'TX', 3);
    const { remote, orderId } = await tiktokOrder();
    await shipOrder(store, orderId, { carrier: 'USPS', tracking: '9400 LOST', actor: 'test' });
    await send();
    // As if the run had died between TikTok's answer and its write: the row is pending again.
    await store.db
      .updateTable('tiktok_tracking')
      .set({ state: 'pending' })
      .where('order_id', '=', orderId)
      .execute();

    expect(await send()).toMatchObject({ sent: 1, failed: 0 });

    expect((await detail(orderId))?.tiktokTracking?.state).toBe('sent');
    expect(remote.tracking_number).toBe('9400 LOST');
    const alerts = await store.db
      .selectFrom('alerts')
      .select('id')
      .where('organization_id', '=', world.org)
      .where('state', '=', 'open')
      .where('kind', '=', 'sync_failure')
      .execute();
    expect(alerts).toEqual([]);
  });

  it('ships the package in MX, where TikTok has no Mark Package As Shipped', async () => {
    world = await tiktokStockWorld(store, { skus: ['PT-1'] });
    const w = world;
    await w.receive('PT-1', 'TX', 3);
    const remote = w.fake.addOrder(w.mx, { lines: [{ sellerSku: 'PT-1', units: 1 }] });
    const outcome = await reserveOrder(
      store,
      {
        organizationId: w.org,
        storefrontId: w.storefronts['TTS-MX'],
        externalId: remote.id,
        paidAt: new Date().toISOString(),
        currency: 'MXN',
        lines: [{ skuId: w.skuId('PT-1'), quantity: 1, unitPriceMinor: 19900 }],
        actor: 'test',
      },
      rule,
    );
    await shipOrder(store, outcome.orderId, { carrier: 'Estafeta', tracking: 'EST-77', actor: 'test' });

    expect(await sendPendingTracking(store, w.deps, { storefrontId: w.storefronts['TTS-MX'] })).toMatchObject(
      { sent: 1, failed: 0 },
    );

    expect(remote).toMatchObject({ status: 'IN_TRANSIT', tracking_number: 'EST-77' });
    const fulfillment = w.fake.calls.filter((c) => c.path.startsWith('/fulfillment/')).map((c) => c.path);
    expect(fulfillment).toEqual([`/fulfillment/202309/packages/${remote.packages[0]?.id}/ship`]);
  });

  it('compares carrier names without case, spaces or punctuation', () => {
    expect(carrierKey('J&T Express')).toBe(carrierKey('jt express'));
    expect(carrierKey('DHL Express')).not.toBe(carrierKey('DHL eCommerce'));
  });
});
