import { auditIn } from '../store/accounts.ts';
import { type AlertRow, alertById, alertIdsStartingWith, handleAlert } from '../store/alertQueries.ts';
import type { Store } from '../store/openDatabase.ts';
import { inTransaction } from '../store/transaction.ts';
import { NotFound } from './lookups.ts';
import { Refused } from './refused.ts';

export type AlertAction = 'acknowledge' | 'resolve';

export type AlertActionResult =
  | { status: 'done'; alert: AlertRow }
  | { status: 'already_resolved' }
  | { status: 'missing' };

/**
 * Acknowledge ("someone is on it") or resolve ("done") an alert, for the API and the command line
 * alike: the change and its audit row commit together. A resolved alert stays resolved; it opens
 * again only when the scan finds its condition again.
 */
export function actOnAlert(
  store: Store,
  a: { organizationId: string; id: string; action: AlertAction; actor: string },
): Promise<AlertActionResult> {
  return inTransaction(store, async (trx) => {
    const alert = await handleAlert(trx, a.organizationId, a.id, a.action);
    if (!alert)
      return (await alertById(trx, a.organizationId, a.id))
        ? { status: 'already_resolved' }
        : { status: 'missing' };
    await auditIn(trx, {
      organizationId: a.organizationId,
      actor: a.actor,
      action: `alert.${a.action}`,
      subject: alert.subject,
      data: { id: alert.id },
    });
    return { status: 'done', alert };
  });
}

/** The alert whose id starts with what a person typed (the list shows the first 8 characters). */
export async function alertIdFromPrefix(
  store: Store,
  organizationId: string,
  prefix: string,
): Promise<string> {
  const ids = await alertIdsStartingWith(store, organizationId, prefix.toLowerCase(), 2);
  if (ids.length === 0) throw new NotFound({ key: 'no_open_alert', params: { id: prefix } });
  if (ids.length > 1) throw new Refused('usage', { key: 'alert_id_ambiguous', params: { id: prefix } });
  return ids[0] as string;
}
