import type { Kysely } from 'kysely';
import { olderThan } from './listFilters.ts';
import type { Store } from './openDatabase.ts';
import type { Database } from './schema.ts';
import { now } from './transaction.ts';

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

export function alertById(store: Store, organizationId: string, id: string): Promise<AlertRow | undefined> {
  return store.db
    .selectFrom('alerts')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Acknowledges or resolves an alert that is not resolved yet; false if it was (or is not there). */
export async function handleAlert(
  store: Store,
  organizationId: string,
  id: string,
  action: 'acknowledge' | 'resolve',
): Promise<boolean> {
  const at = now();
  const result = await store.db
    .updateTable('alerts')
    .set(
      action === 'resolve'
        ? { state: 'resolved', resolved_at: at, updated_at: at }
        : { state: 'acknowledged', updated_at: at },
    )
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .where('state', '!=', 'resolved')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
