import type { Store } from './openDatabase.ts';
import { now } from './transaction.ts';

/**
 * Stored answers to requests sent with an Idempotency-Key. A key belongs to one caller (a user or a
 * token) in one organization: two people choosing the same key never see each other's answers.
 */

export type Claim =
  | { status: 'claimed' }
  | { status: 'replay'; statusCode: number; response: string }
  | { status: 'in_progress' }
  | { status: 'mismatch' };

export async function claimKey(
  store: Store,
  k: { organizationId: string; key: string; requestHash: string },
): Promise<Claim> {
  const claimed = await store.db
    .insertInto('idempotency_keys')
    .values({
      organization_id: k.organizationId,
      key: k.key,
      request_hash: k.requestHash,
      status_code: null,
      response: null,
      created_at: now(),
    })
    .onConflict((oc) => oc.doNothing())
    .returning('key')
    .executeTakeFirst();
  if (claimed) return { status: 'claimed' };
  const seen = await store.db
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('organization_id', '=', k.organizationId)
    .where('key', '=', k.key)
    .executeTakeFirst();
  // Freed between our insert and this read: the caller may simply retry.
  if (!seen) return { status: 'in_progress' };
  if (seen.request_hash !== k.requestHash) return { status: 'mismatch' };
  if (seen.status_code === null || seen.response === null) return { status: 'in_progress' };
  return { status: 'replay', statusCode: seen.status_code, response: seen.response };
}

export async function completeKey(
  store: Store,
  organizationId: string,
  key: string,
  answer: { statusCode: number; response: string },
): Promise<void> {
  await store.db
    .updateTable('idempotency_keys')
    .set({ status_code: answer.statusCode, response: answer.response })
    .where('organization_id', '=', organizationId)
    .where('key', '=', key)
    .execute();
}

export async function releaseKey(store: Store, organizationId: string, key: string): Promise<void> {
  await store.db
    .deleteFrom('idempotency_keys')
    .where('organization_id', '=', organizationId)
    .where('key', '=', key)
    .execute();
}

/** Records a webhook delivery; false when this storefront already received the same one. */
export async function recordDelivery(
  store: Store,
  d: { organizationId: string; storefrontId: string; deliveryId: string },
): Promise<boolean> {
  const row = await store.db
    .insertInto('webhook_deliveries')
    .values({
      organization_id: d.organizationId,
      storefront_id: d.storefrontId,
      delivery_id: d.deliveryId,
      received_at: now(),
    })
    .onConflict((oc) => oc.doNothing())
    .returning('delivery_id')
    .executeTakeFirst();
  return Boolean(row);
}

/** Forgets a delivery that could not be applied, so that the sender's retry is applied. */
export async function forgetDelivery(store: Store, storefrontId: string, deliveryId: string): Promise<void> {
  await store.db
    .deleteFrom('webhook_deliveries')
    .where('storefront_id', '=', storefrontId)
    .where('delivery_id', '=', deliveryId)
    .execute();
}
