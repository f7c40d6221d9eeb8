import type { Store } from './openDatabase.ts';

/**
 * The values Puente keeps encrypted under its secret key (storefronts' webhook secrets; passwords
 * and tokens are hashes and need no key). Whether there are any decides if a damaged key may be
 * replaced, and each must open with the key a server starts with.
 */
export function sealedSecrets(store: Store): Promise<{ storefront: string; sealed: string }[]> {
  return store.db
    .selectFrom('storefronts')
    .select(['code as storefront', 'webhook_secret as sealed'])
    .where('webhook_secret', 'is not', null)
    .orderBy('code')
    .$narrowType<{ sealed: string }>()
    .execute();
}
