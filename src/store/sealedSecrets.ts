import { sealedChannelSecrets } from './notifyChannels.ts';
import { sealedSmtpPasswords } from './notifyPrefs.ts';
import type { Store } from './openDatabase.ts';

/**
 * The values Puente keeps encrypted under its secret key: storefronts' webhook secrets, and the app
 * secret and tokens of their TikTok Shop connections, and notification channels' webhook URLs and
 * secrets (named `notify:<channel>`), and the SMTP password set in Settings (named `smtp`)
 * (passwords and API tokens are hashes and need no key). Whether there are any decides if a damaged key may be replaced, and each must open with
 * the key a server starts with.
 */
export async function sealedSecrets(store: Store): Promise<{ storefront: string; sealed: string }[]> {
  const webhooks = await store.db
    .selectFrom('storefronts')
    .select(['code as storefront', 'webhook_secret as sealed'])
    .where('webhook_secret', 'is not', null)
    .$narrowType<{ sealed: string }>()
    .execute();
  const tiktok = await store.db
    .selectFrom('tiktok_connections as t')
    .innerJoin('storefronts as s', 's.id', 't.storefront_id')
    .select(['s.code as storefront', 't.app_secret', 't.access_token', 't.refresh_token'])
    .execute();
  return [
    ...webhooks,
    ...(await sealedChannelSecrets(store)),
    ...(await sealedSmtpPasswords(store.db)).map((r) => ({ storefront: 'smtp', sealed: r.sealed_password })),
    ...tiktok.flatMap((t) =>
      [t.app_secret, t.access_token, t.refresh_token].map((sealed) => ({ storefront: t.storefront, sealed })),
    ),
  ].sort((a, b) => (a.storefront < b.storefront ? -1 : a.storefront > b.storefront ? 1 : 0));
}
