import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/apiClient.ts';
import { type HttpReceiver, startHttpReceiver } from '../support/notifyReceivers.ts';
import { seedSeller } from '../support/seller.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { engines } from '../support/stores.ts';

/**
 * Settings → Notifications over the API: an owner adds a Feishu bot (its URL and secret go in and
 * never come out), sends it a test card, routes alert kinds to it, and reads an alert's deliveries.
 */
describe.each(engines)('notification channels over the API, %s', (engine) => {
  let server: TestServer;
  let owner: ApiClient;
  let feishu: HttpReceiver;
  const secret = 'lark-bot-secret';

  beforeAll(async () => {
    server = await startTestServer({ engine });
    owner = await ApiClient.loggedIn(server.url, server.owner.email, server.owner.password);
    feishu = await startHttpReceiver('feishu', { feishuSecret: secret });
    await seedSeller(server.store, { organizationId: server.organizationId });
  });
  afterAll(async () => {
    await feishu?.close();
    await server?.close();
  });

  it('adds a channel whose URL and secret never come back, tests it, routes to it, and removes it', async () => {
    const made = await owner.post('/api/v1/notify/channels', {
      kind: 'feishu',
      name: 'Shenzhen ops',
      url: feishu.url,
      secret,
      language: 'zh-CN',
      timeZone: 'Asia/Shanghai',
    });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({
      kind: 'feishu',
      name: 'Shenzhen ops',
      language: 'zh-CN',
      origin: new URL(feishu.url).origin,
      hasSecret: true,
    });
    const listed = await owner.get('/api/v1/notify/channels');
    expect(listed.body.items).toHaveLength(1);
    expect(JSON.stringify(listed.body)).not.toContain('test-token');
    expect(JSON.stringify(listed.body)).not.toContain(secret);

    const tested = await owner.post(`/api/v1/notify/channels/${made.body.id}/test`);
    expect(tested.body).toEqual({ sent: true, error: null });
    expect(feishu.accepted()).toHaveLength(1);
    expect(JSON.stringify(feishu.all[0]?.body)).toContain('Puente 测试消息');

    const quiet = await owner.patch(`/api/v1/notify/channels/${made.body.id}`, {
      quietFrom: '22:00',
      quietTo: '07:00',
    });
    expect([quiet.status, quiet.body.quietFrom, quiet.body.quietTo]).toEqual([200, '22:00', '07:00']);

    const route = await owner.post('/api/v1/notify/routes', {
      channelId: made.body.id,
      kinds: ['oversell', 'late'],
      severity: 'critical',
      storefront: 'tts-mx',
    });
    expect(route.status).toBe(201);
    expect(route.body).toMatchObject({
      kinds: ['oversell', 'ship_by_late'],
      severity: 'critical',
      storefront: 'TTS-MX',
    });
    expect((await owner.get('/api/v1/notify/routes')).body.items).toHaveLength(1);

    // An oversell on TTS-MX: its delivery is in the outbox with the alert (no worker runs here).
    const order = await owner.post('/api/v1/orders', {
      storefront: 'TTS-MX',
      externalId: 'API-OVERSELL-1',
      paidAt: '2026-11-30T10:00:00-06:00',
      lines: [{ sku: 'A', quantity: 3, unitPriceMinor: 10_000 }],
    });
    expect(order.body.outcome).toBe('awaiting_stock');
    const alert = (await owner.get('/api/v1/alerts?kind=oversell')).body.items[0];
    const log = await owner.get(`/api/v1/alerts/${alert.id}/deliveries`);
    expect(log.body.items).toEqual([
      expect.objectContaining({
        channelName: 'Shenzhen ops',
        reason: 'raised',
        status: 'pending',
        attempts: 0,
        lastError: null,
      }),
    ]);

    expect((await owner.delete(`/api/v1/notify/routes/${route.body.id}`)).body).toEqual({ ok: true });
    expect((await owner.delete(`/api/v1/notify/routes/${route.body.id}`)).status).toBe(404);
    expect((await owner.delete(`/api/v1/notify/channels/${made.body.id}`)).body).toEqual({ ok: true });
    expect((await owner.get('/api/v1/notify/channels')).body.items).toEqual([]);
  });

  it('refuses a channel without its URL, a bad address or an unknown alert kind, naming the field', async () => {
    const noUrl = await owner.post('/api/v1/notify/channels', { kind: 'wecom', name: 'WeCom' });
    expect([noUrl.status, noUrl.body.error.code, noUrl.body.error.message]).toEqual([
      400,
      'BAD_NOTIFY_SETTING',
      '--url: a wecom notification channel needs the webhook URL',
    ]);
    const badTo = await owner.post('/api/v1/notify/channels', { kind: 'email', name: 'Mail', to: 'ana@' });
    expect([badTo.status, badTo.body.error.code]).toEqual([400, 'BAD_NOTIFY_SETTING']);
    const mail = await owner.post('/api/v1/notify/channels', {
      kind: 'email',
      name: 'Mail',
      to: 'ana@shop.mx',
    });
    const badKind = await owner.post('/api/v1/notify/routes', {
      channelId: mail.body.id,
      kinds: ['tsunami'],
    });
    expect([badKind.status, badKind.body.error.code]).toEqual([400, 'BAD_NOTIFY_SETTING']);
    const noChannel = await owner.post('/api/v1/notify/routes', {
      channelId: 'ffffffff',
      kinds: ['oversell'],
    });
    expect(noChannel.status).toBe(404);
  });

  it('refuses a NUL in the escalation channel or the time zone as bad input, on both engines', async () => {
    for (const field of ['escalateTo', 'timeZone']) {
      const answer = await owner.post('/api/v1/notify/channels', {
        kind: 'email',
        name: 'Mail',
        to: 'ana@shop.mx',
        [field]: 'ab\u0000',
      });
      expect([answer.status, answer.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    }
  });
});
