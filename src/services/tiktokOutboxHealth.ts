import type { Store } from '../store/openDatabase.ts';
import { connectionOf } from '../store/tiktokConnections.ts';
import { outboxCounts } from '../store/tiktokStock.ts';
import { trackingCounts } from '../store/tiktokTracking.ts';

/**
 * What is waiting to leave for TikTok Shop from one connected storefront, for the connection's
 * health on the dashboard and in `sync`'s summary: stock figures pending (and of those, failed at
 * least once), tracking pending and refused, and when stock was last reconciled.
 */
export interface TikTokOutboxHealth {
  stock: { pending: number; failed: number };
  tracking: { pending: number; refused: number };
  reconciledAt: string | null;
}

export async function tiktokOutboxHealth(store: Store, storefrontId: string): Promise<TikTokOutboxHealth> {
  const [stock, tracking, connection] = await Promise.all([
    outboxCounts(store, storefrontId),
    trackingCounts(store, storefrontId),
    connectionOf(store, storefrontId),
  ]);
  return { stock, tracking, reconciledAt: connection?.reconciled_at ?? null };
}
