import type { ExpressionBuilder } from 'kysely';
import type { Store } from './openDatabase.ts';
import type { Database } from './schema.ts';
import { changed, now, type Tx } from './transaction.ts';

/**
 * Stored answers to requests sent with an Idempotency-Key. A key belongs to one caller (a user or a
 * token) in one organization: two people choosing the same key never see each other's answers.
 */

export type Claim =
  | { status: 'claimed' }
  | { status: 'replay'; statusCode: number; response: string }
  | { status: 'in_progress'; retryAfterMs: number }
  | { status: 'mismatch' };

/**
 * A claim is a lease: the request holding the key renews it while it runs (every third of it). A
 * server that dies mid-request stops renewing, and its claim is free for the client's retry
 * seconds later — not when housekeeping next runs.
 */
export const CLAIM_LEASE_MS = 5_000;

const leaseFrom = (at: number) => new Date(at + CLAIM_LEASE_MS).toISOString();

export async function claimKey(
  store: Store,
  k: { organizationId: string; key: string; requestHash: string },
  at = Date.now(),
): Promise<Claim> {
  const claimed = await store.db
    .insertInto('idempotency_keys')
    .values({
      organization_id: k.organizationId,
      key: k.key,
      request_hash: k.requestHash,
      status_code: null,
      response: null,
      created_at: new Date(at).toISOString(),
      lease_until: leaseFrom(at),
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
  if (!seen) return { status: 'in_progress', retryAfterMs: 0 };
  if (seen.request_hash !== k.requestHash) return { status: 'mismatch' };
  if (seen.status_code !== null && seen.response !== null)
    return { status: 'replay', statusCode: seen.status_code, response: seen.response };
  const expired = (eb: ExpressionBuilder<Database, 'idempotency_keys'>) =>
    eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', new Date(at).toISOString())]);
  const held = seen.lease_until ? Date.parse(seen.lease_until) - at : 0;
  if (held > 0) return { status: 'in_progress', retryAfterMs: held };
  // The request that claimed it is gone: take the claim over, unless another retry just did.
  const taken = await store.db
    .updateTable('idempotency_keys')
    .set({ lease_until: leaseFrom(at), created_at: new Date(at).toISOString() })
    .where('organization_id', '=', k.organizationId)
    .where('key', '=', k.key)
    .where('status_code', 'is', null)
    .where(expired)
    .executeTakeFirst();
  return changed(taken) === 1
    ? { status: 'claimed' }
    : { status: 'in_progress', retryAfterMs: CLAIM_LEASE_MS };
}

/** The request holding the key is still running: its claim lasts another lease. */
export async function renewKey(
  store: Store,
  organizationId: string,
  key: string,
  at = Date.now(),
): Promise<void> {
  await store.db
    .updateTable('idempotency_keys')
    .set({ lease_until: leaseFrom(at) })
    .where('organization_id', '=', organizationId)
    .where('key', '=', key)
    .where('status_code', 'is', null)
    .execute();
}

export async function completeKey(
  store: Store,
  organizationId: string,
  key: string,
  answer: { statusCode: number; response: string },
): Promise<void> {
  await store.db
    .updateTable('idempotency_keys')
    .set({ status_code: answer.statusCode, response: answer.response, lease_until: null })
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
