import { sql } from 'kysely';
import { auditIn } from './accounts.ts';
import { txStatement } from './cachedQuery.ts';
import { claimDelivery, type Delivery } from './idempotency.ts';
import type { Engine, Store } from './openDatabase.ts';
import { inTransaction, now, type Tx } from './transaction.ts';

/**
 * A marketplace cancel that arrives before its paid order (webhooks are not delivered in order) is
 * remembered as a tombstone keyed by (storefront, external id). When the paid order arrives, by any
 * path (webhook, API, import), it is stored cancelled and reserves nothing; the tombstone is then
 * spent. Without it the cancel was answered 404 and the order, arriving next, stayed reserved.
 *
 * The race between the two: on SQLite every writer holds the write lock (BEGIN IMMEDIATE). On
 * PostgreSQL a transaction taking orders holds a shared advisory lock per storefront from its
 * first statement, and the transaction remembering a cancel takes it exclusively: whichever comes
 * second sees what the first committed (the order, or the tombstone).
 */

/** Advisory lock class for "orders of a storefront arriving" (two-key form: its own key space). */
const ARRIVALS = 7_411;

/**
 * Taken first by every transaction that inserts orders, one per storefront (PostgreSQL), all in one
 * statement, in sorted order (the ordered subquery feeds the aggregate): a batch of orders from many
 * sellers costs one round trip here, not one per storefront.
 */
export async function holdArrivals(trx: Tx, engine: Engine, storefrontIds: Iterable<string>): Promise<void> {
  if (engine !== 'postgres') return;
  const ids = [...new Set(storefrontIds)].sort();
  if (ids.length === 0) return;
  await sql`select count(pg_advisory_xact_lock_shared(${ARRIVALS}, hashtext(k)))
    from (select k from unnest(cast(${ids} as text[])) with ordinality as t(k, n) order by n) as s`.execute(
    trx,
  );
}

export interface EarlyCancel {
  organizationId: string;
  storefrontId: string;
  externalId: string;
  reason: string;
  actor: string;
  /** The webhook delivery carrying it, recorded with the tombstone. */
  delivery?: Delivery | undefined;
}

/**
 * Remembers a cancel for an order not stored yet. `{ orderId }` when the order is there after all
 * (it arrived meanwhile: cancel it the ordinary way); `remembered` or `duplicate` (this delivery,
 * or a cancel for this order, was remembered before) otherwise.
 */
export function rememberCancel(
  store: Store,
  c: EarlyCancel,
): Promise<{ orderId: string } | 'remembered' | 'duplicate'> {
  return inTransaction(store, async (trx) => {
    if (store.engine === 'postgres')
      await sql`select pg_advisory_xact_lock(${ARRIVALS}, hashtext(${c.storefrontId}))`.execute(trx);
    const order = await trx
      .selectFrom('orders')
      .select('id')
      .where('storefront_id', '=', c.storefrontId)
      .where('external_id', '=', c.externalId)
      .executeTakeFirst();
    if (order) return { orderId: order.id };
    if (c.delivery && !(await claimDelivery(trx, c.delivery))) return 'duplicate';
    const stored = await trx
      .insertInto('cancel_tombstones')
      .values({
        organization_id: c.organizationId,
        storefront_id: c.storefrontId,
        external_id: c.externalId,
        reason: c.reason,
        actor: c.actor,
        received_at: now(),
      })
      .onConflict((oc) => oc.columns(['organization_id', 'storefront_id', 'external_id']).doNothing())
      .returning('external_id')
      .executeTakeFirst();
    if (!stored) return 'duplicate';
    await auditIn(trx, {
      organizationId: c.organizationId,
      actor: c.actor,
      action: 'order.cancel_remembered',
      subject: `order:${c.externalId}`,
      data: { storefrontId: c.storefrontId, externalId: c.externalId, reason: c.reason },
    });
    return 'remembered';
  });
}

interface NewOrder {
  id: string;
  organizationId: string;
  storefrontId: string;
  externalId: string;
}

export interface SpentTombstone {
  reason: string;
  actor: string;
  received_at: string;
}

// organization_id leads the key (2026_12_026): the row-value list matches it whole.
const spend = txStatement<SpentTombstone & { storefront_id: string; external_id: string }>(
  `delete from cancel_tombstones where (organization_id, storefront_id, external_id) in (values {rows})
   returning storefront_id, external_id, reason, actor, received_at`,
  '(?, ?, ?)',
);

const tombstoneKey = (storefrontId: string, externalId: string) => `${storefrontId}\u0000${externalId}`;

/**
 * The tombstones of these incoming orders, spent (deleted), by `tombstoneKey`: the order of each
 * is to be stored cancelled. Read before the orders are written, so that each is written once.
 * One statement for the whole batch, whatever its storefronts and organizations.
 */
export async function spendTombstones(
  trx: Tx,
  orders: readonly { organizationId: string; storefrontId: string; externalId: string }[],
): Promise<{ of: (o: { storefrontId: string; externalId: string }) => SpentTombstone | undefined }> {
  const spent = new Map<string, SpentTombstone>();
  if (orders.length) {
    const rows = await spend(
      trx,
      orders.flatMap((o) => [o.organizationId, o.storefrontId, o.externalId]),
      orders.length,
    );
    for (const { storefront_id, external_id, ...t } of rows)
      spent.set(tombstoneKey(storefront_id, external_id), t);
  }
  return { of: (o) => spent.get(tombstoneKey(o.storefrontId, o.externalId)) };
}

/** The audit row of an order stored cancelled because its cancel came first. */
export function auditEarlyCancel(trx: Tx, order: NewOrder, t: SpentTombstone): Promise<void> {
  return auditIn(trx, {
    organizationId: order.organizationId,
    actor: t.actor,
    action: 'order.cancel',
    subject: `order:${order.id}`,
    data: {
      externalId: order.externalId,
      reason: t.reason,
      cancelReceivedAt: t.received_at,
      beforeArrival: true,
    },
  });
}

/**
 * The tombstones of orders just inserted in this transaction, spent: each such order is stored
 * cancelled (it reserves nothing) with an audit row naming the cancel it carries out. Returns the
 * ids of the orders cancelled so.
 */
export async function applyTombstones(
  trx: Tx,
  orders: readonly NewOrder[],
  at: string,
): Promise<Set<string>> {
  const cancelled = new Set<string>();
  const spent = await spendTombstones(trx, orders);
  for (const order of orders) {
    const t = spent.of(order);
    if (!t) continue;
    await trx
      .updateTable('orders')
      .set({ status: 'cancelled', updated_at: at })
      .where('id', '=', order.id)
      .execute();
    await auditEarlyCancel(trx, order, t);
    cancelled.add(order.id);
  }
  return cancelled;
}
