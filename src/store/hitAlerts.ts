import type { Tx } from './transaction.ts';

/** The subjects of an organization's unresolved hit alerts: the hit check resolves those that cleared. */
export async function openHitSubjects(trx: Tx, organizationId: string): Promise<string[]> {
  const rows = await trx
    .selectFrom('alerts')
    .select('subject')
    .where('organization_id', '=', organizationId)
    .where('kind', '=', 'restock_hit')
    .where('state', '!=', 'resolved')
    .execute();
  return rows.map((r) => r.subject);
}
