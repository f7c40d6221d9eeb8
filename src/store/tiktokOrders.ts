import { sql } from 'kysely';
import { newId } from './ids.ts';
import type { Engine, Store } from './openDatabase.ts';
import type { OrderStatus } from './schema.ts';
import type { Tx } from './transaction.ts';

/**
 * The SQL of applying TikTok orders (services/tiktokOrderApply.ts): the row kept per TikTok order,
 * the Puente orders a connector writes beside the ordinary intake (parked, recorded as history),
 * and TikTok's own deadline beside the policy's.
 */

/** Advisory lock class for "one TikTok order being applied" (two-key form: its own key space). */
const TIKTOK_ORDER = 7_412;

/**
 * Taken first by the transaction applying a TikTok order: a poll and a webhook bringing the same
 * order at once run one after the other on PostgreSQL, and the second sees what the first wrote.
 * (SQLite's BEGIN IMMEDIATE already serialises every writer.)
 */
export async function holdTikTokOrder(trx: Tx, engine: Engine, storefrontId: string, tiktokOrderId: string) {
  if (engine !== 'postgres') return;
  await sql`select pg_advisory_xact_lock(${TIKTOK_ORDER}, hashtext(${`${storefrontId}:${tiktokOrderId}`}))`.execute(
    trx,
  );
}

export interface StoredTikTokOrder {
  tiktokStatus: string;
  updateTime: number;
}

export async function storedTikTokOrder(
  trx: Tx,
  organizationId: string,
  storefrontId: string,
  tiktokOrderId: string,
): Promise<StoredTikTokOrder | null> {
  const row = await trx
    .selectFrom('tiktok_orders')
    .select(['tiktok_status', 'update_time'])
    .where('organization_id', '=', organizationId)
    .where('storefront_id', '=', storefrontId)
    .where('tiktok_order_id', '=', tiktokOrderId)
    .executeTakeFirst();
  return row ? { tiktokStatus: row.tiktok_status, updateTime: Number(row.update_time) } : null;
}

/** The Puente order of (storefront, external id), locked on PostgreSQL until the transaction ends. */
export async function lockedOrderByExternalId(
  trx: Tx,
  engine: Engine,
  storefrontId: string,
  externalId: string,
) {
  let q = trx
    .selectFrom('orders')
    .select(['id', 'status', 'paid_at'])
    .where('storefront_id', '=', storefrontId)
    .where('external_id', '=', externalId);
  if (engine === 'postgres') q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function saveTikTokOrder(
  trx: Tx,
  row: {
    storefrontId: string;
    tiktokOrderId: string;
    organizationId: string;
    orderId: string | null;
    tiktokStatus: string;
    updateTime: number;
    unknownSkus: string[] | null;
    sla: Record<string, string>;
    mapped: unknown;
    at: string;
  },
): Promise<void> {
  const values = {
    order_id: row.orderId,
    tiktok_status: row.tiktokStatus,
    update_time: row.updateTime,
    unknown_skus: row.unknownSkus?.length ? JSON.stringify(row.unknownSkus) : null,
    sla: JSON.stringify(row.sla),
    mapped: JSON.stringify(row.mapped),
    updated_at: row.at,
  };
  await trx
    .insertInto('tiktok_orders')
    .values({
      storefront_id: row.storefrontId,
      tiktok_order_id: row.tiktokOrderId,
      organization_id: row.organizationId,
      created_at: row.at,
      ...values,
    })
    .onConflict((oc) =>
      oc.columns(['organization_id', 'storefront_id', 'tiktok_order_id']).doUpdateSet(values),
    )
    .execute();
}

/** The ids of a storefront's SKUs by seller SKU code, among `codes`. */
export async function skuIdsByCode(
  trx: Tx,
  organizationId: string,
  codes: string[],
): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await trx
    .selectFrom('skus')
    .select(['id', 'sku'])
    .where('organization_id', '=', organizationId)
    .where('sku', 'in', codes)
    .execute();
  return new Map(rows.map((r) => [r.sku, r.id]));
}

/**
 * A Puente order that holds no stock: parked (its SKUs unknown, so no lines yet), or recorded as it
 * already is at the marketplace (shipped, delivered or cancelled before Puente saw it).
 */
export async function insertOrderAsIs(
  trx: Tx,
  o: {
    organizationId: string;
    storefrontId: string;
    externalId: string;
    status: OrderStatus;
    currency: string;
    paidAt: string;
    totalMinor: number;
    marketplaceShipBy: string | null;
    shippedAt: string | null;
    tracking: { number: string; carrier: string } | null;
    lines: { skuId: string; quantity: number; unitPriceMinor: number }[];
    at: string;
  },
): Promise<string> {
  const id = newId();
  await trx
    .insertInto('orders')
    .values({
      id,
      organization_id: o.organizationId,
      storefront_id: o.storefrontId,
      external_id: o.externalId,
      status: o.status,
      currency: o.currency,
      total_minor: o.totalMinor,
      paid_at: o.paidAt,
      ship_by: o.marketplaceShipBy,
      marketplace_ship_by: o.marketplaceShipBy,
      operational_by: null,
      warehouse_id: null,
      waiting_reason: null,
      shipped_at: o.shippedAt,
      carrier: o.tracking?.carrier || null,
      tracking: o.tracking?.number || null,
      created_at: o.at,
      updated_at: o.at,
    })
    .execute();
  await addOrderLines(trx, id, o.lines);
  return id;
}

export async function addOrderLines(
  trx: Tx,
  orderId: string,
  lines: { skuId: string; quantity: number; unitPriceMinor: number }[],
): Promise<void> {
  if (lines.length === 0) return;
  await trx
    .insertInto('order_lines')
    .values(
      lines.map((l, i) => ({
        id: newId(),
        order_id: orderId,
        line_no: i + 1,
        sku_id: l.skuId,
        quantity: l.quantity,
        unit_price_minor: l.unitPriceMinor,
      })),
    )
    .execute();
}

/** Moves an order from one status to another; nothing when it is not in `from` (any more). */
export async function moveOrderStatus(
  trx: Tx,
  orderId: string,
  from: OrderStatus[],
  to: OrderStatus,
  at: string,
  also: { shippedAt?: string; tracking?: { number: string; carrier: string } | null } = {},
): Promise<boolean> {
  const result = await trx
    .updateTable('orders')
    .set({
      status: to,
      updated_at: at,
      ...(also.shippedAt ? { shipped_at: also.shippedAt } : {}),
      ...(also.tracking?.number ? { tracking: also.tracking.number, carrier: also.tracking.carrier } : {}),
    })
    .where('id', '=', orderId)
    .where('status', 'in', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The TikTok orders of a storefront parked for an unknown SKU, as mapped when they came. */
/**
 * The TikTok orders of a storefront that TikTok holds (ON_HOLD) but Puente has as reserved: they
 * waited for stock, and the stock that arrived reserved them as any order. As mapped when they came.
 */
export async function heldButReserved(
  store: Store,
  organizationId: string,
  storefrontId: string,
): Promise<unknown[]> {
  const rows = await store.db
    .selectFrom('tiktok_orders as t')
    .innerJoin('orders as o', 'o.id', 't.order_id')
    .select('t.mapped')
    .where('t.organization_id', '=', organizationId)
    .where('t.storefront_id', '=', storefrontId)
    .where('t.tiktok_status', '=', 'ON_HOLD')
    .where('o.status', '=', 'reserved')
    .execute();
  return rows.map((r) => JSON.parse(r.mapped) as unknown);
}

export async function parkedTikTokOrders(
  store: Store,
  organizationId: string,
  storefrontId: string,
): Promise<unknown[]> {
  const rows = await store.db
    .selectFrom('tiktok_orders')
    .select('mapped')
    .where('organization_id', '=', organizationId)
    .where('storefront_id', '=', storefrontId)
    .where('unknown_skus', 'is not', null)
    .execute();
  return rows.map((r) => JSON.parse(r.mapped) as unknown);
}

/** What applying a storefront's orders needs to know of it. */
export async function storefrontOfConnection(store: Store, storefrontId: string) {
  return store.db
    .selectFrom('storefronts')
    .select(['id', 'organization_id', 'code', 'currency'])
    .where('id', '=', storefrontId)
    .executeTakeFirst();
}

/** Which of these seller SKU codes the organization has. */
export async function knownSkuCodes(
  store: Store,
  organizationId: string,
  codes: string[],
): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await store.db
    .selectFrom('skus')
    .select('sku')
    .where('organization_id', '=', organizationId)
    .where('sku', 'in', codes)
    .execute();
  return new Set(rows.map((r) => r.sku));
}
