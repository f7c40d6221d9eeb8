import { sql } from 'kysely';
import type { Store } from './openDatabase.ts';
import type { Tx } from './transaction.ts';

/**
 * What the morning digest reads besides the dispatch figures (dispatchFigures.ts) and the board
 * (dispatchBoard.ts): the connector failures of the last day, and which connected storefronts a
 * warehouse serves.
 */

export interface SyncFailureRow {
  subject: string;
  state: 'open' | 'acknowledged' | 'resolved';
  severity: 'info' | 'warning' | 'critical';
  message: string;
  data: string;
  updated_at: string;
}

/**
 * `sync_failure` alerts raised or changed at or after `since`, in any state (one resolved since
 * still happened in the window), newest first, and how many there are: a range of `alerts_by_kind`
 * per state.
 */
export async function syncFailuresSince(
  store: Store,
  organizationId: string,
  since: string,
  limit: number,
): Promise<{ total: number; rows: SyncFailureRow[] }> {
  const inWindow = store.db
    .selectFrom('alerts')
    .where('organization_id', '=', organizationId)
    .where('kind', '=', 'sync_failure')
    .where('state', 'in', ['open', 'acknowledged', 'resolved'])
    .where('updated_at', '>=', since);
  const [rows, count] = await Promise.all([
    inWindow
      .select(['subject', 'state', 'severity', 'message', 'data', 'updated_at'])
      .orderBy('updated_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute(),
    inWindow.select(sql<number>`count(*)`.as('n')).executeTakeFirst(),
  ]);
  return { total: Number(count?.n ?? 0), rows };
}

/** The storefronts connected to a TikTok shop that `warehouseId` serves, by code. */
export function connectedStorefrontsOf(store: Store, organizationId: string, warehouseId: string) {
  return store.db
    .selectFrom('tiktok_connections as c')
    .innerJoin('storefronts as sf', 'sf.id', 'c.storefront_id')
    .innerJoin('storefront_warehouses as sw', 'sw.storefront_id', 'sf.id')
    .select(['sf.id as storefrontId', 'sf.code'])
    .where('c.organization_id', '=', organizationId)
    .where('sw.warehouse_id', '=', warehouseId)
    .orderBy('sf.code')
    .execute();
}

/** Warehouses that send a morning digest, with their clock. */
export function digestWarehouses(store: Store) {
  return store.db
    .selectFrom('warehouses')
    .select(['id', 'organization_id', 'code', 'time_zone', 'digest_at'])
    .where('digest_at', 'is not', null)
    .orderBy('organization_id')
    .orderBy('code')
    .execute();
}

/**
 * Takes the digest of a warehouse for a local day: true for exactly one caller, however many
 * servers ask at once (the primary key of `digest_runs` decides), false for every other.
 */
export async function claimDigestRun(
  db: Tx,
  r: { organizationId: string; warehouseId: string; day: string; holder: string; at: string },
): Promise<boolean> {
  const row = await db
    .insertInto('digest_runs')
    .values({
      organization_id: r.organizationId,
      warehouse_id: r.warehouseId,
      day: r.day,
      claimed_by: r.holder,
      claimed_at: r.at,
    })
    .onConflict((oc) => oc.columns(['organization_id', 'warehouse_id', 'day']).doNothing())
    .returning('warehouse_id')
    .executeTakeFirst();
  return row !== undefined;
}
