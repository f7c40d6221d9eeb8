import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoFake, type TikTokFake } from '../../../test/support/tiktokFake.ts';
import { exchangeAuthCode, refreshAccessToken, type TokenGrant } from './auth.ts';
import { type ClientOptions, TikTokClient, type TokenSource } from './client.ts';
import { TikTokError } from './errors.ts';
import { RateLimiter } from './rateLimiter.ts';
import { authorizedShops, orderDetails, searchOrders, shopWarehouses, updateInventory } from './tiktokApi.ts';

/**
 * The client against the protocol fake (test/support/tiktokFake.ts), which checks signatures,
 * tokens, ciphers and rate limits as the reference says TikTok does. Backoff waits are 1 ms: the
 * tests count calls and retries, never time.
 */

let env: ReturnType<typeof demoFake>;
let fake: TikTokFake;
let grant: TokenGrant;

/** Tokens held in memory, refreshed through the fake's auth host: what the store does, minus the store. */
class MemoryTokens implements TokenSource {
  refreshes = 0;
  constructor(
    public grant: TokenGrant,
    private readonly auth: { authBase: string; appKey: string; appSecret: string },
  ) {}
  async accessToken() {
    return this.grant.accessToken;
  }
  async refresh() {
    this.refreshes++;
    this.grant = await refreshAccessToken(this.auth, this.grant.refreshToken);
    return this.grant.accessToken;
  }
}

const fast = { attempts: 6, baseDelayMs: 1, maxDelayMs: 5 };

function client(o: Partial<ClientOptions> & { tokens?: TokenSource } = {}) {
  const auth = { authBase: fake.authUrl, appKey: env.app.appKey, appSecret: env.app.appSecret };
  const tokens = o.tokens ?? new MemoryTokens(grant, auth);
  return {
    tokens,
    client: new TikTokClient({
      apiBase: fake.apiUrl,
      appKey: env.app.appKey,
      appSecret: env.app.appSecret,
      shopCipher: env.us.cipher,
      retry: fast,
      limiter: new RateLimiter(10_000),
      ...o,
      tokens,
    }),
  };
}

beforeEach(async () => {
  env = demoFake({ sellerSkus: ['PT-TOY-001', 'PT-TOY-002'] });
  fake = env.fake;
  await fake.listen();
  grant = await exchangeAuthCode(
    { authBase: fake.authUrl, appKey: env.app.appKey, appSecret: env.app.appSecret },
    fake.authCode(env.app.appKey, env.seller.id),
  );
});
afterEach(() => fake.close());

describe('authorization', () => {
  it('exchanges a code once: a second exchange of the same code is refused', async () => {
    expect(grant.accessExpiresAt.getTime()).toBeGreaterThan(Date.now());
    expect(grant.sellerName).toBe('Shenzhen Demo Trading');
    const code = fake.authCode(env.app.appKey, env.seller.id);
    const auth = { authBase: fake.authUrl, appKey: env.app.appKey, appSecret: env.app.appSecret };
    await exchangeAuthCode(auth, code);
    await expect(exchangeAuthCode(auth, code)).rejects.toMatchObject({ code: 36004004, failure: 'rejected' });
  });

  it('rotates the refresh token: the old one no longer refreshes', async () => {
    const auth = { authBase: fake.authUrl, appKey: env.app.appKey, appSecret: env.app.appSecret };
    const next = await refreshAccessToken(auth, grant.refreshToken);
    expect(next.refreshToken).not.toBe(grant.refreshToken);
    await expect(refreshAccessToken(auth, grant.refreshToken)).rejects.toBeInstanceOf(TikTokError);
    expect(fake.rotations).toBe(1);
  });
});

describe('signed calls', () => {
  it('lists the shops without a cipher, and the warehouses of one shop with it', async () => {
    const { client: c } = client();
    const shops = await authorizedShops(c);
    expect(shops.map((s) => s.region).sort()).toEqual(['MX', 'US']);
    const warehouses = await shopWarehouses(c);
    expect(warehouses.filter((w) => w.type === 'SALES_WAREHOUSE').map((w) => w.address?.state)).toEqual([
      'Texas',
      'California',
    ]);
    expect(fake.calls.map((call) => [call.path, 'shop_cipher' in call.query, call.code])).toEqual([
      ['/authorization/202309/shops', false, 0],
      ['/logistics/202309/warehouses', true, 0],
    ]);
  });

  it('is refused 106001 with a wrong app secret, and does not retry it', async () => {
    const { client: c } = client({ appSecret: 'not-the-secret' });
    await expect(shopWarehouses(c)).rejects.toMatchObject({ code: 106001, failure: 'rejected' });
    expect(fake.calls).toHaveLength(1);
    expect(c.stats).toMatchObject({ calls: 1, retries: 0 });
  });

  it('pages 250 orders by update time with tokens holding + / =, each order once', async () => {
    const start = fake.nowSeconds - 1000;
    for (let i = 0; i < 250; i++)
      fake.addOrder(env.us, { lines: [{ sellerSku: 'PT-TOY-001', units: 1 }], at: start + i });
    const { client: c } = client();
    const seen: string[] = [];
    const tokens: string[] = [];
    let token: string | null = null;
    do {
      const page = await searchOrders(c, {
        updateTimeGe: start,
        updateTimeLt: start + 1000,
        pageToken: token,
      });
      seen.push(...page.orders.map((o) => o.id));
      token = page.nextPageToken;
      if (token) tokens.push(token);
    } while (token);
    expect(tokens).toHaveLength(2);
    for (const t of tokens) expect(t).toMatch(/[+/].*=$/);
    expect(new Set(seen).size).toBe(250);
    expect(seen).toEqual([...env.us.orders.values()].map((o) => o.id));
  });

  it('reads at most 50 orders by id in one call', async () => {
    const ids = Array.from(
      { length: 3 },
      () => fake.addOrder(env.us, { lines: [{ sellerSku: 'PT-TOY-002', units: 2 }] }).id,
    );
    const { client: c } = client();
    const orders = await orderDetails(c, ids);
    expect(orders.map((o) => [o.id, o.line_items.length])).toEqual(ids.map((id) => [id, 2]));
    await expect(
      orderDetails(
        c,
        Array.from({ length: 51 }, (_, i) => String(i)),
      ),
    ).rejects.toThrow('at most 50');
  });

  it('returns per-SKU inventory errors from a code-0 answer, and applies the others', async () => {
    const product = [...env.us.products.values()][0];
    if (!product) throw new Error('no product');
    const [tx, ca] = env.us.warehouses.filter((w) => w.type === 'SALES_WAREHOUSE').map((w) => w.id) as [
      string,
      string,
    ];
    const sku = product.skus[0];
    if (!sku) throw new Error('no sku');
    const { client: c } = client();
    // One warehouse left out: TikTok refuses the SKU (every assigned warehouse must be listed).
    const errors = await updateInventory(c, product.id, [
      { id: sku.id, inventory: [{ warehouse_id: tx, quantity: 5 }] },
    ]);
    expect(errors).toEqual([
      expect.objectContaining({
        code: 12019028,
        skuId: sku.id,
        warehouseErrors: [expect.objectContaining({ warehouseId: ca })],
      }),
    ]);
    expect(fake.stockOf(env.us, 'PT-TOY-001')).toEqual({ [tx]: 0, [ca]: 0 });
    const none = await updateInventory(c, product.id, [
      {
        id: sku.id,
        inventory: [
          { warehouse_id: tx, quantity: 5 },
          { warehouse_id: ca, quantity: 3 },
        ],
      },
    ]);
    expect(none).toEqual([]);
    expect(fake.stockOf(env.us, 'PT-TOY-001')).toEqual({ [tx]: 5, [ca]: 3 });
  });
});

describe('faults', () => {
  it('retries 429 and 36009003 with backoff until the call goes through', async () => {
    fake.inject({ code: 36009002, times: 2 });
    fake.inject({ code: 36009003, times: 2 });
    const { client: c } = client();
    expect(await shopWarehouses(c)).toHaveLength(3);
    expect(c.stats).toMatchObject({ calls: 5, retries: 4 });
    expect(fake.calls.map((call) => call.code)).toEqual([36009002, 36009002, 36009003, 36009003, 0]);
  });

  it('gives up after its attempts with a throttled error', async () => {
    fake.inject({ code: 36009002, times: 100 });
    const { client: c } = client({ retry: { ...fast, attempts: 5 } });
    await expect(shopWarehouses(c)).rejects.toMatchObject({ failure: 'throttled', code: 36009002 });
    expect(fake.calls).toHaveLength(5);
  });

  it('on 105002 refreshes once and retries; a second 105002 is thrown', async () => {
    const { client: c, tokens } = client();
    fake.expireAccessTokens();
    expect(await shopWarehouses(c)).toHaveLength(3);
    expect((tokens as MemoryTokens).refreshes).toBe(1);
    expect(fake.calls.map((call) => call.code)).toEqual([105002, 0]);

    fake.inject({ code: 105002, times: 2 });
    await expect(shopWarehouses(c)).rejects.toMatchObject({ code: 105002, failure: 'token_expired' });
    expect((tokens as MemoryTokens).refreshes).toBe(2);
  });

  it('never retries 106001 or other refusals', async () => {
    fake.inject({ code: 106001 });
    const { client: c } = client();
    await expect(shopWarehouses(c)).rejects.toMatchObject({ code: 106001 });
    fake.inject({ code: 105005 });
    await expect(shopWarehouses(c)).rejects.toMatchObject({ code: 105005, failure: 'rejected' });
    expect(c.stats.retries).toBe(0);
  });

  it('is refused 106013 without a cipher on a shop-scoped path, and 36009004 with one on a seller-level path', async () => {
    const { client: c } = client();
    await expect(c.call('GET', '/logistics/202309/warehouses', { sellerLevel: true })).rejects.toMatchObject({
      code: 106013,
    });
    const raw = await fetch(`${fake.apiUrl}/authorization/202309/shops?app_key=${env.app.appKey}`);
    expect(((await raw.json()) as { code: number }).code).toBe(36009004);
  });
});

describe('rate limits', () => {
  it('the fake answers 429 past its QPS per shop and API within one second', async () => {
    const frozen = demoFake({ qps: 3, now: () => 1_900_000_000_000 });
    await frozen.fake.listen();
    try {
      const g = await exchangeAuthCode(
        { authBase: frozen.fake.authUrl, appKey: frozen.app.appKey, appSecret: frozen.app.appSecret },
        frozen.fake.authCode(frozen.app.appKey, frozen.seller.id),
      );
      const make = (cipher: string) =>
        new TikTokClient({
          apiBase: frozen.fake.apiUrl,
          appKey: frozen.app.appKey,
          appSecret: frozen.app.appSecret,
          shopCipher: cipher,
          tokens: { accessToken: async () => g.accessToken, refresh: async () => g.accessToken },
          retry: { attempts: 1 },
          limiter: new RateLimiter(10_000),
          now: () => new Date(1_900_000_000_000),
        });
      const us = make(frozen.us.cipher);
      const results = await Promise.allSettled([1, 2, 3, 4].map(() => shopWarehouses(us)));
      // Which of the four arrives last is up to the network; that exactly one is throttled is not.
      expect(results.map((r) => r.status).sort()).toEqual([
        'fulfilled',
        'fulfilled',
        'fulfilled',
        'rejected',
      ]);
      const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(refused.reason).toMatchObject({ code: 36009002, failure: 'throttled' });
      // Another shop has its own limit.
      await expect(shopWarehouses(make(frozen.mx.cipher))).resolves.toHaveLength(3);
    } finally {
      await frozen.fake.close();
    }
  });

  it('the client paces its calls per shop: one start every 1/qps s, however the calls are fired', async () => {
    // Measured where the calls leave, not where they arrive: arrival times depend on the machine's
    // load, but the limiter's spacing holds by construction (a late timer only widens a gap).
    const starts: number[] = [];
    class RecordingLimiter extends RateLimiter {
      override schedule<T>(key: string, fn: () => Promise<T>): Promise<T> {
        return super.schedule(key, () => {
          starts.push(performance.now());
          return fn();
        });
      }
    }
    const g = await exchangeAuthCode(
      { authBase: fake.authUrl, appKey: env.app.appKey, appSecret: env.app.appSecret },
      fake.authCode(env.app.appKey, env.seller.id),
    );
    const c = new TikTokClient({
      apiBase: fake.apiUrl,
      appKey: env.app.appKey,
      appSecret: env.app.appSecret,
      shopCipher: env.us.cipher,
      tokens: { accessToken: async () => g.accessToken, refresh: async () => g.accessToken },
      retry: { attempts: 1 },
      limiter: new RecordingLimiter(5),
    });
    await Promise.all(Array.from({ length: 12 }, () => shopWarehouses(c)));
    expect(starts).toHaveLength(12);
    const gaps = starts.slice(1).map((t, i) => t - (starts[i] as number));
    // 200 ms apart at 5 per second; a millisecond's allowance for the timer's rounding.
    expect(gaps.filter((gap) => gap < 199)).toEqual([]);
  });
});
