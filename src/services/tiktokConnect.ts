import { exchangeAuthCode } from '../channels/tiktok/auth.ts';
import { TikTokClient } from '../channels/tiktok/client.ts';
import { TikTokError } from '../channels/tiktok/errors.ts';
import { baseUrl, defaultBases } from '../channels/tiktok/hosts.ts';
import { authorizedShops, shopWarehouses, type TikTokShop } from '../channels/tiktok/tiktokApi.ts';
import type { Store } from '../store/openDatabase.ts';
import {
  auditTikTok,
  replaceTikTokWarehouses,
  saveConnection,
  tiktokWarehouses,
} from '../store/tiktokConnections.ts';
import { inTransaction } from '../store/transaction.ts';
import { storefront as storefrontByCode } from './lookups.ts';
import { Refused } from './refused.ts';
import type { TikTokDeps } from './tiktokSession.ts';
import {
  autoMapWarehouses,
  mappingRows,
  toTikTokWarehouseInput,
  type WarehouseMapping,
} from './tiktokWarehouses.ts';

/**
 * Connects a storefront to its TikTok shop (issue 11, "Connection per storefront"): exchanges the
 * single-use authorization code, finds the shop among those the authorization covers (by --shop,
 * else the one in the storefront's region), reads the shop's warehouses, and stores the
 * connection, the warehouses and the automatic mapping with an audit row, in one transaction after
 * every call to TikTok is done. The CLI today and the dashboard's OAuth callback later both call it.
 * The app secret and tokens are sealed before they reach the store and are never in the audit row.
 */

export interface ConnectInput {
  organizationId: string;
  storefront: string;
  appKey: string;
  appSecret: string;
  authCode: string;
  /** A shop id or code; default: the one shop in the storefront's region. */
  shop?: string | undefined;
  apiBase?: string | undefined;
  authBase?: string | undefined;
  actor: string;
  env?: NodeJS.ProcessEnv;
}

export interface Connected {
  storefront: string;
  shop: { id: string; name: string; region: string; code: string | null };
  apiBase: string;
  authBase: string;
  warehouses: WarehouseMapping[];
}

function base(value: string, option: string): string {
  try {
    return baseUrl(value, option);
  } catch {
    throw new Refused('usage', { key: 'not_a_url', params: { option, value } });
  }
}

const shopList = (shops: TikTokShop[]) =>
  shops.map((s) => `${s.name} (${s.region}, ${s.id})`).join('; ') || '-';

export function chooseShop(shops: TikTokShop[], region: string, wanted?: string): TikTokShop {
  if (wanted) {
    const shop = shops.find((s) => s.id === wanted || s.code?.toLowerCase() === wanted.toLowerCase());
    if (!shop)
      throw new Refused('not_found', { key: 'tiktok_no_shop', params: { wanted, shops: shopList(shops) } });
    return shop;
  }
  const inRegion = shops.filter((s) => s.region.toUpperCase() === region.toUpperCase());
  const [only] = inRegion;
  if (only && inRegion.length === 1) return only;
  if (inRegion.length > 1)
    throw new Refused('usage', {
      key: 'tiktok_shops_ambiguous',
      params: { region, shops: shopList(inRegion) },
    });
  throw new Refused('not_found', {
    key: 'tiktok_no_shop_in_region',
    params: { region, shops: shopList(shops) },
  });
}

export async function connectTikTok(store: Store, deps: TikTokDeps, input: ConnectInput): Promise<Connected> {
  const sf = await storefrontByCode(store, input.organizationId, input.storefront);
  const defaults = defaultBases(input.env);
  const apiBase = base(input.apiBase ?? defaults.apiBase, '--api-base');
  const authBase = base(input.authBase ?? defaults.authBase, '--auth-base');
  const grant = await exchangeAuthCode(
    { authBase, appKey: input.appKey, appSecret: input.appSecret, fetch: deps.fetch, retry: deps.retry },
    input.authCode,
  );
  // The grant is minutes old: nothing to refresh during the connect; a 105002 here is TikTok's fault.
  const tokens = {
    accessToken: async () => grant.accessToken,
    refresh: async (): Promise<string> => {
      throw new TikTokError(105002, 'a token issued just now was refused as expired', {
        httpStatus: 0,
        path: 'connect',
      });
    },
  };
  const common = {
    apiBase,
    appKey: input.appKey,
    appSecret: input.appSecret,
    tokens,
    retry: deps.retry,
    limiter: deps.limiter,
    fetch: deps.fetch,
    now: deps.now,
  };
  const shop = chooseShop(await authorizedShops(new TikTokClient(common)), sf.region, input.shop);
  const warehouses = await shopWarehouses(new TikTokClient({ ...common, shopCipher: shop.cipher }));
  const { secrets } = deps;
  await inTransaction(store, async (trx) => {
    await saveConnection(trx, {
      storefrontId: sf.id,
      organizationId: input.organizationId,
      appKey: input.appKey,
      sealedAppSecret: secrets.seal(input.appSecret),
      sealedAccessToken: secrets.seal(grant.accessToken),
      accessExpiresAt: grant.accessExpiresAt,
      sealedRefreshToken: secrets.seal(grant.refreshToken),
      refreshExpiresAt: grant.refreshExpiresAt,
      shop: {
        id: shop.id,
        cipher: shop.cipher,
        name: shop.name,
        code: shop.code ?? null,
        region: shop.region,
        sellerType: shop.seller_type ?? null,
      },
      apiBase,
      authBase,
    });
    await replaceTikTokWarehouses(
      trx,
      { storefrontId: sf.id, organizationId: input.organizationId },
      warehouses.map(toTikTokWarehouseInput),
    );
    const mapped = await autoMapWarehouses(trx, input.organizationId, sf.id);
    await auditTikTok(trx, {
      organizationId: input.organizationId,
      actor: input.actor,
      action: 'tiktok.connect',
      subject: sf.code,
      data: {
        shop: { id: shop.id, name: shop.name, region: shop.region },
        appKey: input.appKey,
        apiBase,
        authBase,
        mapped,
      },
    });
  });
  return {
    storefront: sf.code,
    shop: { id: shop.id, name: shop.name, region: shop.region, code: shop.code ?? null },
    apiBase,
    authBase,
    warehouses: mappingRows(
      await tiktokWarehouses(store, { storefrontId: sf.id, organizationId: input.organizationId }),
    ),
  };
}
