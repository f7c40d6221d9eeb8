import { olderThan } from './listFilters.ts';
import type { Store } from './openDatabase.ts';
import type { Database } from './schema.ts';
import { inTransaction, now } from './transaction.ts';

/** Catalog check jobs and their stored results: the rows the web's compliance page reads. */

export type CheckJobRow = Database['check_jobs'];
export type CheckResultRow = Database['check_results'];

export async function insertCheckJob(store: Store, job: CheckJobRow): Promise<void> {
  await store.db.insertInto('check_jobs').values(job).execute();
}

export async function updateCheckJob(
  store: Store,
  id: string,
  change: Partial<Pick<CheckJobRow, 'status' | 'rows_done' | 'rows_total' | 'summary' | 'error'>>,
): Promise<void> {
  await store.db
    .updateTable('check_jobs')
    .set({ ...change, updated_at: now() })
    .where('id', '=', id)
    .execute();
}

export function checkJob(store: Store, organizationId: string, id: string): Promise<CheckJobRow | undefined> {
  return store.db
    .selectFrom('check_jobs')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export function listCheckJobs(
  store: Store,
  organizationId: string,
  o: { after: [string, string] | null; limit: number },
) {
  let q = store.db
    .selectFrom('check_jobs')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(o.limit);
  if (o.after) q = q.where(olderThan('created_at', 'id', o.after));
  return q.execute();
}

/** One batch of results in one transaction: a job's stored rows are whole batches. */
export async function insertCheckResults(store: Store, rows: CheckResultRow[]): Promise<void> {
  if (rows.length)
    await inTransaction(store, (trx) => trx.insertInto('check_results').values(rows).execute());
}

/** Results by row, filtered by verdict, category and reason code; `after` is the last row seen. */
export function checkResults(
  store: Store,
  jobId: string,
  o: {
    verdict?: string | undefined;
    category?: string | undefined;
    reason?: string | undefined;
    after: number | null;
    limit: number;
  },
) {
  let q = store.db
    .selectFrom('check_results')
    .select(['row', 'result'])
    .where('job_id', '=', jobId)
    .orderBy('row')
    .limit(o.limit);
  if (o.after !== null) q = q.where('row', '>', o.after);
  if (o.verdict) q = q.where('verdict', '=', o.verdict);
  if (o.category) q = q.where('category', '=', o.category);
  // Codes are stored space-delimited (` A B `): a code matches whole, never as part of another.
  if (o.reason) q = q.where('reason_codes', 'like', `% ${o.reason.replace(/[^A-Z_]/g, '')} %`);
  return q.execute();
}

/**
 * Jobs left queued or running by a server that stopped: a running job touches its row after every
 * batch, so one untouched for `staleAfterMs` has no process working on it any more.
 */
export async function failAbandonedChecks(
  store: Store,
  staleAfterMs: number,
  at = new Date(),
): Promise<number> {
  const result = await store.db
    .updateTable('check_jobs')
    .set({
      status: 'failed',
      error: 'the server stopped before this check finished: upload the file again',
      updated_at: at.toISOString(),
    })
    .where('status', 'in', ['queued', 'running'])
    .where('updated_at', '<', new Date(at.getTime() - staleAfterMs).toISOString())
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function checkJobOptions(store: Store, id: string): Promise<string> {
  const row = await store.db
    .selectFrom('check_jobs')
    .select('options')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return row.options;
}

/** The organization a check job belongs to (its rate of the day comes from there). */
export async function checkJobOrganization(store: Store, id: string): Promise<string> {
  const row = await store.db
    .selectFrom('check_jobs')
    .select('organization_id')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return row.organization_id;
}
