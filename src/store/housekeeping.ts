import { failAbandonedChecks } from './checkJobs.ts';
import type { Store } from './openDatabase.ts';

const HOUR = 3_600_000;

/** How long each kind of bookkeeping row is worth keeping. */
export const retention = {
  /** A client retries within minutes; a day covers a retry after an outage. */
  idempotencyKeys: 24 * HOUR,
  /** A claim never completed: its request died with a server. */
  unfinishedIdempotencyKey: HOUR / 6,
  /** Far longer than the 5-minute signature window, after which a copy is refused anyway. */
  webhookDeliveries: 7 * 24 * HOUR,
  /** A check whose row has not moved for this long has no server working on it. */
  abandonedCheck: HOUR / 6,
};

/** Deletes expired sessions and old idempotency and webhook records; fails abandoned checks. */
export async function housekeeping(store: Store, at = new Date()) {
  const before = (ms: number) => new Date(at.getTime() - ms).toISOString();
  const sessions = await store.db
    .deleteFrom('sessions')
    .where('expires_at', '<', at.toISOString())
    .executeTakeFirst();
  const keys = await store.db
    .deleteFrom('idempotency_keys')
    .where((eb) =>
      eb.or([
        eb('created_at', '<', before(retention.idempotencyKeys)),
        eb.and([
          eb('status_code', 'is', null),
          eb('created_at', '<', before(retention.unfinishedIdempotencyKey)),
        ]),
      ]),
    )
    .executeTakeFirst();
  const deliveries = await store.db
    .deleteFrom('webhook_deliveries')
    .where('received_at', '<', before(retention.webhookDeliveries))
    .executeTakeFirst();
  return {
    sessions: Number(sessions.numDeletedRows),
    idempotencyKeys: Number(keys.numDeletedRows),
    webhookDeliveries: Number(deliveries.numDeletedRows),
    abandonedChecks: await failAbandonedChecks(store, retention.abandonedCheck, at),
  };
}
