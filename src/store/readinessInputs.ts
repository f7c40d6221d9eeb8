import type { Kysely } from 'kysely';
import type { Store } from './openDatabase.ts';
import type { Database } from './schema.ts';

/**
 * The two inputs of the readiness plan that other work owns, each behind one function so that it
 * is wired in one place when that work lands.
 */

/**
 * The ids of the organization's core SKUs [P13], as a subquery.
 * // once plan-core lands: the SKUs whose class is `core` (the restock planner's core/test split).
 * Until then every SKU the program allows is counted as core: the check's verdict is the one
 * classification every catalog already has, and it errs on the side of more stock, not less.
 */
export function coreSkuIds(db: Kysely<Database>, organizationId: string) {
  return db
    .selectFrom('skus')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('verdict', '=', 'allowed');
}

/**
 * Whether alerts reach someone outside the dashboard [P15], and by which channels.
 * // once notify lands: the organization's enabled notification channels (e-mail, Slack …).
 * Until then Puente has no channel to set: alerts are dashboard-only, so the item is missing.
 */
export async function notificationChannels(
  _store: Store,
  _organizationId: string,
): Promise<{ set: boolean; channels: string[] }> {
  return { set: false, channels: [] };
}
