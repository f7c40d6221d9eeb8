import { sql } from 'kysely';
import { newId } from './ids.ts';
import { queueAlertDeliveries, queueResolvedDeliveries } from './notifyOutbox.ts';
import { now, type Tx } from './transaction.ts';

/**
 * Alerts: one open alert per condition (kind + subject), enforced by a partial unique index. Raising
 * an alert that is already open updates it; resolving closes it, and the next occurrence opens a new
 * one.
 */

export type AlertKind =
  | 'oversell'
  | 'low_stock'
  | 'ship_by_at_risk'
  | 'ship_by_late'
  | 'listing_not_compliant'
  | 'sync_failure'
  /** A hit [P14]: sales far above the SKU's baseline; restock now (services/hitCheck.ts). */
  | 'restock_hit';

export interface AlertInput {
  organizationId: string;
  kind: AlertKind;
  /** What the condition is about, e.g. `order:<id>` or `sku:<id>:<warehouse id>`. */
  subject: string;
  severity: 'info' | 'warning' | 'critical';
  message: string;
  data: Record<string, unknown>;
}

/**
 * Opens or updates the alert, and in the same transaction writes the notification deliveries it
 * calls for (a new alert, or one that got worse): they are sent after commit (notifyWorker.ts).
 */
export async function raiseAlert(trx: Tx, a: AlertInput): Promise<void> {
  const at = now();
  const row = await trx
    .insertInto('alerts')
    .values({
      id: newId(),
      organization_id: a.organizationId,
      kind: a.kind,
      subject: a.subject,
      state: 'open',
      severity: a.severity,
      message: a.message,
      data: JSON.stringify(a.data),
      created_at: at,
      updated_at: at,
      resolved_at: null,
    })
    .onConflict((oc) =>
      oc
        .columns(['organization_id', 'kind', 'subject'])
        // A literal, not a parameter: SQLite matches the target to the partial index by its text.
        .where(sql<boolean>`state != 'resolved'`)
        .doUpdateSet((eb) => ({
          message: eb.ref('excluded.message'),
          data: eb.ref('excluded.data'),
          severity: eb.ref('excluded.severity'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  await queueAlertDeliveries(trx, a.organizationId, [row.id]);
}

/** Closes the open alert for a condition that has cleared; nothing happens if none is open. */
export async function resolveAlert(
  trx: Tx,
  organizationId: string,
  kind: AlertKind,
  subject: string,
): Promise<void> {
  const at = now();
  const resolved = await trx
    .updateTable('alerts')
    .set({ state: 'resolved', resolved_at: at, updated_at: at })
    .where('organization_id', '=', organizationId)
    .where('kind', '=', kind)
    .where('subject', '=', subject)
    .where('state', '!=', 'resolved')
    .returning('id')
    .execute();
  for (const r of resolved) await queueResolvedDeliveries(trx, organizationId, r.id);
}
