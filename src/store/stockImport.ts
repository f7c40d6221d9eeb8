import type { Store } from './openDatabase.ts';
import { applyOnHand, ensureLevel, type Movement } from './stockLedger.ts';
import { withStock } from './stockTransaction.ts';
import { now } from './transaction.ts';
import { prepareArrival, reserveWaiting } from './waitingOrders.ts';

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
  const first = rows[0];
  if (!first) return [];
  const org = first.movement.organizationId;
  return withStock(store, async (st) => {
    // A level a count reads may not exist yet, and has no row to lock.
    for (const { movement: m } of rows.filter((r) => r.kind === 'count')) await ensureLevel(st, m);
    // Every row of the chunk, and what the SKUs' waiting orders may take, locked once in lock order.
    await prepareArrival(
      st,
      org,
      [...new Set(rows.map((r) => r.movement.skuId))],
      rows.map((r) => r.movement),
    );
    const outcomes: StockImportOutcome[] = [];
    const touched = new Set<string>();
    const arrivedSkus = new Set<string>();
    for (const { movement: m, kind, quantity } of rows) {
      const delta = kind === 'count' ? quantity - (st.onHand(m.skuId, m.warehouseId) ?? 0) : quantity;
      // A count without a reference that matches the books leaves no row; with one, the row
      // records that this count was taken, so importing it again later is skipped.
      if (kind === 'count' && delta === 0 && !m.idempotencyKey) {
        outcomes.push('unchanged');
        continue;
      }
      const applied = await applyOnHand(st, m, kind, delta);
      if (applied === 'duplicate') outcomes.push('already_imported');
      else {
        outcomes.push(delta === 0 ? 'unchanged' : 'new');
        touched.add(m.skuId);
        if (delta > 0) arrivedSkus.add(m.skuId);
      }
    }
    // Units that arrived go to the orders waiting for them, in the same transaction.
    if (arrivedSkus.size)
      await reserveWaiting(st, org, [...arrivedSkus], { actor: first.movement.actor, at: now() });
    st.changed(org, touched);
    return outcomes;
  });
}
