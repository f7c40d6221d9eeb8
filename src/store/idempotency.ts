import type { Store } from './openDatabase.ts';
import { now, type Tx } from './transaction.ts';

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

/** A webhook delivery: the storefront that sent it and the hash of the signed body. */
export interface Delivery {
  organizationId: string;
  storefrontId: string;
  deliveryId: string;
}

/**
 * Records a webhook delivery inside the transaction that applies it (the order it carries, or the
 * cancel), so that both commit or neither does; false when this storefront received it before.
 */
export async function claimDelivery(trx: Tx, d: Delivery): Promise<boolean> {
  const row = await trx
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
