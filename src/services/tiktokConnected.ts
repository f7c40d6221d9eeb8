import { storefrontCodeOf } from '../store/lookups.ts';
import type { Store } from '../store/openDatabase.ts';
import { connectionOf, type TikTokConnectionRow } from '../store/tiktokConnections.ts';
import { Refused } from './refused.ts';

/** The storefront's TikTok connection, or a refusal naming the storefront by its code. */
export async function connectedStorefront(store: Store, storefrontId: string): Promise<TikTokConnectionRow> {
  const connection = await connectionOf(store, storefrontId);
  if (connection) return connection;
  const code = (await storefrontCodeOf(store, storefrontId)) ?? storefrontId;
  throw new Refused('not_found', { key: 'no_tiktok_connection', params: { code } });
}
