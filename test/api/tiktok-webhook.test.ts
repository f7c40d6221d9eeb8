import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookSignature } from '../../src/channels/tiktok/sign.ts';
import type { TikTokOrder } from '../../src/channels/tiktok/tiktokApi.ts';
import { connectTikTok } from '../../src/services/tiktokConnect.ts';
import { applyTikTokOrders } from '../../src/services/tiktokOrderApply.ts';
import type { TikTokDeps } from '../../src/services/tiktokSession.ts';
import { receive } from '../../src/store/stockLedger.ts';
import { type Seller, seedSeller } from '../support/seller.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { engines } from '../support/stores.ts';
import { demoFake, fakeConnection, fakeDeps } from '../support/tiktokFake.ts';

/**
 * TikTok Shop webhooks through the real server on both engines, against the fake: checked as
 * TikTok signs them, routed by shop id, the order fetched and applied within 5 s of the webhook,
 * once, whether a poll brings it too; a bad signature changes nothing.
 */
describe.each(engines)('TikTok webhooks on %s', (engine) => {
  let server: TestServer;
  let seller: Seller;
  const env = demoFake({ sellerSkus: ['A'] });
  const { fake, us } = env;
  let deps: TikTokDeps;

  beforeAll(async () => {
    server = await startTestServer({ engine });
    seller = await seedSeller(server.store, { organizationId: server.organizationId });
    await receive(
      server.store,
      { organizationId: seller.org, skuId: seller.sku.A, warehouseId: seller.tx, actor: 'test' },
      5,
    );
    await fake.listen();
    deps = fakeDeps({ attempts: 3, secretKey: server.secretKey });
    await connectTikTok(server.store, deps, fakeConnection(env, seller.org, 'TTS-US'));
  }, 60_000);
  afterAll(async () => {
    await fake.close();
    await server?.close();
  });

  const post = (body: string, authorization?: string) =>
    fetch(`${server.url}/api/v1/webhooks/tiktok`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body,
    });
  const statusChange = (order: { id: string; status: string; update_time: number }) =>
    fake.webhook(env.app.appKey, us, 1, {
      order_id: order.id,
      order_status: order.status,
      is_on_hold_order: false,
      update_time: order.update_time,
    });
  const ordersOf = (externalId: string) =>
    server.store.db
      .selectFrom('orders')
      .select(['id', 'status'])
      .where('storefront_id', '=', seller.us)
      .where('external_id', '=', externalId)
      .execute();
  /** Waits for the order to reach `status`, as the contract allows: at most 5 seconds. */
  const applied = async (externalId: string, status: string) => {
    const giveUpAt = Date.now() + 5000;
    for (;;) {
      const rows = await ordersOf(externalId);
      if (rows[0]?.status === status) return rows;
      if (Date.now() > giveUpAt)
        throw new Error(`order ${externalId} is ${rows[0]?.status ?? 'absent'}, not ${status}`);
      await delay(20);
    }
  };

  it('answers 401 to a bad or missing signature, and changes nothing', async () => {
    const order = fake.addOrder(us, { lines: [{ sellerSku: 'A', units: 1 }] });
    const { body, authorization } = statusChange(order);
    const calls = fake.calls.length;
    const forged = await post(body, authorization.replace(/^./, authorization[0] === 'a' ? 'b' : 'a'));
    expect(forged.status).toBe(401);
    expect((await forged.json()).error.code).toBe('SIGNATURE_INVALID');
    expect((await post(body)).status).toBe(401);
    // Signed over other bytes: the same JSON with one more space.
    expect((await post(body.replace('{', '{ '), authorization)).status).toBe(401);
    expect(fake.calls.length).toBe(calls);
    expect(await ordersOf(order.id)).toEqual([]);
  });

  it('reserves a paid order announced by webhook within 5 seconds, answered 200 with an empty body; a poll of it changes nothing', async () => {
    const order = fake.addOrder(us, { lines: [{ sellerSku: 'A', units: 2 }] });
    const { body, authorization } = statusChange(order);
    const answer = await post(body, authorization);
    expect(answer.status).toBe(200);
    expect(await answer.text()).toBe('');
    const [stored] = await applied(order.id, 'reserved');
    const again = await applyTikTokOrders(server.store, { storefrontId: seller.us, actor: 'poll' }, [
      structuredClone(order) as unknown as TikTokOrder,
    ]);
    expect(again).toMatchObject({ new: 0, unchanged: 1 });
    // The same webhook delivered twice (TikTok retries) is one order still.
    expect((await post(body, authorization)).status).toBe(200);
    expect((await ordersOf(order.id)).map((o) => o.id)).toEqual([stored?.id]);
  });

  it('cancels on a cancel webhook even when fetching the order fails, and releases once', async () => {
    const order = fake.addOrder(us, { lines: [{ sellerSku: 'A', units: 1 }] });
    await post(...(Object.values(statusChange(order)) as [string, string]));
    await applied(order.id, 'reserved');
    fake.setOrderStatus(order, 'CANCELLED');
    fake.inject({ code: 10006402, path: '/order/202309/orders', times: 1 });
    const cancel = fake.webhook(env.app.appKey, us, 1, { order_id: order.id, order_status: 'CANCEL' });
    expect((await post(cancel.body, cancel.authorization)).status).toBe(200);
    const [cancelled] = await applied(order.id, 'cancelled');
    // The poll brings the cancelled order later: nothing more is released.
    await applyTikTokOrders(server.store, { storefrontId: seller.us, actor: 'poll' }, [
      structuredClone(order) as unknown as TikTokOrder,
    ]);
    const releases = await server.store.db
      .selectFrom('stock_movements')
      .select('reserved_delta')
      .where('order_id', '=', cancelled?.id ?? '')
      .where('kind', '=', 'release')
      .execute();
    expect(releases.map((r) => r.reserved_delta)).toEqual([-1]);
  });

  it('fetches every order a PACKAGE_UPDATE names (ids as JSON numbers too), and the order of a CANCELLATION_STATUS_CHANGE', async () => {
    const first = fake.addOrder(us, { lines: [{ sellerSku: 'A', units: 1 }] });
    const second = fake.addOrder(us, { lines: [{ sellerSku: 'A', units: 1 }] });
    // A combine of the two orders' packages (type 4, reference §7): no order_id, a package list.
    const combine = fake.webhook(env.app.appKey, us, 4, {
      sc_type: 'COMBINE',
      role_type: 'SELLER',
      package_list: [{ package_id: first.packages[0]?.id, order_id_list: [first.id] }],
      update_time: first.update_time,
    });
    // The second order's id written as a JSON number, as some senders do: its digits must survive.
    const numeric = combine.body.replace(
      `"order_id_list":["${first.id}"]`,
      `"order_id_list":["${first.id}",${second.id}]`,
    );
    const authorization = webhookSignature({
      appKey: env.app.appKey,
      appSecret: env.app.appSecret,
      rawBody: numeric,
    });
    expect((await post(numeric, authorization)).status).toBe(200);
    await applied(first.id, 'reserved');
    await applied(second.id, 'reserved');

    // A buyer's cancel request granted (type 11): the webhook carries cancel_status, not the order's status.
    fake.setOrderStatus(second, 'CANCELLED');
    const granted = fake.webhook(env.app.appKey, us, 11, {
      order_id: second.id,
      cancellations_role: 'BUYER',
      cancel_status: 'CANCELLATION_REQUEST_SUCCESS',
      cancel_id: '5769',
      create_time: second.update_time,
    });
    expect((await post(granted.body, granted.authorization)).status).toBe(200);
    await applied(second.id, 'cancelled');
    expect((await ordersOf(first.id)).map((o) => o.status)).toEqual(['reserved']);
  });
});
