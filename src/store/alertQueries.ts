import type { Kysely } from 'kysely';
import { olderThan } from './listFilters.ts';
import { queueResolvedDeliveries } from './notifyOutbox.ts';
import type { Store } from './openDatabase.ts';
import type { Database } from './schema.ts';
import { now, type Tx } from './transaction.ts';

/** Alerts as people see and handle them: listed newest change first, acknowledged, resolved. */

export type AlertRow = Database['alerts'];

export interface AlertListFilter {
  state?: AlertRow['state'] | undefined;
  kind?: string | undefined;
  after: [string, string] | null;
  limit: number;
}

/**
 * Newest change first: a backward walk of `alerts_recent`, `alerts_by_state` (state) or
 * `alerts_by_kind` (kind and state). Exported so that the plan test checks this query.
 */
export function alertListQuery(db: Kysely<Database>, organizationId: string, o: AlertListFilter) {
  let q = db
    .selectFrom('alerts')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .limit(o.limit);
  if (o.state) q = q.where('state', '=', o.state);
  if (o.kind) q = q.where('kind', '=', o.kind);
  if (o.after) q = q.where(olderThan('updated_at', 'id', o.after));
  return q;
}

export function listAlerts(store: Store, organizationId: string, o: AlertListFilter): Promise<AlertRow[]> {
  return alertListQuery(store.db, organizationId, o).execute();
}

export function alertById(db: Tx, organizationId: string, id: string): Promise<AlertRow | undefined> {
  return db
    .selectFrom('alerts')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Up to `limit` alerts whose id starts with `prefix` (people type the first 8 characters). */
export async function alertIdsStartingWith(
  store: Store,
  organizationId: string,
  prefix: string,
  limit: number,
): Promise<string[]> {
  // LIKE treats % and _ as wildcards: a prefix holding them matches no id (ids are UUIDs).
  if (/[%_\\]/.test(prefix)) return [];
  const rows = await store.db
    .selectFrom('alerts')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('id', 'like', `${prefix}%`)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** Acknowledges or resolves an alert that is not resolved yet: the row as changed, or undefined. */
export async function handleAlert(
  db: Tx,
  organizationId: string,
  id: string,
  action: 'acknowledge' | 'resolve',
): Promise<AlertRow | undefined> {
  const at = now();
  const row = await db
    .updateTable('alerts')
    .set(
      action === 'resolve'
        ? { state: 'resolved', resolved_at: at, updated_at: at }
        : { state: 'acknowledged', updated_at: at },
    )
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .where('state', '!=', 'resolved')
    .returningAll()
    .executeTakeFirst();
  // Channels that asked for it hear that the alert is resolved; acknowledging stops escalation.
  if (row && action === 'resolve') await queueResolvedDeliveries(db, organizationId, row.id);
  return row;
}
