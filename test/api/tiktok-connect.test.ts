import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALLBACK_PATH } from '../../src/services/tiktokOAuth.ts';
import { type Answer, ApiClient } from '../support/apiClient.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { engines } from '../support/stores.ts';
import { demoFake } from '../support/tiktokFake.ts';

/**
 * The owner connects the demo seller's storefronts to TikTok Shop from Settings (issue 11, "OAuth
 * in the dashboard"), against the protocol fake: the server hands out an authorization page with a
 * one-time state bound to the owner's session, the fake's page sends the browser back with a code,
 * and the callback binds the shop. A state is refused from another session, a second time, after it
 * ended, or when this server never gave it; each refusal is a redirect to Settings naming why.
 */
describe.each(engines)('connecting TikTok Shop from the dashboard, %s', (engine) => {
  let server: TestServer;
  let owner: ApiClient;
  const env = demoFake();

  beforeAll(async () => {
    await env.fake.listen();
    server = await startTestServer({
      engine,
      env: { PUENTE_TIKTOK_API_BASE: env.fake.apiUrl, PUENTE_TIKTOK_AUTH_BASE: env.fake.authUrl },
    });
    owner = await ApiClient.loggedIn(server.url, server.owner.email, server.owner.password);
    // The demo seller's setup: Texas and California warehouses, a US and an MX storefront.
    for (const [code, state, timeZone] of [
      ['TX', 'TX', 'America/Chicago'],
      ['CA', 'CA', 'America/Los_Angeles'],
    ] as const)
      await owner.post('/api/v1/warehouses', {
        code,
        name: `${state} warehouse`,
        country: 'US',
        state,
        timeZone,
        cutoff: '16:00',
        holidayCalendar: 'US-federal',
        leadTimeDays: 1,
      });
    for (const [code, region, currency] of [
      ['TTS-US', 'US', 'USD'],
      ['TTS-MX', 'MX', 'MXN'],
    ] as const)
      await owner.post('/api/v1/storefronts', {
        code,
        name: code,
        region,
        currency,
        warehouses: ['TX', 'CA'],
      });
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await env.fake.close();
  });

  const begin = (who: ApiClient, storefront = 'TTS-US') =>
    who.post('/api/v1/connectors/tiktok/authorize', {
      storefront,
      appKey: env.app.appKey,
      appSecret: env.app.appSecret,
    });

  /** What the fake's authorization page redirects to: the callback with its code and the state. */
  async function authorize(authorizeUrl: string): Promise<string> {
    const page = await fetch(authorizeUrl, { redirect: 'manual' });
    expect(page.status).toBe(302);
    const back = new URL(page.headers.get('location') as string);
    return `${back.pathname}${back.search}`;
  }

  /** The callback as the browser follows it; the settings page's query it is sent to. */
  async function callback(who: ApiClient, path: string): Promise<URLSearchParams> {
    const answer: Answer = await who.get(path, { redirect: 'manual' });
    expect(answer.status).toBe(303);
    const to = new URL(answer.headers.get('location') as string, server.url);
    expect(to.pathname).toBe('/settings');
    return to.searchParams;
  }

  it('binds the shop through the authorization page, with the warehouses mapped', async () => {
    const started = await begin(owner);
    expect(started.status).toBe(200);
    const page = new URL(started.body.authorizeUrl);
    // Neither base URL given: PUENTE_TIKTOK_AUTH_BASE's authorization page, with the callback to come back to.
    expect(`${page.origin}${page.pathname}`).toBe(`${env.fake.authUrl}/oauth/authorize`);
    expect(page.searchParams.get('app_key')).toBe(env.app.appKey);
    expect(page.searchParams.get('state')?.length).toBeGreaterThan(30);
    expect(started.body.callbackUrl).toBe(`${server.url}${CALLBACK_PATH}`);
    expect(page.searchParams.get('redirect_uri')).toBe(started.body.callbackUrl);

    const back = await callback(owner, await authorize(started.body.authorizeUrl));
    expect(Object.fromEntries(back)).toEqual({
      tab: 'storefronts',
      tiktok: 'connected',
      storefront: 'TTS-US',
    });

    const list = await owner.get('/api/v1/connectors/tiktok/connections');
    const us = list.body.items.find((c: { storefront: string }) => c.storefront === 'TTS-US');
    expect(us.connection.shop).toMatchObject({ name: 'Puente Demo US', region: 'US' });
    expect(us.connection.lastPullAt).toBeNull();
    expect(
      list.body.items.find((c: { storefront: string }) => c.storefront === 'TTS-MX').connection,
    ).toBeNull();

    // Bound as `puente tiktok connect` binds: stored hosts, sealed secret, Texas and California matched.
    const row = await server.store.db.selectFrom('tiktok_connections').selectAll().executeTakeFirstOrThrow();
    expect([row.api_base, row.auth_base]).toEqual([env.fake.apiUrl, env.fake.authUrl]);
    expect(JSON.stringify(row)).not.toContain(env.app.appSecret);
    const states = await server.store.db.selectFrom('tiktok_oauth_states').selectAll().execute();
    expect(JSON.stringify(states)).not.toContain(env.app.appSecret);
    expect(JSON.stringify(states)).not.toContain(page.searchParams.get('state'));
    const warehouses = await owner.get('/api/v1/connectors/tiktok/connections/TTS-US/warehouses');
    expect(
      warehouses.body.items.map((w: { name: string; warehouse: string | null }) => [w.name, w.warehouse]),
    ).toEqual(
      expect.arrayContaining([
        ['Dallas FC', 'TX'],
        ['Ontario CA', 'CA'],
      ]),
    );
  });

  it('refuses a state used once already', async () => {
    const started = await begin(owner, 'TTS-MX');
    const path = await authorize(started.body.authorizeUrl);
    expect((await callback(owner, path)).get('tiktok')).toBe('connected');
    expect((await callback(owner, path)).get('tiktok_error')).toBe('state_used');
  });

  it("refuses another session's state, which still works for the session it was given to", async () => {
    const started = await begin(owner, 'TTS-MX');
    const path = await authorize(started.body.authorizeUrl);
    const otherSession = await ApiClient.loggedIn(server.url, server.owner.email, server.owner.password);
    expect((await callback(otherSession, path)).get('tiktok_error')).toBe('state_other_session');
    expect((await callback(owner, path)).get('tiktok')).toBe('connected');
  });

  it('refuses a state past its end, and one this server never gave', async () => {
    const started = await begin(owner, 'TTS-MX');
    const path = await authorize(started.body.authorizeUrl);
    await server.store.db
      .updateTable('tiktok_oauth_states')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('used_at', 'is', null)
      .execute();
    expect((await callback(owner, path)).get('tiktok_error')).toBe('state_expired');
    const made = new URL(path, server.url);
    made.searchParams.set('state', 'a-state-nobody-gave');
    expect((await callback(owner, `${made.pathname}${made.search}`)).get('tiktok_error')).toBe(
      'state_unknown',
    );
  });

  it('says so when the seller cancels at TikTok', async () => {
    const started = await begin(owner, 'TTS-MX');
    env.fake.denyAuthorization = true;
    const path = await authorize(started.body.authorizeUrl).finally(() => {
      env.fake.denyAuthorization = false;
    });
    expect((await callback(owner, path)).get('tiktok_error')).toBe('denied');
  });

  it('sends a callback without the session cookie back to itself once, then names the missing session', async () => {
    const started = await begin(owner, 'TTS-MX');
    const path = await authorize(started.body.authorizeUrl);
    const anonymous = new ApiClient(server.url);
    const bounce = await anonymous.get(path, { redirect: 'manual' });
    expect(bounce.status).toBe(200);
    expect(bounce.headers.get('content-type')).toContain('text/html');
    const again = /url=([^"]+)"/.exec(bounce.body as string)?.[1]?.replaceAll('&amp;', '&') as string;
    expect(again).toContain('bounced=1');
    expect((await callback(anonymous, again)).get('tiktok_error')).toBe('no_session');
    // The owner's own browser, with the cookie, still completes it.
    expect((await callback(owner, again)).get('tiktok')).toBe('connected');
  });

  it('lets only the owner begin, and only from a dashboard session', async () => {
    await owner.post('/api/v1/users', {
      email: 'op@shop.mx',
      name: 'Op',
      role: 'operator',
      password: 'operator-password',
    });
    const operator = await ApiClient.loggedIn(server.url, 'op@shop.mx', 'operator-password');
    expect((await begin(operator)).status).toBe(403);
    const token = await owner.post('/api/v1/tokens', { name: 'script', scope: 'admin' });
    const script = ApiClient.withToken(server.url, token.body.token);
    const refused = await begin(script);
    expect([refused.status, refused.body.error.code]).toEqual([400, 'SESSION_REQUIRED']);
    const bad = await owner.post('/api/v1/connectors/tiktok/authorize', {
      storefront: 'TTS-US',
      appKey: 'k',
      appSecret: 's',
      apiBase: 'ftp://example.com',
    });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(bad.body.error.message).toContain('apiBase');
  });

  it('runs one sync cycle now and shows it in the health, and maps a warehouse by hand', async () => {
    // An order Puente cannot take yet (a SKU it does not know), updated a minute ago.
    env.fake.addOrder(env.us, {
      lines: [{ sellerSku: 'NOT-IN-PUENTE', units: 1 }],
      at: env.fake.nowSeconds - 60,
    });
    const synced = await owner.post('/api/v1/connectors/tiktok/connections/TTS-US/sync');
    expect(synced.status).toBe(200);
    expect(synced.body.orders.parked).toBe(1);
    const us = (await owner.get('/api/v1/connectors/tiktok/connections')).body.items.find(
      (c: { storefront: string }) => c.storefront === 'TTS-US',
    );
    expect(us.connection.lastPullAt).not.toBeNull();
    expect(us.connection.lastPushAt).not.toBeNull();
    expect(us.connection.lagSeconds).toBeGreaterThanOrEqual(0);

    const dallas = (
      await owner.get('/api/v1/connectors/tiktok/connections/TTS-US/warehouses')
    ).body.items.find((w: { name: string }) => w.name === 'Dallas FC');
    const none = await owner.put('/api/v1/connectors/tiktok/connections/TTS-US/warehouses', {
      map: [{ tiktokWarehouseId: dallas.id, warehouse: null }],
    });
    expect(none.body.items.find((w: { id: string }) => w.id === dallas.id)).toMatchObject({
      warehouse: null,
      mapped_by: 'manual',
    });
    // Listing again does not match it automatically: "none" was chosen by hand.
    const listed = await owner.get('/api/v1/connectors/tiktok/connections/TTS-US/warehouses');
    expect(listed.body.items.find((w: { id: string }) => w.id === dallas.id).warehouse).toBeNull();
    const back = await owner.put('/api/v1/connectors/tiktok/connections/TTS-US/warehouses', {
      map: [{ tiktokWarehouseId: dallas.id, warehouse: 'TX' }],
    });
    expect(back.body.items.find((w: { id: string }) => w.id === dallas.id)).toMatchObject({
      warehouse: 'TX',
      mapped_by: 'manual',
    });
    const unknown = await owner.put('/api/v1/connectors/tiktok/connections/TTS-US/warehouses', {
      map: [{ tiktokWarehouseId: dallas.id, warehouse: 'NOPE' }],
    });
    expect(unknown.status).toBe(404);
    const notConnected = await owner.post('/api/v1/connectors/tiktok/connections/NOPE/sync');
    expect(notConnected.status).toBe(404);
  });

  it('keeps the last error of a sync for the health panel, with TikTok’s code and words', async () => {
    env.fake.inject({ code: 106001, path: '/order/202309/orders/search' });
    const synced = await owner.post('/api/v1/connectors/tiktok/connections/TTS-US/sync');
    expect(synced.status).toBe(200);
    expect(synced.body.skipped.filter((k: { failed: boolean }) => k.failed)).toHaveLength(1);
    const us = (await owner.get('/api/v1/connectors/tiktok/connections')).body.items.find(
      (c: { storefront: string }) => c.storefront === 'TTS-US',
    );
    expect(us.connection.lastError).toMatchObject({
      step: 'orders',
      kind: 'rejected',
      code: 106001,
      detail: 'injected fault 106001',
    });
    // The pull did not go through this time: the error is newer than the last pull.
    expect(us.connection.lastError.at > us.connection.lastPullAt).toBe(true);
  });

  it("edits a warehouse's postal code, the surest key for matching TikTok warehouses", async () => {
    const tx = await owner.get('/api/v1/warehouses/TX');
    expect(tx.body.postalCode).toBeNull();
    const etag = { 'If-Match': tx.headers.get('etag') as string };
    const bad = await owner.patch('/api/v1/warehouses/TX', { postalCode: 'Dallas!' }, { headers: etag });
    expect([bad.status, bad.body.error.details[0].field]).toEqual([400, 'postalCode']);
    const set = await owner.patch('/api/v1/warehouses/TX', { postalCode: '75241' }, { headers: etag });
    expect([set.status, set.body.postalCode]).toEqual([200, '75241']);
  });
});
