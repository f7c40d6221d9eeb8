import type { Store } from './openDatabase.ts';
import { now } from './transaction.ts';

/**
 * The SQL of pushing stock to TikTok Shop: the pending figures of the published-quantity outbox
 * (latest per SKU wins), the stock behind them per warehouse, marking rows sent or failed, and the
 * seller SKU → TikTok ids cache. Each statement commits on its own: no transaction is held while
 * TikTok is called (DESIGN.md, outboxes).
 */

export interface PendingFigure {
  skuId: string;
  sellerSku: string;
  /** The latest figure published for the SKU: it wins over every earlier pending one. */
  quantity: number;
  /** The id of that latest row: rows up to it are settled by pushing it. */
  upToId: number;
  /** An earlier push of it failed (its alert, if any, is resolved when it goes through). */
  failedBefore: boolean;
}

/** The latest unsent figure of each SKU of the storefront, oldest SKU first. */
export async function pendingFigures(store: Store, storefrontId: string): Promise<PendingFigure[]> {
  const rows = await store.db
    .selectFrom('published_quantities as pq')
    .innerJoin(
      (eb) =>
        eb
          .selectFrom('published_quantities')
          .select(['sku_id'])
          .select((e) => e.fn.max('id').as('up_to'))
          .where('storefront_id', '=', storefrontId)
          .where('sent_at', 'is', null)
          .groupBy('sku_id')
          .as('latest'),
      (join) => join.onRef('latest.up_to', '=', 'pq.id'),
    )
    .innerJoin('skus as s', 's.id', 'pq.sku_id')
    .select(['pq.sku_id', 's.sku', 'pq.quantity', 'pq.id', 'pq.push_error'])
    .orderBy('pq.id')
    .execute();
  return rows.map((r) => ({
    skuId: r.sku_id,
    sellerSku: r.sku,
    quantity: r.quantity,
    upToId: Number(r.id),
    failedBefore: r.push_error !== null,
  }));
}

/** The latest figure of every SKU ever published to the storefront (reconciliation compares them). */
export async function latestFigures(
  store: Store,
  storefrontId: string,
): Promise<{ skuId: string; sellerSku: string; quantity: number }[]> {
  const rows = await store.db
    .selectFrom('published_quantities as pq')
    .innerJoin(
      (eb) =>
        eb
          .selectFrom('published_quantities')
          .select(['sku_id'])
          .select((e) => e.fn.max('id').as('up_to'))
          .where('storefront_id', '=', storefrontId)
          .groupBy('sku_id')
          .as('latest'),
      (join) => join.onRef('latest.up_to', '=', 'pq.id'),
    )
    .innerJoin('skus as s', 's.id', 'pq.sku_id')
    .select(['pq.sku_id', 's.sku', 'pq.quantity'])
    .orderBy('s.sku')
    .execute();
  return rows.map((r) => ({ skuId: r.sku_id, sellerSku: r.sku, quantity: r.quantity }));
}

/**
 * Available units (on hand − reserved) per SKU in each warehouse serving the storefront, in the
 * storefront's priority order; a warehouse with no level row for the SKU has none.
 */
export async function availableByWarehouse(
  store: Store,
  o: { storefrontId: string; organizationId: string },
  skuIds: string[],
): Promise<Map<string, { warehouseId: string; available: number }[]>> {
  const serving = await store.db
    .selectFrom('storefront_warehouses')
    .select('warehouse_id')
    .where('storefront_id', '=', o.storefrontId)
    .orderBy('priority')
    .execute();
  const result = new Map<string, { warehouseId: string; available: number }[]>();
  const levels = new Map<string, number>();
  const CHUNK = 500;
  for (let i = 0; i < skuIds.length; i += CHUNK) {
    const chunk = skuIds.slice(i, i + CHUNK);
    if (!serving.length) break;
    const rows = await store.db
      .selectFrom('stock_levels')
      .select(['sku_id', 'warehouse_id', 'on_hand', 'reserved'])
      .where('organization_id', '=', o.organizationId)
      .where('sku_id', 'in', chunk)
      .where(
        'warehouse_id',
        'in',
        serving.map((s) => s.warehouse_id),
      )
      .execute();
    for (const r of rows) levels.set(`${r.sku_id}|${r.warehouse_id}`, Number(r.on_hand) - Number(r.reserved));
  }
  for (const skuId of skuIds)
    result.set(
      skuId,
      serving.map((s) => ({
        warehouseId: s.warehouse_id,
        available: levels.get(`${skuId}|${s.warehouse_id}`) ?? 0,
      })),
    );
  return result;
}

/**
 * What became of a SKU's pending figures: the row a push sent and every earlier pending row of the
 * SKU (only the latest figure is sent; the ones before it are spent with it):
 * - `sent`: TikTok took it;
 * - `unsent`: nothing can be sent for it (TikTok does not list the SKU): settled, the reason kept;
 * - `failed`: the push failed: the rows stay pending for the next cycle, saying why.
 */
export type FigureOutcome =
  | { kind: 'sent' }
  | { kind: 'unsent'; reason: string }
  | { kind: 'failed'; error: string };

export async function markFigures(
  store: Store,
  figure: { storefrontId: string; skuId: string; upToId: number },
  outcome: FigureOutcome,
): Promise<void> {
  const rows = store.db
    .updateTable('published_quantities')
    .where('storefront_id', '=', figure.storefrontId)
    .where('sku_id', '=', figure.skuId)
    .where('id', '<=', figure.upToId)
    .where('sent_at', 'is', null);
  await (outcome.kind === 'failed'
    ? rows.set((eb) => ({ push_error: outcome.error, push_attempts: eb('push_attempts', '+', 1) }))
    : rows.set({ sent_at: now(), push_error: outcome.kind === 'sent' ? null : outcome.reason })
  ).execute();
}

/** Adds a figure to the outbox again (reconciliation found TikTok showing something else). */
export async function requeueFigure(
  store: Store,
  o: { organizationId: string; storefrontId: string; skuId: string; quantity: number },
): Promise<void> {
  await store.db
    .insertInto('published_quantities')
    .values({
      organization_id: o.organizationId,
      storefront_id: o.storefrontId,
      sku_id: o.skuId,
      quantity: o.quantity,
      created_at: now(),
      sent_at: null,
    })
    .execute();
}

/** Pending figures and failed pushes of a storefront, for its health. */
export async function outboxCounts(
  store: Store,
  storefrontId: string,
): Promise<{ pending: number; failed: number }> {
  const row = await store.db
    .selectFrom('published_quantities')
    .select((eb) => [
      eb.fn.count<number>('sku_id').distinct().as('pending'),
      eb.fn
        .count<number>(eb.case().when('push_error', 'is not', null).then(eb.ref('sku_id')).end())
        .distinct()
        .as('failed'),
    ])
    .where('storefront_id', '=', storefrontId)
    .where('sent_at', 'is', null)
    .executeTakeFirstOrThrow();
  return { pending: Number(row.pending), failed: Number(row.failed) };
}

export interface TikTokSkuRef {
  sellerSku: string;
  productId: string;
  skuId: string;
  /** The TikTok warehouses the SKU is assigned to. */
  warehouseIds: string[];
}

export async function cachedSkuRefs(
  store: Store,
  o: { storefrontId: string; organizationId: string },
  sellerSkus: string[],
): Promise<Map<string, TikTokSkuRef>> {
  const found = new Map<string, TikTokSkuRef>();
  const CHUNK = 500;
  for (let i = 0; i < sellerSkus.length; i += CHUNK) {
    const rows = await store.db
      .selectFrom('tiktok_skus')
      .selectAll()
      .where('organization_id', '=', o.organizationId)
      .where('storefront_id', '=', o.storefrontId)
      .where('seller_sku', 'in', sellerSkus.slice(i, i + CHUNK))
      .execute();
    for (const r of rows)
      found.set(r.seller_sku, {
        sellerSku: r.seller_sku,
        productId: r.product_id,
        skuId: r.sku_id,
        warehouseIds: JSON.parse(r.warehouse_ids) as string[],
      });
  }
  return found;
}

export async function saveSkuRefs(
  store: Store,
  o: { storefrontId: string; organizationId: string },
  refs: TikTokSkuRef[],
): Promise<void> {
  const at = now();
  for (const r of refs) {
    const values = {
      product_id: r.productId,
      sku_id: r.skuId,
      warehouse_ids: JSON.stringify(r.warehouseIds),
      updated_at: at,
    };
    await store.db
      .insertInto('tiktok_skus')
      .values({
        ...values,
        storefront_id: o.storefrontId,
        organization_id: o.organizationId,
        seller_sku: r.sellerSku,
      })
      .onConflict((oc) => oc.columns(['organization_id', 'storefront_id', 'seller_sku']).doUpdateSet(values))
      .execute();
  }
}

/** TikTok refused the cached ids (the product was replaced, warehouses reassigned): look again. */
export async function forgetSkuRefs(
  store: Store,
  o: { storefrontId: string; organizationId: string },
  sellerSkus: string[],
): Promise<void> {
  if (!sellerSkus.length) return;
  await store.db
    .deleteFrom('tiktok_skus')
    .where('organization_id', '=', o.organizationId)
    .where('storefront_id', '=', o.storefrontId)
    .where('seller_sku', 'in', sellerSkus)
    .execute();
}

/** When the storefront's stock was last read back from TikTok, and the write of a new time. */
export async function markReconciled(store: Store, storefrontId: string, at: Date): Promise<void> {
  await store.db
    .updateTable('tiktok_connections')
    .set({ reconciled_at: at.toISOString() })
    .where('storefront_id', '=', storefrontId)
    .execute();
}
