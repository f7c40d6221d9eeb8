/**
 * Orders waiting for stock through the API (issue 8): a receipt reserves them in paid-time order
 * and keeps the oversell alert of the SKU and storefront up to date; an operator retries or
 * cancels one; a return restocks units. Each action writes its audit row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/apiClient.ts';
import { seedSeller } from '../support/seller.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { engines } from '../support/stores.ts';

describe.each(engines)('orders waiting for stock, API on %s', (engine) => {
  let server: TestServer;
  let api: ApiClient;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    server = await startTestServer({ engine });
    await seedSeller(server.store, { organizationId: server.organizationId });
    api = await ApiClient.loggedIn(server.url, server.owner.email, server.owner.password);
  });
  afterAll(() => server?.close());

  const place = async (externalId: string, paidAt: string, quantity: number) => {
    const answer = await api.post('/api/v1/orders', {
      storefront: 'TTS-MX',
      externalId,
      paidAt,
      lines: [{ sku: 'C', quantity, unitPriceMinor: 25_000 }],
    });
    ids[externalId] = answer.body.order.id;
    return answer;
  };
  const status = async (externalId: string) =>
    (await api.get(`/api/v1/orders/${ids[externalId]}`)).body.status;
  const oversell = async () => (await api.get('/api/v1/alerts?state=open&kind=oversell')).body.items;
  const audit = () =>
    server.store.db
      .selectFrom('audit_log')
      .select(['action', 'subject'])
      .where('action', 'like', 'order.%')
      .execute();

  it('keeps an order that cannot be filled waiting, with its shortfall and one alert per SKU and storefront', async () => {
    const late = await place('MX-W2', '2026-11-26T11:00:00-06:00', 3);
    expect(late.body).toMatchObject({ outcome: 'awaiting_stock', order: { status: 'awaiting_stock' } });
    expect(JSON.parse(late.body.order.waitingReason)).toMatchObject({
      shortfalls: [{ sku: 'C', wanted: 3, available: 0 }],
      splitWouldFill: false,
    });
    await place('MX-W1', '2026-11-26T09:00:00-06:00', 2);
    const alerts = await oversell();
    expect(alerts).toHaveLength(1);
    expect(alerts[0].data).toMatchObject({ sku: 'C', storefront: 'TTS-MX', orders: 2, unitsShort: 5 });
  });

  it('reserves the earliest paid waiting order when stock is received, and updates the alert', async () => {
    const received = await api.post('/api/v1/stock/receive', { sku: 'C', warehouse: 'TX', quantity: 2 });
    expect(received.status).toBe(200);
    expect([await status('MX-W1'), await status('MX-W2')]).toEqual(['reserved', 'awaiting_stock']);
    expect((await oversell())[0].data).toMatchObject({ orders: 1, unitsShort: 3 });
  });

  it('retries a waiting order on request: still short, it answers awaiting_stock', async () => {
    const retry = await api.post(`/api/v1/orders/${ids['MX-W2']}/retry`, { warehouse: 'CA' });
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ outcome: 'awaiting_stock', order: { status: 'awaiting_stock' } });
    const reserved = await api.post(`/api/v1/orders/${ids['MX-W1']}/retry`, {});
    expect([reserved.status, reserved.body.error.code]).toEqual([409, 'ORDER_STATE']);
    // The refusal carries its reason, so the dashboard can word it in the user's language.
    expect(reserved.body.error.details).toEqual({
      reason: 'order_not_waiting',
      params: { order: 'MX-W1', status: 'reserved' },
    });
    const unknown = await api.post(`/api/v1/orders/${ids['MX-W2']}/retry`, { warehouse: 'NOPE' });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'NOT_FOUND']);
    expect(unknown.body.error.details).toEqual({ reason: 'no_warehouse', params: { code: 'NOPE' } });
  });

  it('shows per storefront what waits and the platform deadlines it puts at risk, on the overview', async () => {
    const overview = (await api.get('/api/v1/metrics/overview')).body;
    expect(overview.awaitingStock).toMatchObject({ orders: 1, units: 3 });
    const mx = overview.waitingExposure.find((e: { storefront: string }) => e.storefront === 'TTS-MX');
    // MX-W2 waits: late once its platform deadline is before the overview's now, else due within
    // 24 h or later (the test does not depend on the day it runs).
    const shipBy = Date.parse((await api.get(`/api/v1/orders/${ids['MX-W2']}`)).body.shipBy);
    const now = Date.parse(overview.now);
    expect(mx).toEqual({
      storefront: 'TTS-MX',
      storefrontName: 'TikTok Shop MX',
      orders: 1,
      unitsShort: 3,
      late: shipBy < now ? 1 : 0,
      dueWithin24h: shipBy >= now && shipBy < now + 86_400_000 ? 1 : 0,
    });
    expect(
      overview.waitingExposure.find((e: { storefront: string }) => e.storefront === 'TTS-US'),
    ).toMatchObject({ orders: 0, unitsShort: 0, late: 0, dueWithin24h: 0 });
  });

  it('cancels a waiting order: nothing is released, the alert resolves', async () => {
    const cancelled = await api.post(`/api/v1/orders/${ids['MX-W2']}/cancel`, { reason: 'buyer gave up' });
    expect(cancelled.body.order.status).toBe('cancelled');
    expect(await oversell()).toEqual([]);
    expect((await api.get('/api/v1/stock?sku=C&warehouse=TX')).body.items[0]).toMatchObject({
      onHand: 2,
      reserved: 2,
    });
  });

  it('records a return: restocked units go back on hand, and no more than shipped can come back', async () => {
    await api.post(`/api/v1/orders/${ids['MX-W1']}/ship`, { carrier: 'Estafeta', tracking: 'E1' });
    const back = await api.post(`/api/v1/orders/${ids['MX-W1']}/returns`, {
      sku: 'C',
      quantity: 1,
      restock: true,
    });
    expect(back.status).toBe(200);
    expect(back.body.order.status).toBe('shipped');
    expect((await api.get('/api/v1/stock?sku=C&warehouse=TX')).body.items[0]).toMatchObject({
      onHand: 1,
      reserved: 0,
    });
    const damaged = await api.post(`/api/v1/orders/${ids['MX-W1']}/returns`, {
      sku: 'C',
      quantity: 1,
      restock: false,
    });
    expect(damaged.status).toBe(200);
    // Both count toward what can still come back: shipped 2, returned 2, none left.
    expect((await api.get(`/api/v1/orders/${ids['MX-W1']}/returns`)).body.items).toEqual([
      { sku: 'C', shipped: 2, returned: 2, left: 0 },
    ]);
    const tooMany = await api.post(`/api/v1/orders/${ids['MX-W1']}/returns`, {
      sku: 'C',
      quantity: 1,
      restock: true,
    });
    expect([tooMany.status, tooMany.body.error.code]).toEqual([409, 'ORDER_STATE']);
    expect(tooMany.body.error.details).toMatchObject({
      reason: 'return_more_than_shipped',
      params: { order: 'MX-W1', sku: 'C', shipped: 2, returned: 2, left: 0 },
    });
    const bad = await api.post(`/api/v1/orders/${ids['MX-W1']}/returns`, {
      sku: 'C',
      quantity: 0,
      restock: true,
    });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('writes an audit row for each action, in the action’s transaction', async () => {
    const rows = await audit();
    expect(rows.map((r) => r.action).sort()).toEqual([
      'order.cancel',
      'order.retry',
      'order.return',
      'order.return',
    ]);
  });
});
