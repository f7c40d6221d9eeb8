import type { Kysely } from 'kysely';
import { listChannels } from './notifyChannels.ts';
import type { Store } from './openDatabase.ts';
import type { Database } from './schema.ts';

/**
 * The inputs of the readiness plan that other parts of Puente own, each behind one function.
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

/** Whether alerts reach someone outside the dashboard [P15], and by which channels (kind: name). */
export async function notificationChannels(
  store: Store,
  organizationId: string,
): Promise<{ set: boolean; channels: string[] }> {
  const channels = (await listChannels(store.db, organizationId)).map((c) => `${c.kind}: ${c.name}`);
  return { set: channels.length > 0, channels };
}
