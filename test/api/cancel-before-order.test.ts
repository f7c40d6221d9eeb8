/**
 * A marketplace cancel that arrives before its paid order (webhooks come in any order) is
 * remembered and carried out when the order arrives, by webhook or by the order API: the order is
 * stored cancelled and reserves nothing. Before, the cancel got 404 and the order stayed reserved.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/apiClient.ts';
import { postOrderWebhook } from '../support/orderWebhook.ts';
import { seedSeller } from '../support/seller.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { engines } from '../support/stores.ts';

describe.each(engines)('a cancel before its order, %s', (engine) => {
  let server: TestServer;
  let owner: ApiClient;
  let secret: string;

  beforeAll(async () => {
    server = await startTestServer({ engine });
    await seedSeller(server.store, { organizationId: server.organizationId });
    owner = await ApiClient.loggedIn(server.url, server.owner.email, server.owner.password);
    await owner.post('/api/v1/stock/receive', { sku: 'A', warehouse: 'TX', quantity: 100 });
    secret = (await owner.post('/api/v1/storefronts/TTS-MX/webhook-secret')).body.secret;
  }, 60_000);
  afterAll(() => server?.close());

  const deliver = (event: object) => {
    const body = JSON.stringify(event);
    return postOrderWebhook(server.url, secret, body).then(async (r) => ({
      status: r.status,
      body: await r.json(),
    }));
  };
  const paid = (externalId: string) => ({
    event: 'order.paid',
    order: {
      externalId,
      paidAt: '2026-11-26T10:00:00-06:00',
      lines: [{ sku: 'A', quantity: 2, unitPriceMinor: 29_900 }],
    },
  });
  const cancel = (externalId: string, reason = 'buyer changed their mind') => ({
    event: 'order.cancelled',
    order: { externalId, reason },
  });
  const reservedA = async () => (await owner.get('/api/v1/stock?sku=A&warehouse=TX')).body.items[0].reserved;

  it('remembers the cancel (202), and the paid order then arrives cancelled, holding nothing', async () => {
    expect(await deliver(cancel('MX-EARLY-1'))).toEqual({
      status: 202,
      body: { received: true, duplicate: false, outcome: 'cancel_remembered' },
    });
    // The same delivery again is acknowledged, not remembered twice.
    expect(await deliver(cancel('MX-EARLY-1'))).toEqual({
      status: 202,
      body: { received: true, duplicate: true, outcome: 'cancel_remembered' },
    });

    const arrived = await deliver(paid('MX-EARLY-1'));
    expect(arrived).toMatchObject({ status: 200, body: { duplicate: false, outcome: 'cancelled' } });
    const order = (await owner.get(`/api/v1/orders/${arrived.body.orderId}`)).body;
    expect(order).toMatchObject({ externalId: 'MX-EARLY-1', status: 'cancelled' });
    expect(await reservedA()).toBe(0);
    const moves = (await owner.get('/api/v1/stock/movements?sku=A')).body.items;
    expect(moves.filter((m: { orderExternalId?: string }) => m.orderExternalId === 'MX-EARLY-1')).toEqual([]);
    const audit = await server.store.db
      .selectFrom('audit_log')
      .select(['action', 'actor', 'data'])
      .where('subject', 'in', ['order:MX-EARLY-1', `order:${arrived.body.orderId}`])
      .orderBy('id')
      .execute();
    expect(audit.map((a) => ({ ...a, data: JSON.parse(a.data) }))).toMatchObject([
      { action: 'order.cancel_remembered', actor: 'webhook:TTS-MX', data: { externalId: 'MX-EARLY-1' } },
      {
        action: 'order.cancel',
        actor: 'webhook:TTS-MX',
        data: { externalId: 'MX-EARLY-1', reason: 'buyer changed their mind', beforeArrival: true },
      },
    ]);

    // The tombstone is spent: the order is there now, and a later cancel finds it cancelled.
    expect(await server.store.db.selectFrom('cancel_tombstones').selectAll().execute()).toEqual([]);
    expect((await deliver(paid('MX-EARLY-1'))).body).toMatchObject({ outcome: 'duplicate' });
    expect((await deliver(cancel('MX-EARLY-1', 'again'))).body).toMatchObject({
      duplicate: true,
      outcome: 'already_cancelled',
    });
  });

  it('applies to an order sent through the order API too', async () => {
    expect((await deliver(cancel('MX-EARLY-2'))).status).toBe(202);
    const created = await owner.post('/api/v1/orders', { storefront: 'TTS-MX', ...paid('MX-EARLY-2').order });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ outcome: 'cancelled', order: { status: 'cancelled' } });
    expect(await reservedA()).toBe(0);
  });

  it('never leaves an order reserved when its cancel and its payment race', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `MX-RACE-${i}`);
    const answers = await Promise.all(
      ids.flatMap((id, i) =>
        // Half the pairs sent cancel first, half paid first, all at once.
        i % 2 ? [deliver(cancel(id)), deliver(paid(id))] : [deliver(paid(id)), deliver(cancel(id))],
      ),
    );
    expect(answers.every((a) => a.status === 200 || a.status === 202)).toBe(true);
    const orders = await server.store.db
      .selectFrom('orders')
      .select(['external_id', 'status'])
      .where('external_id', 'like', 'MX-RACE-%')
      .execute();
    expect(orders).toHaveLength(20);
    expect(orders.every((o) => o.status === 'cancelled')).toBe(true);
    expect(await reservedA()).toBe(0);
    expect(await server.store.db.selectFrom('cancel_tombstones').selectAll().execute()).toEqual([]);
  });
});
