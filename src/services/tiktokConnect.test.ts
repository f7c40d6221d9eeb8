import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { engines, freshStore, type TestStore } from '../../test/support/stores.ts';
import { demoFake, fakeConnection, fakeDeps, type TikTokFake } from '../../test/support/tiktokFake.ts';
import { shopWarehouses } from '../channels/tiktok/tiktokApi.ts';
import { addStorefront, addWarehouse, createOrganization } from '../store/entities.ts';
import { openDatabase } from '../store/openDatabase.ts';
import { sealedSecrets } from '../store/sealedSecrets.ts';
import { updateWarehouse } from '../store/settings.ts';
import { connectionOf } from '../store/tiktokConnections.ts';
import { connectTikTok } from './tiktokConnect.ts';
import { type TikTokDeps, tiktokClientFor } from './tiktokSession.ts';
import { parseMapping, tiktokWarehouseMapping } from './tiktokWarehouses.ts';

/**
 * Connecting storefronts to TikTok shops, on both engines, against the protocol fake: the shop
 * chosen by region, secrets sealed, warehouses mapped, and the token refreshed once across servers.
 */
describe.each(engines)('TikTok Shop connections on %s', (engine) => {
  let store: TestStore;
  let org: string;
  let env: ReturnType<typeof demoFake>;
  let fake: TikTokFake;
  const deps: TikTokDeps = fakeDeps();

  beforeAll(async () => {
    store = await freshStore(engine);
  });
  afterAll(() => store?.dispose());

  beforeEach(async () => {
    org = await createOrganization(store, `seller ${randomBytes(3).toString('hex')}`);
    await addWarehouse(store, org, {
      code: 'TX',
      name: 'Dallas 3PL',
      country: 'US',
      state: 'TX',
      timeZone: 'America/Chicago',
    });
    await addWarehouse(store, org, {
      code: 'CA',
      name: 'Ontario CA',
      country: 'US',
      state: 'CA',
      timeZone: 'America/Los_Angeles',
    });
    const common = { platform: 'tiktok', policyId: 'tiktok-us-mx-2026', warehouses: ['TX', 'CA'] };
    await addStorefront(store, org, {
      ...common,
      code: 'TTS-US',
      name: 'TikTok Shop US',
      region: 'US',
      currency: 'USD',
    });
    await addStorefront(store, org, {
      ...common,
      code: 'TTS-MX',
      name: 'TikTok Shop MX',
      region: 'MX',
      currency: 'MXN',
    });
    env = demoFake();
    fake = env.fake;
    await fake.listen();
  });
  afterEach(() => fake.close());

  const connect = (storefront: string, extra: { shop?: string } = {}) =>
    connectTikTok(store, deps, { ...fakeConnection(env, org, storefront), ...extra });

  const storefrontId = async (code: string) =>
    (
      await store.db
        .selectFrom('storefronts')
        .select('id')
        .where('organization_id', '=', org)
        .where('code', '=', code)
        .executeTakeFirstOrThrow()
    ).id;

  it('binds TTS-US to the US shop and TTS-MX to the MX shop, mapping Texas to TX and California to CA', async () => {
    const us = await connect('TTS-US');
    const mx = await connect('TTS-MX');
    expect(us.shop).toMatchObject({ id: env.us.id, region: 'US' });
    expect(mx.shop).toMatchObject({ id: env.mx.id, region: 'MX' });
    for (const [result, shop] of [
      [us, env.us],
      [mx, env.mx],
    ] as const) {
      const [dallas, ontario, returns] = shop.warehouses;
      expect(result.warehouses).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            id: dallas?.id,
            state: 'Texas',
            postal_code: '75241',
            warehouse: 'TX',
            mapped_by: 'auto',
          }),
          expect.objectContaining({
            id: ontario?.id,
            state: 'California',
            warehouse: 'CA',
            mapped_by: 'auto',
          }),
          // A return warehouse in Texas too: never mapped, stock is not sold from it.
          expect.objectContaining({ id: returns?.id, type: 'RETURN_WAREHOUSE', warehouse: null }),
        ]),
      );
    }
  });

  it('matches by postal code first: two Puente warehouses in Texas, the one with the ZIP gets the Dallas warehouse', async () => {
    await updateWarehouse(store, org, 'CA', { state: 'Texas', postalCode: '75241-0001' }, null);
    const us = await connect('TTS-US');
    const [dallas, ontario] = env.us.warehouses;
    expect(us.warehouses).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: dallas?.id, warehouse: 'CA', mapped_by: 'auto' }),
        // California has no Puente warehouse left; TX is not in California: a person decides.
        expect.objectContaining({ id: ontario?.id, warehouse: null }),
      ]),
    );
  });

  it('seals the app secret and tokens, keeps them out of the audit log, and reports them to the key check', async () => {
    await connect('TTS-US');
    const row = await connectionOf(store, await storefrontId('TTS-US'));
    if (!row) throw new Error('not connected');
    expect(row.app_secret).not.toContain(env.app.appSecret);
    expect(deps.secrets.open(row.app_secret)).toBe(env.app.appSecret);
    expect(deps.secrets.open(row.access_token)).toMatch(/^TTP_/);
    expect(row).toMatchObject({
      shop_cipher: env.us.cipher,
      api_base: fake.apiUrl,
      auth_base: fake.authUrl,
      token_version: 1,
    });
    const audit = await store.db
      .selectFrom('audit_log')
      .selectAll()
      .where('organization_id', '=', org)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['tiktok.connect']);
    const logged = JSON.stringify(audit);
    expect(logged).not.toContain(env.app.appSecret);
    expect(logged).not.toContain(deps.secrets.open(row.access_token));
    expect(logged).not.toContain(deps.secrets.open(row.refresh_token));
    expect(
      (await sealedSecrets(store)).filter((s) => s.storefront === 'TTS-US').length,
    ).toBeGreaterThanOrEqual(3);
  });

  it('takes the shop named by --shop (id or code), and refuses a shop the authorization does not cover', async () => {
    const byCode = await connect('TTS-US', { shop: env.mx.code.toLowerCase() });
    expect(byCode.shop.id).toBe(env.mx.id);
    await expect(connect('TTS-US', { shop: '123' })).rejects.toMatchObject({
      kind: 'not_found',
      reason: { key: 'tiktok_no_shop' },
    });
    // The refused connect changed nothing: still bound to the MX shop.
    expect((await connectionOf(store, await storefrontId('TTS-US')))?.shop_id).toBe(env.mx.id);
  });

  it('refuses a spent authorization code and stores nothing', async () => {
    const code = fake.authCode(env.app.appKey, env.seller.id);
    const input = {
      organizationId: org,
      storefront: 'TTS-US',
      appKey: env.app.appKey,
      appSecret: env.app.appSecret,
      authCode: code,
      apiBase: fake.apiUrl,
      authBase: fake.authUrl,
      actor: 'test',
    };
    await connectTikTok(store, deps, input);
    await expect(connectTikTok(store, deps, { ...input, storefront: 'TTS-MX' })).rejects.toMatchObject({
      code: 36004004,
    });
    expect(await connectionOf(store, await storefrontId('TTS-MX'))).toBeUndefined();
  });

  it('maps by hand with --map, unmapping what the Puente warehouse stood for before, and keeps it on reconnect', async () => {
    const us = await connect('TTS-US');
    const [dallas, ontario, returns] = env.us.warehouses;
    if (!dallas || !ontario || !returns) throw new Error('fake warehouses');
    const swapped = await tiktokWarehouseMapping(store, deps, {
      organizationId: org,
      storefront: 'TTS-US',
      map: [parseMapping(`TX=${ontario.id}`)],
      actor: 'test',
    });
    const byId = (rows: typeof swapped) =>
      Object.fromEntries(rows.map((r) => [r.id, [r.warehouse, r.mapped_by]]));
    // TX now stands for Ontario; Dallas lost TX, and CA (taken by Ontario before) is matched again by nothing.
    expect(byId(swapped)).toMatchObject({ [ontario.id]: ['TX', 'manual'], [dallas.id]: [null, null] });
    expect(us.warehouses).toHaveLength(3);
    await connect('TTS-US');
    expect(
      byId(
        await tiktokWarehouseMapping(store, deps, { organizationId: org, storefront: 'TTS-US', actor: 't' }),
      ),
    ).toMatchObject({
      [ontario.id]: ['TX', 'manual'],
    });
    await expect(
      tiktokWarehouseMapping(store, deps, {
        organizationId: org,
        storefront: 'TTS-US',
        map: [{ warehouse: 'TX', tiktokId: returns.id }],
        actor: 't',
      }),
    ).rejects.toMatchObject({ reason: { key: 'tiktok_not_sales_warehouse' } });
    await expect(
      tiktokWarehouseMapping(store, deps, {
        organizationId: org,
        storefront: 'TTS-US',
        map: [{ warehouse: 'TX', tiktokId: '42' }],
        actor: 't',
      }),
    ).rejects.toMatchObject({ reason: { key: 'no_tiktok_warehouse' } });
    expect(() => parseMapping('TX')).toThrow(/--map TX/);
  });

  it('refreshes an expired access token once, storing the rotated refresh token', async () => {
    await connect('TTS-US');
    const id = await storefrontId('TTS-US');
    const before = await connectionOf(store, id);
    fake.expireAccessTokens();
    const { client } = await tiktokClientFor(store, deps, id);
    expect(await shopWarehouses(client)).toHaveLength(3);
    const after = await connectionOf(store, id);
    expect(fake.rotations).toBe(1);
    expect(after?.token_version).toBe(2);
    expect(deps.secrets.open(after?.refresh_token ?? '')).not.toBe(
      deps.secrets.open(before?.refresh_token ?? ''),
    );
    // The stored refresh token is the one TikTok now accepts: a later refresh works.
    fake.expireAccessTokens();
    expect(await shopWarehouses((await tiktokClientFor(store, deps, id)).client)).toHaveLength(3);
    expect(fake.rotations).toBe(2);
  });

  it('refreshes before expiry, without waiting for a 105002', async () => {
    await connect('TTS-US');
    const id = await storefrontId('TTS-US');
    // Ten minutes left: inside the hour before expiry when a refresh is due.
    await store.db
      .updateTable('tiktok_connections')
      .set({ access_expires_at: new Date(Date.now() + 10 * 60_000).toISOString() })
      .where('storefront_id', '=', id)
      .execute();
    await shopWarehouses((await tiktokClientFor(store, deps, id)).client);
    expect(fake.rotations).toBe(1);
    expect(fake.calls.map((c) => c.code)).not.toContain(105002);
  });

  it('two servers refreshing at once make one rotation and both use the new token', async () => {
    await connect('TTS-US');
    const id = await storefrontId('TTS-US');
    const stale = deps.secrets.open((await connectionOf(store, id))?.access_token ?? '');
    fake.expireAccessTokens();
    // Server A's refresh call to TikTok is held until server B has found the refresh under way.
    let entered!: () => void;
    const inRefresh = new Promise<void>((r) => {
      entered = r;
    });
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    const slowFetch: typeof fetch = async (url, init) => {
      entered();
      await held;
      return fetch(url, init);
    };
    const other = openDatabase(store.url);
    try {
      const a = (await tiktokClientFor(store, { ...deps, fetch: slowFetch }, id)).tokens;
      let waited = 0;
      let foundUnderWay!: () => void;
      const bWaiting = new Promise<void>((r) => {
        foundUnderWay = r;
      });
      const b = (
        await tiktokClientFor(other, deps, id, () => {
          waited++;
          foundUnderWay();
        })
      ).tokens;
      const aRefresh = a.refresh(stale);
      await inRefresh; // A holds the lease and its call to TikTok is in flight
      const bRefresh = b.refresh(stale);
      await bWaiting; // B found the lease taken and waits
      release();
      const [tokenA, tokenB] = await Promise.all([aRefresh, bRefresh]);
      expect(waited).toBeGreaterThan(0);
      expect(tokenA).toBe(tokenB);
      expect(tokenA).not.toBe(stale);
      expect(fake.rotations).toBe(1);
      const row = await connectionOf(store, id);
      expect(row?.token_version).toBe(2);
      expect(deps.secrets.open(row?.access_token ?? '')).toBe(tokenA);
    } finally {
      await other.close();
    }
  });
});
