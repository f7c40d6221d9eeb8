import { randomUUID } from 'node:crypto';
import type { Store } from './openDatabase.ts';
import { now, type Tx } from './transaction.ts';

/**
 * The SQL of the tracking outbox (tiktokOutboxSchema.ts): a row written in the transaction that
 * ships an order of a storefront connected to TikTok Shop, read and settled by tiktokTracking.ts
 * after commit, and the latest row of each order for the order's page.
 */

/** In the ship transaction: tracking to send, if the order's storefront is connected to TikTok. */
export async function queueTracking(
  trx: Tx,
  o: { organizationId: string; storefrontId: string; orderId: string; carrier: string; tracking: string },
): Promise<void> {
  const connected = await trx
    .selectFrom('tiktok_connections')
    .select('storefront_id')
    .where('storefront_id', '=', o.storefrontId)
    .executeTakeFirst();
  if (!connected) return;
  await trx
    .insertInto('tiktok_tracking')
    .values({
      id: randomUUID(),
      organization_id: o.organizationId,
      storefront_id: o.storefrontId,
      order_id: o.orderId,
      carrier: o.carrier,
      tracking: o.tracking,
      state: 'pending',
      error_code: null,
      error: null,
      created_at: now(),
      sent_at: null,
    })
    .execute();
}

export interface PendingTracking {
  id: string;
  orderId: string;
  /** TikTok's order id. */
  externalId: string;
  /** The Puente warehouse that shipped it, if known: its TikTok warehouse offers the carriers. */
  warehouseId: string | null;
  carrier: string;
  tracking: string;
}

export async function pendingTracking(store: Store, storefrontId: string): Promise<PendingTracking[]> {
  const rows = await store.db
    .selectFrom('tiktok_tracking as t')
    .innerJoin('orders as o', 'o.id', 't.order_id')
    .select(['t.id', 't.order_id', 'o.external_id', 'o.warehouse_id', 't.carrier', 't.tracking'])
    .where('t.storefront_id', '=', storefrontId)
    .where('t.state', '=', 'pending')
    .orderBy('t.created_at')
    .orderBy('t.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    orderId: r.order_id,
    externalId: r.external_id,
    warehouseId: r.warehouse_id,
    carrier: r.carrier,
    tracking: r.tracking,
  }));
}

export async function markTrackingSent(store: Store, organizationId: string, id: string): Promise<void> {
  await store.db
    .updateTable('tiktok_tracking')
    .set((eb) => ({
      state: 'sent',
      sent_at: now(),
      error_code: null,
      error: null,
      attempts: eb('attempts', '+', 1),
    }))
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .execute();
}

/** Not sent this time: still pending, with why (retried next cycle), or refused for good. */
export async function markTrackingFailed(
  store: Store,
  organizationId: string,
  id: string,
  o: { state: 'pending' | 'refused'; code: string | null; error: string },
): Promise<void> {
  await store.db
    .updateTable('tiktok_tracking')
    .set((eb) => ({ state: o.state, error_code: o.code, error: o.error, attempts: eb('attempts', '+', 1) }))
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .execute();
}

export interface TrackingState {
  state: 'pending' | 'sent' | 'refused';
  errorCode: string | null;
  error: string | null;
}

/** The latest tracking row of each of these orders (none for orders not sent to TikTok). */
export async function trackingStates(store: Store, orderIds: string[]): Promise<Map<string, TrackingState>> {
  if (orderIds.length === 0) return new Map();
  const rows = await store.db
    .selectFrom('tiktok_tracking')
    .select(['order_id', 'state', 'error_code', 'error'])
    .where('order_id', 'in', orderIds)
    .orderBy('created_at')
    .execute();
  return new Map(rows.map((r) => [r.order_id, { state: r.state, errorCode: r.error_code, error: r.error }]));
}

/** Tracking rows of a storefront still to send, and refused for good (for the connection's health). */
export async function trackingCounts(
  store: Store,
  storefrontId: string,
): Promise<{ pending: number; refused: number }> {
  const rows = await store.db
    .selectFrom('tiktok_tracking')
    .select(['state'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('storefront_id', '=', storefrontId)
    .where('state', 'in', ['pending', 'refused'])
    .groupBy('state')
    .execute();
  const of = (state: string) => Number(rows.find((r) => r.state === state)?.n ?? 0);
  return { pending: of('pending'), refused: of('refused') };
}
