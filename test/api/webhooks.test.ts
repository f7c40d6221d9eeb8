import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhook } from '../../src/http/routes/webhooks.ts';
import { ApiClient } from '../support/apiClient.ts';
import { postOrderWebhook } from '../support/orderWebhook.ts';
import { seedSeller } from '../support/seller.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { engines } from '../support/stores.ts';

describe.each(engines)('order webhook on %s', (engine) => {
  let server: TestServer;
  let owner: ApiClient;
  let secret: string;

  beforeAll(async () => {
    server = await startTestServer({ engine });
    await seedSeller(server.store, { organizationId: server.organizationId });
    owner = await ApiClient.loggedIn(server.url, server.owner.email, server.owner.password);
    await owner.post('/api/v1/stock/receive', { sku: 'A', warehouse: 'TX', quantity: 20 });
    secret = (await owner.post('/api/v1/storefronts/TTS-MX/webhook-secret')).body.secret;
  });
  afterAll(() => server?.close());

  /** Delivers a body as a marketplace would: raw bytes, signed over `<timestamp>.<body>`. */
  const deliver = (
    body: string,
    o: { timestamp?: number; key?: string; delivery?: string; signature?: string } = {},
  ) => {
    return postOrderWebhook(server.url, o.key ?? secret, body, o).then(async (r) => ({
      status: r.status,
      body: await r.json(),
    }));
  };
  const paid = (externalId: string, quantity = 1) =>
    JSON.stringify({
      event: 'order.paid',
      order: {
        externalId,
        paidAt: '2026-11-26T10:00:00-06:00',
        lines: [{ sku: 'A', quantity, unitPriceMinor: 29_900 }],
      },
    });

  it('keeps the storefront secret encrypted, shown only when rotated', async () => {
    expect(secret).toMatch(/^whsec_/);
    const row = await server.store.db
      .selectFrom('storefronts')
      .select('webhook_secret')
      .where('code', '=', 'TTS-MX')
      .executeTakeFirstOrThrow();
    expect(row.webhook_secret).not.toContain(secret);
    expect(JSON.stringify((await owner.get('/api/v1/storefronts/TTS-MX')).body)).not.toContain(secret);
  });

  it('takes a signed order and reserves its stock', async () => {
    const answer = await deliver(paid('MX-WH-1', 2));
    expect(answer).toMatchObject({
      status: 200,
      body: { received: true, duplicate: false, outcome: 'reserved' },
    });
    const order = (await owner.get(`/api/v1/orders/${answer.body.orderId}`)).body;
    expect(order).toMatchObject({
      externalId: 'MX-WH-1',
      storefront: 'TTS-MX',
      status: 'reserved',
      total: { minor: 59_800, currency: 'MXN' },
    });
    const moves = (await owner.get('/api/v1/stock/movements?sku=A')).body.items;
    expect(moves[0]).toMatchObject({
      kind: 'reserve',
      reservedDelta: 2,
      actor: 'webhook:TTS-MX',
      orderExternalId: 'MX-WH-1',
    });
  });

  it('refuses a wrong signature, another secret, and a tampered body', async () => {
    const body = paid('MX-WH-2');
    expect((await deliver(body, { signature: 'v1=00' })).body.error.code).toBe('SIGNATURE_INVALID');
    expect((await deliver(body, { key: 'whsec_someone-else' })).status).toBe(401);
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = signWebhook(secret, timestamp, body);
    const tampered = await deliver(body.replace('"quantity":1', '"quantity":9'), { timestamp, signature });
    expect([tampered.status, tampered.body.error.code]).toEqual([401, 'SIGNATURE_INVALID']);
    const missing = await fetch(`${server.url}/api/v1/webhooks/orders/TTS-MX`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(missing.status).toBe(401);
    expect((await owner.get('/api/v1/orders?q=MX-WH-2')).body.items).toEqual([]);
  });

  it('refuses a replay: a correctly signed delivery older than five minutes', async () => {
    const old = Math.floor(Date.now() / 1000) - 301;
    const answer = await deliver(paid('MX-WH-3'), { timestamp: old });
    expect([answer.status, answer.body.error.code]).toEqual([401, 'STALE_DELIVERY']);
  });

  it('applies a delivery once, however often it comes', async () => {
    const body = paid('MX-WH-4');
    const first = await deliver(body);
    const again = await deliver(body, { timestamp: Math.floor(Date.now() / 1000) - 5 }); // re-signed copy
    // The marketplace sends the same order again in another envelope: the order id makes it a duplicate.
    const reshaped = await deliver(JSON.stringify({ ...JSON.parse(body), note: 'retry' }));
    expect(first.body).toMatchObject({ duplicate: false, outcome: 'reserved' });
    // The delivery and its order committed together: a delivery seen before names its order.
    expect(again.body).toEqual({
      received: true,
      duplicate: true,
      outcome: 'duplicate',
      orderId: first.body.orderId,
    });
    expect(reshaped.body).toMatchObject({
      duplicate: true,
      outcome: 'duplicate',
      orderId: first.body.orderId,
    });
    expect((await owner.get('/api/v1/orders?q=mx-wh-4')).body.items).toHaveLength(1);
  });

  it('refuses an empty body', async () => {
    const answer = await deliver('');
    expect([answer.status, answer.body.error.code]).toEqual([400, 'BODY_REQUIRED']);
  });

  it('cancels an order and releases what it held', async () => {
    const before = (await owner.get('/api/v1/stock?sku=A&warehouse=TX')).body.items[0];
    const answer = await deliver(
      JSON.stringify({ event: 'order.cancelled', order: { externalId: 'MX-WH-1', reason: 'buyer' } }),
    );
    expect(answer.body).toMatchObject({ outcome: 'cancelled' });
    const after = (await owner.get('/api/v1/stock?sku=A&warehouse=TX')).body.items[0];
    expect(after.reserved).toBe(before.reserved - 2);
  });

  it('reports a malformed body after checking its signature', async () => {
    const answer = await deliver(JSON.stringify({ event: 'order.paid', order: { externalId: 'X' } }));
    expect([answer.status, answer.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const retry = await deliver(paid('MX-WH-5'), {});
    expect(retry.status).toBe(200);
  });
});
