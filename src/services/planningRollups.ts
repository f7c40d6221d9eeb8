import { rebuildDemandDays, verifyDemandDays } from '../store/demandDays.ts';
import type { Store } from '../store/openDatabase.ts';
import { writeAudit } from '../store/skuPlans.ts';
import { repairStockOuts, type StockOutDrift, verifyStockOuts } from '../store/stockOuts.ts';
import { inTransaction } from '../store/transaction.ts';

/**
 * `puente verify` for what restock planning reads: the demand roll-up against a recount of the
 * orders, and the stock-outs against the last published figures (stockOuts.ts says why only that).
 * `--repair` rebuilds the roll-up from the orders and mends the stock-outs, with an audit row, in
 * one transaction; the checks run again inside it, so it repairs what is wrong at that moment.
 */

export interface PlanningDrift {
  demandDays: { key: string; stored: number; counted: number }[];
  stockOuts: StockOutDrift[];
}

export async function verifyPlanningRollups(store: Store, org: string): Promise<PlanningDrift> {
  return {
    demandDays: await verifyDemandDays(store, org),
    stockOuts: await verifyStockOuts(store.db, org),
  };
}

export async function repairPlanningRollups(
  store: Store,
  org: string,
  actor: string,
): Promise<{ demandDays: number; stockOuts: number }> {
  return inTransaction(store, async (trx) => {
    const demand = await verifyDemandDays(store, org, trx);
    if (demand.length) await rebuildDemandDays(trx, store.engine, org);
    const outs = await verifyStockOuts(trx, org);
    const stockOuts = outs.length ? await repairStockOuts(trx, org, outs) : 0;
    const repaired = { demandDays: demand.length, stockOuts };
    if (demand.length || stockOuts)
      await writeAudit(trx, org, actor, 'planning.repair', 'planning', {
        ...repaired,
        demandDayKeys: demand.slice(0, 20).map((d) => d.key),
      });
    return repaired;
  });
}
