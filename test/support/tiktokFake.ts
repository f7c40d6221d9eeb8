import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'csv-parse/sync';
import { RateLimiter } from '../../src/channels/tiktok/rateLimiter.ts';
import { signRequest, webhookSignature } from '../../src/channels/tiktok/sign.ts';
import { SecretBox } from '../../src/services/security/secrets.ts';
import type { ConnectInput } from '../../src/services/tiktokConnect.ts';
import type { TikTokDeps } from '../../src/services/tiktokSession.ts';
import {
  addOrder,
  addProduct,
  type FakeOrder,
  type FakeShop,
  findSku,
  newShop,
  salesWarehouses,
  setOrderStatus,
} from './tiktokFakeShops.ts';

/**
 * A TikTok Shop fake written from the reference (../shared/reference/tiktok-shop-api.md), not from
 * Puente's client: two real HTTP servers on 127.0.0.1, the auth host and the API host, that check
 * what TikTok checks (signature, timestamp window, access token and its expiry, shop cipher present
 * where required and absent where forbidden, per-(app, shop, API) QPS) and answer in TikTok's
 * envelope with TikTok's codes. Tests drive it directly (`fake.shops`, `fake.inject`, `fake.calls`);
 * people start it with `npm run tiktok:fake`, which prints the URLs, the app key and secret, and
 * authorization codes, and drive it through `/fake/*` on the API host.
 */

export interface FakeFault {
  /** TikTok's code in the answer, e.g. 36009002, 36009003, 105002, 106001. */
  code: number;
  /** HTTP status (429 for 36009002, 401 for 106001 and 105002 unless given). */
  httpStatus?: number;
  /** Only calls whose path contains this. */
  path?: string;
  /** How many calls it hits (default 1). */
  times?: number;
}

export interface FakeCall {
  method: string;
  path: string;
  query: Record<string, string>;
  body: string;
  shopId: string | null;
  /** TikTok's code in the answer (0: success). */
  code: number;
  at: number;
}

interface Grant {
  appKey: string;
  sellerId: string;
  expiresAt: number;
}

interface Seller {
  id: string;
  name: string;
  region: string;
  shops: FakeShop[];
}

export interface TikTokFakeOptions {
  /** Requests per second per (app, shop, API), as TikTok's default (§3). */
  qps?: number;
  /** Lifetime of access tokens, seconds (TikTok: 7 days). */
  accessTtlSeconds?: number;
  /** The fake's clock, ms: tests may hold it still to count calls per second without timing. */
  now?: () => number;
}

const DAY = 86_400;

export class TikTokFake {
  readonly apps = new Map<string, string>();
  readonly sellers = new Map<string, Seller>();
  readonly calls: FakeCall[] = [];
  /** Refresh grants made so far: a rotation each. */
  rotations = 0;
  apiUrl = '';
  authUrl = '';
  /** Redirect URLs registered per app key (Partner Center); else the link's `redirect_uri`. */
  readonly redirectUrls = new Map<string, string>();
  /** The seller the authorization page logs in as (default: the first one added). */
  authorizingSeller: string | undefined;
  /** The authorization page answers as if the seller pressed "Cancel". */
  denyAuthorization = false;

  private readonly authCodes = new Map<
    string,
    { appKey: string; sellerId: string; expiresAt: number; used: boolean }
  >();
  private readonly accessTokens = new Map<string, Grant>();
  private readonly refreshTokens = new Map<string, Grant & { valid: boolean }>();
  private readonly faults: (FakeFault & { left: number })[] = [];
  private readonly window = new Map<string, number[]>();
  private readonly servers: Server[] = [];
  private readonly qps: number;
  private readonly accessTtl: number;
  readonly clock: () => number;

  constructor(o: TikTokFakeOptions = {}) {
    this.qps = o.qps ?? 50;
    this.accessTtl = o.accessTtlSeconds ?? 7 * DAY;
    this.clock = o.now ?? Date.now;
  }

  /** Unix seconds on the fake's clock. */
  get nowSeconds(): number {
    return Math.floor(this.clock() / 1000);
  }

  addApp(appKey = `fake${randomBytes(4).toString('hex')}`, appSecret = randomBytes(16).toString('hex')) {
    this.apps.set(appKey, appSecret);
    return { appKey, appSecret };
  }

  addSeller(o: { name: string; region?: string; shops: FakeShop[] }): Seller {
    const seller = {
      id: `s${randomBytes(6).toString('hex')}`,
      name: o.name,
      region: o.region ?? 'CN',
      shops: o.shops,
    };
    this.sellers.set(seller.id, seller);
    return seller;
  }

  /** A single-use authorization code for `seller`, valid 30 minutes (§1), as the redirect would carry. */
  authCode(appKey: string, sellerId: string): string {
    const code = `ac_${randomBytes(12).toString('base64url')}`;
    this.authCodes.set(code, { appKey, sellerId, expiresAt: this.nowSeconds + 30 * 60, used: false });
    return code;
  }

  shop(idOrRegion: string): FakeShop {
    for (const s of this.sellers.values())
      for (const shop of s.shops) if (shop.id === idOrRegion || shop.region === idOrRegion) return shop;
    throw new Error(`the fake has no shop ${idOrRegion}`);
  }

  /** The next `times` calls (whose path contains `path`) are answered with this fault instead. */
  inject(fault: FakeFault): void {
    this.faults.push({ ...fault, left: fault.times ?? 1 });
  }

  /** Every access token issued so far ends now: the next call with one gets 105002. */
  expireAccessTokens(): void {
    for (const grant of this.accessTokens.values()) grant.expiresAt = this.nowSeconds - 1;
  }

  /** The stock TikTok shows for a seller SKU, per warehouse id. */
  stockOf(shop: FakeShop, sellerSku: string): Record<string, number> {
    const found = findSku(shop, sellerSku);
    return Object.fromEntries((found?.sku.inventory ?? []).map((i) => [i.warehouse_id, i.quantity]));
  }

  addOrder(
    shop: FakeShop,
    o: Parameters<typeof addOrder>[1] extends infer P ? Omit<P & object, 'at'> & { at?: number } : never,
  ) {
    return addOrder(shop, { ...o, at: o.at ?? this.nowSeconds });
  }

  setOrderStatus(order: FakeOrder, status: string): void {
    setOrderStatus(order, status, this.nowSeconds);
  }

  /** A webhook as TikTok sends it (§7): the raw body and its `Authorization` signature. */
  webhook(appKey: string, shop: FakeShop, type: number, data: Record<string, unknown>) {
    const secret = this.apps.get(appKey);
    if (!secret) throw new Error(`the fake has no app ${appKey}`);
    const body = JSON.stringify({
      type,
      tts_notification_id: String(BigInt(`0x${randomBytes(7).toString('hex')}`)),
      shop_id: shop.id,
      timestamp: this.nowSeconds,
      data,
    });
    return { body, authorization: webhookSignature({ appKey, appSecret: secret, rawBody: body }) };
  }

  /** Listens on 127.0.0.1: the API host on `apiPort`, the auth host on `authPort` (0: any free port). */
  async listen(
    ports: { apiPort?: number; authPort?: number } = {},
  ): Promise<{ apiUrl: string; authUrl: string }> {
    const start = async (handler: (req: IncomingMessage, body: string) => Answer, port = 0) => {
      const server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => send(res, handler(req, Buffer.concat(chunks).toString('utf8'))));
      });
      this.servers.push(server);
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    };
    this.authUrl = await start((req, body) => this.auth(req, body), ports.authPort);
    this.apiUrl = await start((req, body) => this.api(req, body), ports.apiPort);
    return { apiUrl: this.apiUrl, authUrl: this.authUrl };
  }

  async close(): Promise<void> {
    await Promise.all(this.servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }

  // ---- the auth host (§1): token get and refresh, unsigned ----

  private auth(req: IncomingMessage, _body: string): Answer {
    const url = new URL(req.url ?? '/', 'http://fake');
    const q = Object.fromEntries(url.searchParams);
    if (url.pathname === '/oauth/authorize') return this.authorizePage(q);
    const fault = this.takeFault(url.pathname);
    if (fault) return fault;
    const secret = this.apps.get(q.app_key ?? '');
    if (!secret || secret !== q.app_secret) return fail(36009004, 'invalid app_key or app_secret');
    if (url.pathname === '/api/v2/token/get') {
      if (q.grant_type !== 'authorized_code') return fail(36009004, 'grant_type must be authorized_code');
      const code = this.authCodes.get(q.auth_code ?? '');
      if (!code || code.used || code.appKey !== q.app_key || code.expiresAt < this.nowSeconds)
        return fail(36004004, 'invalid or expired auth_code');
      code.used = true;
      return ok(this.grant(q.app_key as string, code.sellerId));
    }
    if (url.pathname === '/api/v2/token/refresh') {
      if (q.grant_type !== 'refresh_token') return fail(36009004, 'grant_type must be refresh_token');
      const old = this.refreshTokens.get(q.refresh_token ?? '');
      if (!old?.valid || old.appKey !== q.app_key || old.expiresAt < this.nowSeconds)
        return fail(36004004, 'invalid refresh_token');
      // The refresh token rotates: the one just used stops working (the reference leaves this open,
      // so the fake takes the strict reading).
      old.valid = false;
      this.rotations++;
      return ok(this.grant(old.appKey, old.sellerId, old.expiresAt));
    }
    return fail(36009009, 'invalid path', 404);
  }

  /**
   * The seller authorization page (§1, legacy link `/oauth/authorize?app_key=…&state=…`), as if the
   * seller logged in and pressed "Authorize" at once: a redirect to the app's redirect URL with a
   * fresh auth code and the state given, or `code=null&error=auth_denied` when `denyAuthorization`
   * is set. TikTok redirects to the URL registered for the app (`redirectUrls`); the fake also takes
   * `redirect_uri` from the link, so a test needs no registration.
   */
  private authorizePage(q: Record<string, string>): Answer {
    const appKey = q.app_key ?? '';
    const redirect = this.redirectUrls.get(appKey) ?? q.redirect_uri;
    if (!this.apps.has(appKey) || !redirect) return fail(36009004, 'invalid app_key or no redirect URL', 400);
    const seller = this.authorizingSeller ?? [...this.sellers.keys()][0];
    if (!seller) return fail(36009004, 'the fake has no seller to authorize', 400);
    const back = new URL(redirect);
    if (this.denyAuthorization) {
      back.searchParams.set('code', 'null');
      back.searchParams.set('error', 'auth_denied');
    } else back.searchParams.set('code', this.authCode(appKey, seller));
    if (q.state !== undefined) back.searchParams.set('state', q.state);
    return { ...ok(null), location: back.toString() };
  }

  private grant(appKey: string, sellerId: string, refreshExpiresAt = this.nowSeconds + 365 * DAY) {
    const seller = this.sellers.get(sellerId) as Seller;
    const access = `TTP_${randomBytes(24).toString('base64url')}`;
    const refresh = `TTP_${randomBytes(24).toString('base64url')}`;
    const accessExpiresAt = this.nowSeconds + this.accessTtl;
    this.accessTokens.set(access, { appKey, sellerId, expiresAt: accessExpiresAt });
    this.refreshTokens.set(refresh, { appKey, sellerId, expiresAt: refreshExpiresAt, valid: true });
    return {
      access_token: access,
      access_token_expire_in: accessExpiresAt,
      refresh_token: refresh,
      refresh_token_expire_in: refreshExpiresAt,
      open_id: `open_${sellerId}`,
      seller_name: seller.name,
      seller_base_region: seller.region,
      user_type: 0,
      granted_scopes: [
        'seller.order.info',
        'seller.product.basic',
        'seller.logistics',
        'seller.fulfillment.basic',
      ],
    };
  }

  // ---- the API host: checks, then the endpoint ----

  private api(req: IncomingMessage, body: string): Answer {
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = url.pathname;
    if (path.startsWith('/fake/')) return this.control(req.method ?? 'GET', path, body);
    // URLSearchParams decodes as TikTok's Go servers do: a '+' sent raw is a space.
    const query = Object.fromEntries(url.searchParams);
    const record = (answer: Answer, shopId: string | null = null) => {
      const { sign: _sign, ...shown } = query;
      this.calls.push({
        method: req.method ?? 'GET',
        path,
        query: shown,
        body,
        shopId,
        code: answer.body.code,
        at: this.clock(),
      });
      return answer;
    };
    const secret = this.apps.get(query.app_key ?? '');
    if (!secret) return record(fail(36009004, 'invalid app_key'));
    if (!query.sign) return record(fail(36009004, 'missing sign'));
    const ts = Number(query.timestamp);
    // The stricter window of the two the docs give (§2, §10.6).
    if (!Number.isInteger(ts) || ts < this.nowSeconds - 300 || ts > this.nowSeconds + 30)
      return record(fail(36009004, 'timestamp is out of the valid window'));
    const expected = signRequest({ appSecret: secret, path, query, body: body || undefined });
    if (query.sign !== expected) return record(fail(106001, 'invalid sign', 401));
    if (req.headers['content-type']?.split(';')[0] !== 'application/json')
      return record(fail(36009022, 'content-type must be application/json'));
    const token = req.headers['x-tts-access-token'];
    const grant = typeof token === 'string' ? this.accessTokens.get(token) : undefined;
    if (!grant || grant.appKey !== query.app_key) return record(fail(36009004, 'invalid access token'));
    if (grant.expiresAt < this.nowSeconds) return record(fail(105002, 'access token expired', 401));
    const seller = this.sellers.get(grant.sellerId) as Seller;

    const sellerLevel = path.startsWith('/authorization/') || path.startsWith('/seller/');
    let shop: FakeShop | null = null;
    if (sellerLevel) {
      if (query.shop_cipher) return record(fail(36009004, 'Unexpected identifier: shop_cipher'));
    } else {
      if (!query.shop_cipher) return record(fail(106013, 'shop_cipher is missing'));
      shop = seller.shops.find((s) => s.cipher === query.shop_cipher) ?? null;
      if (!shop) return record(fail(101000, 'the access token does not match the shop_cipher'));
    }
    const limitKey = `${query.app_key}:${shop?.id ?? 'seller'}:${req.method} ${path.replace(/\/\d+(?=\/|$)/g, '/{id}')}`;
    if (this.overLimit(limitKey)) return record(fail(36009002, 'too many requests', 429), shop?.id);
    const fault = this.takeFault(path);
    if (fault) return record(fault, shop?.id);
    let parsed: Record<string, unknown> = {};
    if (body) {
      try {
        parsed = JSON.parse(body) as Record<string, unknown>;
      } catch {
        return record(fail(36009022, 'body must be JSON'), shop?.id);
      }
    }
    return record(this.endpoint(req.method ?? 'GET', path, query, parsed, seller, shop), shop?.id);
  }

  private overLimit(key: string): boolean {
    const now = this.clock();
    const recent = (this.window.get(key) ?? []).filter((t) => t > now - 1000);
    const over = recent.length >= this.qps;
    if (!over) recent.push(now);
    this.window.set(key, recent);
    return over;
  }

  private takeFault(path: string): Answer | null {
    const fault = this.faults.find((f) => f.left > 0 && (!f.path || path.includes(f.path)));
    if (!fault) return null;
    fault.left--;
    const status =
      fault.httpStatus ?? (fault.code === 36009002 ? 429 : [106001, 105002].includes(fault.code) ? 401 : 200);
    return fail(fault.code, `injected fault ${fault.code}`, status);
  }

  private endpoint(
    method: string,
    path: string,
    q: Record<string, string>,
    body: Record<string, unknown>,
    seller: Seller,
    shop: FakeShop | null,
  ): Answer {
    const route = `${method} ${path}`;
    if (route === 'GET /authorization/202309/shops')
      return ok({
        shops: seller.shops.map((s) => ({
          id: s.id,
          name: s.name,
          region: s.region,
          seller_type: s.seller_type,
          cipher: s.cipher,
          code: s.code,
        })),
      });
    if (!shop) return fail(36009009, 'invalid path', 404);
    if (route === 'GET /logistics/202309/warehouses') return ok({ warehouses: shop.warehouses });
    if (route === 'POST /order/202309/orders/search') return this.searchOrders(shop, q, body);
    if (route === 'GET /order/202309/orders') {
      const ids = (q.ids ?? '').split(',').filter(Boolean);
      if (ids.length === 0 || ids.length > 50) return fail(36009004, 'ids: 1 to 50 order ids');
      return ok({ orders: ids.flatMap((id) => (shop.orders.has(id) ? [shop.orders.get(id)] : [])) });
    }
    if (route === 'POST /product/202309/products/search') return this.searchProducts(shop, q, body);
    const inventory = /^POST \/product\/202309\/products\/(\d+)\/inventory\/update$/.exec(route);
    if (inventory) return this.updateInventory(shop, inventory[1] as string, body);
    const ship = /^POST \/fulfillment\/202309\/orders\/(\d+)\/(packages|shipping_info\/update)$/.exec(route);
    if (ship) return this.ship(shop, ship[1] as string, ship[2] === 'packages', body);
    const options = /^GET \/logistics\/202309\/warehouses\/(\d+)\/delivery_options$/.exec(route);
    if (options) {
      if (!shop.warehouses.some((w) => w.id === options[1]))
        return fail(12052097, 'warehouse does not exist');
      return ok({
        delivery_options: [
          { id: `${options[1]}01`, name: 'Standard shipping', type: 'STANDARD' },
          { id: `${options[1]}09`, name: 'Shipped by seller', type: 'SEND_BY_SELLER' },
        ],
      });
    }
    const providers = /^GET \/logistics\/202309\/delivery_options\/(\d+)\/shipping_providers$/.exec(route);
    if (providers)
      return ok({
        shipping_providers: providers[1]?.endsWith('09')
          ? SELLER_CARRIERS
          : [{ id: '6900000000000000001', name: 'TikTok Shipping' }],
      });
    const shipPackage = /^POST \/fulfillment\/202309\/packages\/(\d+)\/ship$/.exec(route);
    if (shipPackage) {
      const order = [...shop.orders.values()].find((o) => o.packages.some((p) => p.id === shipPackage[1]));
      if (!order) return fail(21008111, 'package not found for this seller');
      const self = (body.self_shipment ?? {}) as Record<string, unknown>;
      return this.ship(shop, order.id, true, self);
    }
    const tracking = /^GET \/fulfillment\/202309\/orders\/(\d+)\/tracking$/.exec(route);
    if (tracking) {
      const order = shop.orders.get(tracking[1] as string);
      if (!order) return fail(21008111, 'order not found');
      return ok({
        tracking: order.tracking_number
          ? [{ description: 'Label created', update_time_millis: order.update_time * 1000 }]
          : [],
      });
    }
    return fail(36009009, 'invalid path', 404);
  }

  /**
   * Get Order List (§4): update_time/create_time windows (_ge inclusive, _lt exclusive), sorted,
   * paged by opaque tokens that carry '+', '/' and '=' (base64 of the position, behind bytes that
   * encode to "+/"): a client that does not percent-encode them sends a token the fake cannot read.
   */
  private searchOrders(shop: FakeShop, q: Record<string, string>, body: Record<string, unknown>): Answer {
    const pageSize = Number(q.page_size);
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100)
      return fail(36009004, 'page_size: 1 to 100');
    const field = q.sort_field === 'update_time' ? 'update_time' : 'create_time';
    const asc = q.sort_order === 'ASC';
    const num = (k: string) => (typeof body[k] === 'number' ? (body[k] as number) : undefined);
    const inWindow = (t: number, ge?: number, lt?: number) =>
      (ge === undefined || t >= ge) && (lt === undefined || t < lt);
    const matching = [...shop.orders.values()]
      .filter(
        (o) =>
          inWindow(o.update_time, num('update_time_ge'), num('update_time_lt')) &&
          inWindow(o.create_time, num('create_time_ge'), num('create_time_lt')) &&
          (typeof body.order_status !== 'string' || o.status === body.order_status),
      )
      .sort((a, b) => (a[field] - b[field] || (a.id < b.id ? -1 : 1)) * (asc ? 1 : -1));
    let offset = 0;
    if (q.page_token) {
      const position = readPageToken(q.page_token);
      if (position === null) return fail(36009004, 'invalid page_token');
      offset = position;
    }
    const page = matching.slice(offset, offset + pageSize);
    const next = offset + pageSize < matching.length ? pageToken(offset + pageSize) : '';
    return ok({ next_page_token: next, total_count: matching.length, orders: page });
  }

  private searchProducts(shop: FakeShop, q: Record<string, string>, body: Record<string, unknown>): Answer {
    const pageSize = Number(q.page_size);
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100)
      return fail(36009004, 'page_size: 1 to 100');
    const skus = Array.isArray(body.seller_skus) ? (body.seller_skus as string[]) : null;
    if (skus && skus.length > 10) return fail(36009004, 'seller_skus: at most 10');
    const status = typeof body.status === 'string' && body.status !== 'ALL' ? body.status : null;
    const all = [...shop.products.values()].filter(
      (p) => (!skus || p.skus.some((s) => skus.includes(s.seller_sku))) && (!status || p.status === status),
    );
    const offset = q.page_token ? readPageToken(q.page_token) : 0;
    if (offset === null) return fail(36009004, 'invalid page_token');
    const page = all.slice(offset, offset + pageSize);
    return ok({
      total_count: all.length,
      next_page_token: offset + pageSize < all.length ? pageToken(offset + pageSize) : '',
      products: page.map((p) => ({ ...p, skus: p.skus.map((s) => ({ ...s, inventory: [...s.inventory] })) })),
    });
  }

  /**
   * Update Inventory (§5): every warehouse the SKU is assigned to must be listed, none other;
   * failures are per SKU in data.errors[] with code 0 overall. A product not ACTIVATE is refused.
   */
  private updateInventory(shop: FakeShop, productId: string, body: Record<string, unknown>): Answer {
    const product = shop.products.get(productId);
    if (!product) return fail(12052700, 'product does not exist');
    if (product.status !== 'ACTIVATE') return fail(12052230, 'product is not active');
    const skus = Array.isArray(body.skus)
      ? (body.skus as { id: string; inventory?: { warehouse_id?: string; quantity?: number }[] }[])
      : [];
    if (skus.length === 0 || skus.length > 100) return fail(36009004, 'skus: 1 to 100');
    const errors: unknown[] = [];
    for (const s of skus) {
      const sku = product.skus.find((k) => k.id === s.id);
      if (!sku) {
        errors.push({
          code: 12052048,
          message: 'sku does not belong to the product',
          detail: { sku_id: s.id, extra_errors: [] },
        });
        continue;
      }
      const locked = this.lockedSkus.get(sku.id);
      if (locked) {
        errors.push({
          code: locked,
          message: `injected sku error ${locked}`,
          detail: { sku_id: sku.id, extra_errors: [] },
        });
        continue;
      }
      const sent = s.inventory ?? [];
      const assigned = new Set(sku.inventory.map((i) => i.warehouse_id));
      const extra = sent
        .filter((i) => !assigned.has(i.warehouse_id ?? ''))
        .map((i) => ({
          warehouse_id: i.warehouse_id ?? '',
          code: shop.warehouses.some((w) => w.id === i.warehouse_id) ? 12052533 : 12052097,
          message: 'warehouse is not assigned to the sku',
        }));
      const missing = [...assigned].filter((w) => !sent.some((i) => i.warehouse_id === w));
      const bad = sent.filter(
        (i) => !Number.isInteger(i.quantity) || (i.quantity as number) < 0 || (i.quantity as number) > 99_999,
      );
      if (extra.length || missing.length || bad.length) {
        errors.push({
          code: extra.length || missing.length ? 12019028 : 12052004,
          message: missing.length
            ? 'every warehouse assigned to the sku must be listed'
            : 'invalid inventory',
          detail: {
            sku_id: sku.id,
            extra_errors: [
              ...extra,
              ...missing.map((w) => ({ warehouse_id: w, code: 12019028, message: 'warehouse missing' })),
              ...bad.map((i) => ({
                warehouse_id: i.warehouse_id ?? '',
                code: 12052004,
                message: 'quantity out of range',
              })),
            ],
          },
        });
        continue;
      }
      for (const i of sent)
        (sku.inventory.find((x) => x.warehouse_id === i.warehouse_id) as { quantity: number }).quantity =
          i.quantity as number;
    }
    product.update_time = this.nowSeconds;
    return ok(errors.length ? { errors } : {});
  }

  /** SKUs whose inventory updates fail with this code (promotion lock 12052393, global stock 12052141…). */
  readonly lockedSkus = new Map<string, number>();

  /** Mark Package As Shipped and Update Shipping Info (§6, seller shipping). */
  private ship(shop: FakeShop, orderId: string, first: boolean, body: Record<string, unknown>): Answer {
    const order = shop.orders.get(orderId);
    if (!order) return fail(21008111, 'order not found for this seller');
    if (typeof body.tracking_number !== 'string' || !body.tracking_number)
      return fail(36009004, 'param body.tracking_number is missing');
    if (typeof body.shipping_provider_id !== 'string' || !body.shipping_provider_id)
      return fail(36009004, 'param body.shipping_provider_id is missing');
    if (!SELLER_CARRIERS.some((c) => c.id === body.shipping_provider_id))
      return fail(21001012, 'shipping provider does not exist');
    if (order.status === 'ON_HOLD') return fail(21011044, 'order is on hold and cannot be fulfilled yet');
    if (first) {
      if (!['AWAITING_SHIPMENT', 'PARTIALLY_SHIPPING'].includes(order.status))
        return fail(21011001, `order status ${order.status} cannot be shipped`);
      setOrderStatus(order, 'IN_TRANSIT', this.nowSeconds);
    } else if (!['AWAITING_COLLECTION', 'IN_TRANSIT'].includes(order.status))
      return fail(21011001, 'tracking can be updated only after shipping');
    order.tracking_number = body.tracking_number;
    order.shipping_provider_id = body.shipping_provider_id;
    const packageId = order.packages[0]?.id ?? '';
    for (const item of order.line_items) {
      item.tracking_number = body.tracking_number;
      item.shipping_provider_id = body.shipping_provider_id;
      item.package_id = packageId;
    }
    return ok(
      first
        ? {
            order_id: order.id,
            package_id: packageId,
            order_line_item_ids: order.line_items.map((i) => i.id),
          }
        : {},
    );
  }

  // ---- control endpoints for people driving the fake from a shell ----

  private control(method: string, path: string, body: string): Answer {
    let input: Record<string, unknown> = {};
    try {
      input = body ? (JSON.parse(body) as Record<string, unknown>) : {};
    } catch {
      return fail(1, 'body must be JSON', 400);
    }
    const [appKey] = [...this.apps.keys()];
    const [seller] = [...this.sellers.values()];
    if (method === 'POST' && path === '/fake/auth-codes' && appKey && seller)
      return ok({ auth_code: this.authCode(appKey, seller.id) });
    if (method === 'POST' && path === '/fake/faults') {
      this.inject(input as unknown as FakeFault);
      return ok({});
    }
    if (method === 'POST' && path === '/fake/orders') {
      const shop = this.shop(String(input.shop ?? 'US'));
      return ok({
        order: this.addOrder(shop, input as unknown as { lines: { sellerSku: string; units: number }[] }),
      });
    }
    // A webhook as TikTok sends it (§7), signed, POSTed to `url` in the background; the answer's
    // status is printed on the fake's stderr.
    if (method === 'POST' && path === '/fake/webhooks' && appKey) {
      const shop = this.shop(String(input.shop ?? 'US'));
      const hook = this.webhook(
        appKey,
        shop,
        Number(input.type ?? 1),
        (input.data ?? {}) as Record<string, unknown>,
      );
      const url = String(input.url ?? '');
      void fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: hook.authorization },
        body: hook.body,
      }).then(
        (r) => process.stderr.write(`webhook type ${input.type ?? 1} → ${url}: ${r.status}\n`),
        (e: unknown) =>
          process.stderr.write(`webhook type ${input.type ?? 1} → ${url}: ${(e as Error).message}\n`),
      );
      return ok({ body: JSON.parse(hook.body) });
    }
    // An order moves at TikTok: paid, hold ended, cancelled by the buyer, delivered.
    if (method === 'POST' && path === '/fake/order-status') {
      for (const seller of this.sellers.values())
        for (const shop of seller.shops) {
          const order = shop.orders.get(String(input.id ?? ''));
          if (!order) continue;
          this.setOrderStatus(order, String(input.status ?? ''));
          return ok({ order });
        }
      return fail(21008111, `no order ${String(input.id)}`);
    }
    // A partial failure of Update Inventory (§3, §5): this seller SKU's updates come back in
    // data.errors[] with `code` (e.g. 12052393, locked by a promotion) until code 0 clears it.
    if (method === 'POST' && path === '/fake/sku-errors') {
      const shop = this.shop(String(input.shop ?? 'US'));
      const found = findSku(shop, String(input.seller_sku ?? ''));
      if (!found) return fail(12052700, `no seller_sku ${String(input.seller_sku)} in shop ${shop.region}`);
      const code = Number(input.code ?? 12052393);
      if (code) this.lockedSkus.set(found.sku.id, code);
      else this.lockedSkus.delete(found.sku.id);
      return ok({ sku_id: found.sku.id });
    }
    if (method === 'GET' && path === '/fake/state')
      return ok({
        rotations: this.rotations,
        calls: this.calls.length,
        shops: [...this.sellers.values()].flatMap((s) =>
          s.shops.map((shop) => ({
            id: shop.id,
            region: shop.region,
            orders: [...shop.orders.values()],
            stock: [...shop.products.values()].flatMap((p) =>
              p.skus.map((k) => ({ seller_sku: k.seller_sku, inventory: k.inventory })),
            ),
          })),
        ),
      });
    return fail(36009009, 'invalid path', 404);
  }
}

/** The carriers a seller may ship with (Get Shipping Providers of the SEND_BY_SELLER option, §6). */
export const SELLER_CARRIERS = [
  { id: '7117858858072016686', name: 'USPS' },
  { id: '7117859084333745966', name: 'UPS' },
  { id: '7129736293223974702', name: 'FedEx' },
  { id: '7248600717110282027', name: 'DHL eCommerce' },
  { id: '7212608507307099947', name: 'Estafeta' },
];

interface Answer {
  status: number;
  body: { code: number; message: string; request_id: string; data: unknown };
  /** A redirect (the authorization page): sent as 302 with this Location, no body. */
  location?: string;
}

const requestId = () => randomBytes(12).toString('hex').toUpperCase();
const ok = (data: unknown): Answer => ({
  status: 200,
  body: { code: 0, message: 'Success', request_id: requestId(), data },
});
const fail = (code: number, message: string, status = 200): Answer => ({
  status,
  body: { code, message, request_id: requestId(), data: null },
});

function send(res: ServerResponse, answer: Answer): void {
  if (answer.location) {
    res.writeHead(302, { location: answer.location });
    res.end();
    return;
  }
  res.writeHead(answer.status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(answer.body));
}

const TOKEN_PREFIX = Buffer.from([0xfb, 0xff, 0xbf]); // base64 "+/+/"

function pageToken(offset: number): string {
  let raw = Buffer.concat([TOKEN_PREFIX, Buffer.from(`o:${offset}`)]);
  if (raw.length % 3 === 0) raw = Buffer.concat([raw, Buffer.from(';')]); // padding '=' at the end
  return raw.toString('base64');
}

function readPageToken(token: string): number | null {
  if (!/^[A-Za-z0-9+/]+=*$/.test(token)) return null;
  const raw = Buffer.from(token, 'base64');
  if (!raw.subarray(0, 3).equals(TOKEN_PREFIX)) return null;
  const m = /^o:(\d+);?$/.exec(raw.subarray(3).toString());
  return m ? Number(m[1]) : null;
}

/**
 * The fake the `tiktok:fake` script starts: one app, one cross-border seller with a US shop and an
 * MX shop, each with sales warehouses in Texas and California (the demo's TX and CA), and products
 * for `sellerSkus`.
 */
export function demoFake(o: TikTokFakeOptions & { sellerSkus?: string[] } = {}) {
  const fake = new TikTokFake(o);
  const app = fake.addApp();
  const warehouses = [
    { name: 'Dallas FC', state: 'Texas', city: 'Dallas', postalCode: '75241' },
    { name: 'Ontario CA', state: 'California', city: 'Ontario', postalCode: '91761' },
  ];
  const us = newShop({
    name: 'Puente Demo US',
    region: 'US',
    currency: 'USD',
    sellerType: 'LOCAL',
    warehouses,
  });
  const mx = newShop({ name: 'Puente Demo MX', region: 'MX', currency: 'MXN', warehouses });
  const seller = fake.addSeller({ name: 'Shenzhen Demo Trading', shops: [us, mx] });
  for (const shop of [us, mx])
    for (const sku of o.sellerSkus ?? [])
      addProduct(shop, { title: sku, sellerSkus: [sku], at: fake.nowSeconds });
  return { fake, app, seller, us, mx };
}

/**
 * What connects `storefront` of an organization to the demo fake's seller (connectTikTok's input):
 * the fake app's key and secret, an authorization code as TikTok's redirect hands it over, and the
 * fake's hosts.
 */
export function fakeConnection(
  env: ReturnType<typeof demoFake>,
  organizationId: string,
  storefront: string,
  actor = 'test',
): ConnectInput {
  return {
    organizationId,
    storefront,
    appKey: env.app.appKey,
    appSecret: env.app.appSecret,
    authCode: env.fake.authCode(env.app.appKey, env.seller.id),
    apiBase: env.fake.apiUrl,
    authBase: env.fake.authUrl,
    actor,
  };
}

/**
 * What a test talks to the fake with: a secret box (a fresh key, or the server's own base64 key when
 * the server reads what the test connects), retries `attempts` times at once, and a rate limit
 * nothing reaches.
 */
export function fakeDeps(o: { attempts?: number; secretKey?: string } = {}): TikTokDeps {
  return {
    secrets: SecretBox.fromKey(o.secretKey ? Buffer.from(o.secretKey, 'base64') : randomBytes(32)),
    retry: { attempts: o.attempts ?? 6, baseDelayMs: 1, maxDelayMs: 5 },
    limiter: new RateLimiter(10_000),
  };
}

export { addProduct, salesWarehouses };

/**
 * `count` orders over the last `days` days in `shop`, for benchmarks and walk-throughs: one to three
 * SKUs of `sellerSkus`, one or two units each; most awaiting shipment, some on hold, cancelled or
 * already shipped, as a live shop's last week looks. Seeded, so two runs build the same shop.
 */
export function addOrderHistory(
  fake: TikTokFake,
  shop: FakeShop,
  o: { count: number; sellerSkus: string[]; days?: number; seed?: number },
): void {
  let state = (o.seed ?? 1) >>> 0 || 1;
  // xorshift32: enough spread for a shop's history, and the same every run.
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  const span = (o.days ?? 7) * DAY;
  for (let i = 0; i < o.count; i++) {
    const lines = Array.from({ length: 1 + Math.floor(next() * 3) }, () => ({
      sellerSku: o.sellerSkus[Math.floor(next() * o.sellerSkus.length)] as string,
      units: 1 + Math.floor(next() * 2),
    }));
    const roll = next();
    const status =
      roll < 0.8 ? 'AWAITING_SHIPMENT' : roll < 0.85 ? 'ON_HOLD' : roll < 0.95 ? 'CANCELLED' : 'IN_TRANSIT';
    const order = fake.addOrder(shop, {
      lines,
      status: status === 'CANCELLED' || status === 'IN_TRANSIT' ? 'AWAITING_SHIPMENT' : status,
      // Placed up to two hours ago at the latest, so that a later cancel or shipment is past too.
      at: fake.nowSeconds - span + Math.floor(next() * (span - 7200)),
    });
    if (status === 'CANCELLED' || status === 'IN_TRANSIT')
      setOrderStatus(order, status, order.update_time + 60 + Math.floor(next() * 3600));
  }
}

/** The `sku` column of a catalog CSV. */
export function catalogSkus(file: string): string[] {
  const rows = parse(readFileSync(file), { columns: true, bom: true }) as Record<string, string>[];
  return rows.map((r) => r.sku ?? '').filter(Boolean);
}

async function main(argv: string[]) {
  const arg = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  // Products for the seller SKUs given, else for every SKU of the demo catalog (examples/catalog.csv).
  const skus = arg('--skus')
    ? (arg('--skus') as string).split(',').filter(Boolean)
    : catalogSkus(arg('--catalog') ?? fileURLToPath(new URL('../../examples/catalog.csv', import.meta.url)));
  const { fake, app, seller, us, mx } = demoFake({ sellerSkus: skus, qps: Number(arg('--qps') ?? 50) });
  // --orders <n>: a week of history, half in each shop.
  const history = Number(arg('--orders') ?? 0);
  for (const [i, shop] of [us, mx].entries())
    addOrderHistory(fake, shop, {
      count: Math.ceil(history / 2) - i * (history % 2),
      sellerSkus: skus,
      seed: i + 1,
    });
  await fake.listen({ apiPort: Number(arg('--port') ?? 0), authPort: Number(arg('--auth-port') ?? 0) });
  const codes = [fake.authCode(app.appKey, seller.id), fake.authCode(app.appKey, seller.id)];
  const lines = [
    `TikTok Shop fake`,
    `  api base:   ${fake.apiUrl}`,
    `  auth base:  ${fake.authUrl}`,
    `  app key:    ${app.appKey}`,
    `  app secret: ${app.appSecret}`,
    `  auth codes: ${codes.join(' ')}  (single use; more: curl -X POST ${fake.apiUrl}/fake/auth-codes)`,
    `  authorize:  ${fake.authUrl}/oauth/authorize (Settings → Storefronts → Connect TikTok Shop opens it)`,
    `  state:      curl ${fake.apiUrl}/fake/state`,
    `  faults:     curl -X POST ${fake.apiUrl}/fake/faults -d '{"code":36009002,"times":3}'`,
    `  sku errors: curl -X POST ${fake.apiUrl}/fake/sku-errors -d '{"shop":"MX","seller_sku":"<sku>","code":12052393}'  (code 0 clears)`,
    `  orders:     curl -X POST ${fake.apiUrl}/fake/orders -d '{"shop":"MX","lines":[{"sellerSku":"<sku>","units":1}]}'`,
    `  status:     curl -X POST ${fake.apiUrl}/fake/order-status -d '{"id":"<order id>","status":"CANCELLED"}'`,
    `  webhook:    curl -X POST ${fake.apiUrl}/fake/webhooks -d '{"url":"http://127.0.0.1:3000/api/v1/webhooks/tiktok","shop":"MX","type":1,"data":{"order_id":"<order id>","order_status":"AWAITING_SHIPMENT"}}'`,
  ];
  if (argv.includes('--json'))
    process.stdout.write(
      `${JSON.stringify({ apiBase: fake.apiUrl, authBase: fake.authUrl, appKey: app.appKey, appSecret: app.appSecret, authCodes: codes })}\n`,
    );
  else process.stdout.write(`${lines.join('\n')}\n`);
  const stop = () => void fake.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  await main(process.argv.slice(2));
