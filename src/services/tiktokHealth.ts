import type { Store } from '../store/openDatabase.ts';
import { listStorefronts } from '../store/settings.ts';
import { connectionOf } from '../store/tiktokConnections.ts';
import { type TikTokOutboxHealth, tiktokOutboxHealth } from './tiktokOutboxHealth.ts';
import { parseSyncError, type SyncError } from './tiktokSyncHealth.ts';

/**
 * Each storefront's TikTok Shop connection as Settings shows it (issue 11, "Operate it"): the shop
 * it is bound to, when orders were last pulled and stock last pushed, how far the order watermark
 * is behind now (the lag), what waits to leave (tiktokOutboxHealth.ts), and the last error. A
 * storefront not connected yet is listed too, with `connection: null`, so it can be connected.
 */
export interface ConnectionHealth {
  storefront: string;
  region: string;
  connection: {
    shop: { id: string; name: string; region: string; code: string | null };
    connectedAt: string;
    lastPullAt: string | null;
    lastPushAt: string | null;
    /** Seconds between the order watermark (TikTok updates taken up to there) and now; null before the first pull. */
    lagSeconds: number | null;
    outbox: TikTokOutboxHealth;
    lastError: (SyncError & { at: string }) | null;
  } | null;
}

export async function tiktokConnectionsHealth(
  store: Store,
  organizationId: string,
  now: Date = new Date(),
): Promise<ConnectionHealth[]> {
  const storefronts = await listStorefronts(store, organizationId);
  return Promise.all(
    storefronts.map(async (sf): Promise<ConnectionHealth> => {
      const c = await connectionOf(store, sf.id);
      if (!c) return { storefront: sf.code, region: sf.region, connection: null };
      const error = parseSyncError(c.last_error);
      return {
        storefront: sf.code,
        region: sf.region,
        connection: {
          shop: { id: c.shop_id, name: c.shop_name, region: c.shop_region, code: c.shop_code },
          connectedAt: c.created_at,
          lastPullAt: c.last_pull_at,
          lastPushAt: c.last_push_at,
          lagSeconds: c.orders_watermark
            ? Math.max(0, Math.round((now.getTime() - Date.parse(c.orders_watermark)) / 1000))
            : null,
          outbox: await tiktokOutboxHealth(store, sf.id),
          lastError: error && c.last_error_at ? { ...error, at: c.last_error_at } : null,
        },
      };
    }),
  );
}
