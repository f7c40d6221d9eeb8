import { failAbandonedChecks } from './checkJobs.ts';
import type { Store } from './openDatabase.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How long each kind of bookkeeping row is worth keeping. */
export const retention = {
  /** A client retries within minutes; a day covers a retry after an outage. */
  idempotencyKeys: DAY,
  /**
   * A claim never completed whose lease ran out this long ago: its request died with a server.
   * (A retry takes such a claim over as soon as the lease runs out; this only clears the rows no
   * retry came for. A claim from before leases has none: its claim time counts.)
   */
  expiredClaim: MINUTE,
  /** Far longer than the 5-minute signature window, after which a copy is refused anyway. */
  webhookDeliveries: 7 * DAY,
  /** A cancel whose order never came: marketplaces deliver within days, not a month. */
  cancelTombstones: 30 * DAY,
  /**
   * A figure in the `published_quantities` outbox once a newer one exists for the same storefront
   * and SKU. A figure is a level, not a change: a connector sends only the latest, so a superseded
   * figure is never sent, whether or not `sent_at` is set (no connector sets it yet). The latest
   * figure of every (storefront, SKU) is always kept; a day of history is kept for diagnosis.
   */
  supersededFigures: DAY,
  /** A check whose row has not moved for this long has no server working on it. */
  abandonedCheck: 10 * MINUTE,
};

/** Outbox rows deleted per statement, and statements per run: a run never holds the lock long. */
export const OUTBOX_PRUNE = { batch: 1_000, maxBatches: 200 };

/**
 * Deletes expired sessions, old idempotency and webhook records, spent-out cancel tombstones and
 * superseded outbox figures; fails abandoned checks.
 */
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
          eb(eb.fn.coalesce('lease_until', 'created_at'), '<', before(retention.expiredClaim)),
        ]),
      ]),
    )
    .executeTakeFirst();
  const deliveries = await store.db
    .deleteFrom('webhook_deliveries')
    .where('received_at', '<', before(retention.webhookDeliveries))
    .executeTakeFirst();
  const tombstones = await store.db
    .deleteFrom('cancel_tombstones')
    .where('received_at', '<', before(retention.cancelTombstones))
    .executeTakeFirst();
  return {
    sessions: Number(sessions.numDeletedRows),
    idempotencyKeys: Number(keys.numDeletedRows),
    webhookDeliveries: Number(deliveries.numDeletedRows),
    cancelTombstones: Number(tombstones.numDeletedRows),
    supersededFigures: await pruneOutbox(store, before(retention.supersededFigures)),
    abandonedChecks: await failAbandonedChecks(store, retention.abandonedCheck, at),
  };
}

/**
 * Deletes the outbox figures created before `before` that a newer figure for the same storefront
 * and SKU supersedes, in batches of `batch` ids walked in id order (each its own statement, so
 * writers wait at most one batch), at most `maxBatches` per run; the next run goes on.
 */
export async function pruneOutbox(store: Store, before: string, o = OUTBOX_PRUNE): Promise<number> {
  let deleted = 0;
  let after = 0;
  for (let i = 0; i < o.maxBatches; i++) {
    const ids = await store.db
      .selectFrom('published_quantities as p')
      .select('p.id')
      .where('p.id', '>', after)
      .where('p.created_at', '<', before)
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('published_quantities as n')
            .select('n.id')
            .whereRef('n.storefront_id', '=', 'p.storefront_id')
            .whereRef('n.sku_id', '=', 'p.sku_id')
            .whereRef('n.id', '>', 'p.id'),
        ),
      )
      .orderBy('p.id')
      .limit(o.batch)
      .execute();
    if (ids.length === 0) break;
    const gone = await store.db
      .deleteFrom('published_quantities')
      .where(
        'id',
        'in',
        ids.map((r) => r.id),
      )
      .executeTakeFirst();
    deleted += Number(gone.numDeletedRows);
    after = Number(ids[ids.length - 1]?.id);
    if (ids.length < o.batch) break;
  }
  return deleted;
}
