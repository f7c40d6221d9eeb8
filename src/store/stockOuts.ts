import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';
import type { Tx } from './transaction.ts';

/**
 * Stock-outs per storefront and SKU, for censoring demand: a day a storefront could not offer a SKU
 * shows no sales, but its demand was not zero [P14]. Written where availability is published
 * (publish.ts), in the same transaction: a figure that reaches 0 opens one, a figure above 0 closes
 * the open one. `at` is the event's time (the demo and history replays give theirs).
 */
export async function recordAvailability(
  trx: Tx,
  organizationId: string,
  figures: { storefront_id: string; sku_id: string; quantity: number; before: number | undefined }[],
  at: string,
): Promise<void> {
  for (const f of figures) {
    const wasOut = f.before !== undefined && f.before <= 0;
    if (f.quantity <= 0 && !wasOut)
      await trx
        .insertInto('stock_outs')
        .values({
          organization_id: organizationId,
          storefront_id: f.storefront_id,
          sku_id: f.sku_id,
          started_at: at,
          ended_at: null,
        })
        .onConflict((oc) => oc.doNothing())
        .execute();
    else if (f.quantity > 0 && wasOut)
      await trx
        .updateTable('stock_outs')
        .set({ ended_at: at })
        .where('storefront_id', '=', f.storefront_id)
        .where('sku_id', '=', f.sku_id)
        .where('ended_at', 'is', null)
        .execute();
  }
}

export interface StockOut {
  skuId: string;
  storefrontId: string;
  startedAt: string;
  endedAt: string | null;
}

/** The stock-outs of an organization that were still open at or after `since` (ISO UTC). */
export async function stockOutsSince(
  db: Kysely<Database>,
  organizationId: string,
  since: string,
  skuIds?: readonly string[],
): Promise<StockOut[]> {
  if (skuIds && skuIds.length === 0) return [];
  let q = db
    .selectFrom('stock_outs')
    .select(['sku_id', 'storefront_id', 'started_at', 'ended_at'])
    .where('organization_id', '=', organizationId)
    .where((eb) => eb.or([eb('ended_at', 'is', null), eb('ended_at', '>=', since)]));
  if (skuIds) q = q.where('sku_id', 'in', [...skuIds]);
  const rows = await q.orderBy('started_at').execute();
  return rows.map((r) => ({
    skuId: r.sku_id,
    storefrontId: r.storefront_id,
    startedAt: r.started_at,
    endedAt: r.ended_at,
  }));
}
