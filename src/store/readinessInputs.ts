import type { Kysely } from 'kysely';
import { listChannels } from './notifyChannels.ts';
import type { Store } from './openDatabase.ts';
import type { Database } from './schema.ts';

/**
 * The inputs of the readiness plan that other parts of Puente own, each behind one function.
 */

/**
 * The ids of the organization's core SKUs [P13], as a subquery: the SKUs the program allows, less
 * those the seller pinned as test SKUs (Planning). The computed core/test split needs each SKU's
 * demand history (services/restockPlan.ts); readiness asks the cheaper question and errs on the side
 * of more stock, not less.
 */
export function coreSkuIds(db: Kysely<Database>, organizationId: string) {
  return db
    .selectFrom('skus')
    .select('skus.id')
    .where('skus.organization_id', '=', organizationId)
    .where('skus.verdict', '=', 'allowed')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('sku_plans')
            .select('sku_plans.sku_id')
            .whereRef('sku_plans.organization_id', '=', 'skus.organization_id')
            .whereRef('sku_plans.sku_id', '=', 'skus.id')
            .where('sku_plans.pinned_class', '=', 'test'),
        ),
      ),
    );
}

/** Whether alerts reach someone outside the dashboard [P15], and by which channels (kind: name). */
export async function notificationChannels(
  store: Store,
  organizationId: string,
): Promise<{ set: boolean; channels: string[] }> {
  const channels = (await listChannels(store.db, organizationId)).map((c) => `${c.kind}: ${c.name}`);
  return { set: channels.length > 0, channels };
}
