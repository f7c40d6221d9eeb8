import type { Store } from './openDatabase.ts';
import { republish } from './publish.ts';
import { applyOnHand, type Movement } from './stockLedger.ts';
import { inTransaction, now } from './transaction.ts';

/**
 * The rows of a stock file, a chunk at a time: one transaction per chunk of a few hundred rows, so a
 * big file neither holds the write lock for long nor half-applies a row. Each row is a receipt
 * (`receive`, keyed: a key seen before is skipped) or a count (`count`: the ledger records the
 * difference from the books, read under the row's lock; keyed only when the file gave a reference).
 */
export interface StockImportRow {
  movement: Movement;
  kind: 'receive' | 'count';
  quantity: number;
}

export type StockImportOutcome = 'new' | 'already_imported' | 'unchanged';

export async function applyStockRows(store: Store, rows: StockImportRow[]): Promise<StockImportOutcome[]> {
  return inTransaction(store, async (trx) => {
    const outcomes: StockImportOutcome[] = [];
    const touched = new Map<string, Set<string>>();
    for (const { movement: m, kind, quantity } of rows) {
      let delta = quantity;
      if (kind === 'count') {
        await trx
          .insertInto('stock_levels')
          .values({
            organization_id: m.organizationId,
            sku_id: m.skuId,
            warehouse_id: m.warehouseId,
            on_hand: 0,
            reserved: 0,
            inbound: 0,
            inbound_eta: null,
            updated_at: now(),
          })
          .onConflict((oc) => oc.columns(['sku_id', 'warehouse_id']).doNothing())
          .execute();
        let read = trx
          .selectFrom('stock_levels')
          .select(['on_hand'])
          .where('sku_id', '=', m.skuId)
          .where('warehouse_id', '=', m.warehouseId);
        if (store.engine === 'postgres') read = read.forUpdate();
        delta = quantity - ((await read.executeTakeFirst())?.on_hand ?? 0);
        // A count without a reference that matches the books leaves no row; with one, the row
        // records that this count was taken, so importing it again later is skipped.
        if (delta === 0 && !m.idempotencyKey) {
          outcomes.push('unchanged');
          continue;
        }
      }
      const applied = await applyOnHand(trx, m, kind, delta);
      if (applied === 'duplicate') outcomes.push('already_imported');
      else {
        outcomes.push(delta === 0 ? 'unchanged' : 'new');
        const skus = touched.get(m.organizationId) ?? new Set<string>();
        skus.add(m.skuId);
        touched.set(m.organizationId, skus);
      }
    }
    for (const [org, skus] of touched) await republish(trx, org, [...skus], store.engine);
    return outcomes;
  });
}
