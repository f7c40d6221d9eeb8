import { orderPages, type PollWindow, pollWindow } from '../channels/tiktok/orderPolling.ts';
import type { TikTokOrder } from '../channels/tiktok/tiktokApi.ts';
import type { Store } from '../store/openDatabase.ts';
import { advanceOrdersWatermark, connectionOf } from '../store/tiktokConnections.ts';
import { Refused } from './refused.ts';
import { type TikTokDeps, tiktokClientFor } from './tiktokSession.ts';

/**
 * One poll of a connected storefront's orders: the window from its watermark (channels/tiktok/orderPolling.ts),
 * every page handed to `apply` as it arrives, then the watermark moved to the window's end. A poll
 * that dies part-way leaves the watermark where it was, so the next one reads the same window
 * again; `apply` must therefore be idempotent on (storefront, TikTok order id), which is how Puente
 * applies orders anyway. No transaction is held across the HTTP calls: `apply` opens its own.
 *
 * The order mapping itself (statuses, SKUs, parking) is not here: it is `apply`
 * (tiktokOrderApply.ts, as the sync cycle passes it).
 */
export interface PullResult {
  window: PollWindow;
  pages: number;
  orders: number;
  /** TikTok calls made, retries included, and the retries. */
  calls: number;
  retries: number;
}

export async function pullTikTokOrders(
  store: Store,
  deps: TikTokDeps,
  o: {
    storefrontId: string;
    since?: Date | undefined;
    apply: (orders: TikTokOrder[]) => Promise<void>;
    /** True when an order of the window could not be applied: the watermark then stays, so the next poll reads it again. */
    incomplete?: () => boolean;
    /** Told the calls made even when the poll fails part-way. */
    onStats?: (stats: { calls: number; retries: number }) => void;
  },
): Promise<PullResult> {
  const connection = await connectionOf(store, o.storefrontId);
  if (!connection)
    throw new Refused('not_found', { key: 'no_tiktok_connection', params: { code: o.storefrontId } });
  const now = deps.now?.() ?? new Date();
  const window = pollWindow({
    watermark: connection.orders_watermark ? new Date(connection.orders_watermark) : null,
    now,
    since: o.since,
  });
  const { client } = await tiktokClientFor(store, deps, o.storefrontId);
  let pages = 0;
  let orders = 0;
  try {
    for await (const page of orderPages(client, window)) {
      pages++;
      orders += page.length;
      await o.apply(page);
    }
  } finally {
    o.onStats?.({ calls: client.stats.calls, retries: client.stats.retries });
  }
  if (!o.incomplete?.()) await advanceOrdersWatermark(store, o.storefrontId, new Date(window.to * 1000));
  return { window, pages, orders, calls: client.stats.calls, retries: client.stats.retries };
}
