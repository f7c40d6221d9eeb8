import { dueDigestDay } from '../domain/notify/digestDue.ts';
import { claimDigestRun, digestWarehouses } from '../store/digestQueries.ts';
import { queueDigestDeliveries } from '../store/notifyOutbox.ts';
import type { Store } from '../store/openDatabase.ts';
import { inTransaction } from '../store/transaction.ts';
import type { PeriodicJob } from './periodicJobs.ts';

/**
 * Which morning digests go out now (issue 12, part 4): each warehouse with a digest time, once its
 * clock has read it, once per local day. A digest is taken by exactly one server: the one whose
 * claim of (warehouse, day) lands first, and in the same transaction it writes one delivery per
 * channel routed for the warehouse into the notification outbox: the worker (notifyWorker.ts)
 * composes it (morningDigest) and sends it like an alert, with its retries and give-up, so a crash
 * after the claim neither loses the digest nor sends it twice.
 */
export interface TakenDigest {
  organizationId: string;
  warehouse: string;
  /** The warehouse's local day the digest is for. */
  day: string;
}

export async function takeDueDigests(store: Store, now: Date, holder: string): Promise<TakenDigest[]> {
  const taken: TakenDigest[] = [];
  for (const w of await digestWarehouses(store)) {
    const day = dueDigestDay(now, w.digest_at, w.time_zone);
    if (!day) continue;
    const mine = await inTransaction(store, async (trx) => {
      const claimed = await claimDigestRun(trx, {
        organizationId: w.organization_id,
        warehouseId: w.id,
        day,
        holder,
        at: now.toISOString(),
      });
      if (claimed)
        await queueDigestDeliveries(trx, w.organization_id, {
          warehouse: w.code,
          day,
          at: now.toISOString(),
        });
      return claimed;
    });
    if (mine) taken.push({ organizationId: w.organization_id, warehouse: w.code, day });
  }
  return taken;
}

/**
 * The server's digest clock: every minute (in whichever server holds the job's lease), takes the
 * digests that are due and, when it took any, has the notification worker send them at once.
 */
export const digestJob = (holder: string, sendNow: () => void): PeriodicJob => ({
  name: 'morning-digest',
  everyMs: 60_000,
  async run(store) {
    if ((await takeDueDigests(store, new Date(), holder)).length) sendNow();
  },
});
