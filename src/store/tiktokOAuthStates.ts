import type { Selectable } from 'kysely';
import type { Store } from './openDatabase.ts';
import type { Database } from './schema.ts';
import { now } from './transaction.ts';

/**
 * The SQL of the dashboard's TikTok authorizations (tiktokOAuthSchema.ts): a state is written when
 * Settings begins one, read when TikTok redirects back, and used once. The app secret arrives
 * sealed; the state itself never reaches this module, only its hash.
 */

export type TikTokOAuthStateRow = Selectable<Database['tiktok_oauth_states']>;

export async function insertOAuthState(
  store: Store,
  s: {
    stateHash: string;
    organizationId: string;
    sessionHash: string;
    userId: string;
    storefrontId: string;
    appKey: string;
    sealedAppSecret: string;
    apiBase: string;
    authBase: string;
    expiresAt: Date;
  },
): Promise<void> {
  const at = now();
  // States nobody came back with are of no use a day after they ended: they go as new ones come.
  await store.db
    .deleteFrom('tiktok_oauth_states')
    .where('expires_at', '<', new Date(Date.now() - 86_400_000).toISOString())
    .execute();
  await store.db
    .insertInto('tiktok_oauth_states')
    .values({
      state_hash: s.stateHash,
      organization_id: s.organizationId,
      session_hash: s.sessionHash,
      user_id: s.userId,
      storefront_id: s.storefrontId,
      app_key: s.appKey,
      app_secret: s.sealedAppSecret,
      api_base: s.apiBase,
      auth_base: s.authBase,
      created_at: at,
      expires_at: s.expiresAt.toISOString(),
      used_at: null,
    })
    .execute();
}

export function oauthState(store: Store, stateHash: string): Promise<TikTokOAuthStateRow | undefined> {
  return store.db
    .selectFrom('tiktok_oauth_states')
    .selectAll()
    .where('state_hash', '=', stateHash)
    .executeTakeFirst();
}

/** Marks the state used: true for the one caller that got it first, false for any later one. */
export async function spendOAuthState(store: Store, stateHash: string): Promise<boolean> {
  const result = await store.db
    .updateTable('tiktok_oauth_states')
    .set({ used_at: now() })
    .where('state_hash', '=', stateHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
