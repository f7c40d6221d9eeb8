import { type BacktestComparison, compareBacktest } from '../domain/planning/backtest/compareBacktest.ts';
import type { History, SupplyTerms } from '../domain/planning/backtest/history.ts';
import {
  historyFromOrders,
  lastDayOf,
  type OrderLine,
} from '../domain/planning/backtest/historyFromOrders.ts';
import type { PolicyName } from '../domain/planning/backtest/policies.ts';
import { syntheticHistory } from '../domain/planning/backtest/syntheticHistory.ts';
import { addDays } from '../domain/planning/calendarDays.ts';
import { migrate } from '../store/migrations.ts';
import { listMovements } from '../store/monitor.ts';
import { openDatabase } from '../store/openDatabase.ts';
import { ordersPage } from '../store/orderQueries.ts';
import { DEMO_HIT_SKU, DEMO_USD_MXN, loadDemo } from './demo.ts';
import { readOrderFile } from './importOrders.ts';
import type { ImportReport } from './importReport.ts';
import { loadPlanningConfig } from './loadConfig.ts';
import { defaultOrganization } from './organization.ts';

/**
 * `puente plan backtest`: replays a history under Puente's restock policy and the naive rule and
 * compares them (domain/planning/backtest/). The history is a seeded synthetic one, the demo
 * seller's, or an orders file in the import format (`puente import orders`).
 */

export interface PlanBacktestOptions {
  /** An orders file (CSV, XLSX, JSON), `demo`, or nothing for the synthetic history. */
  history?: string | undefined;
  seed?: number | undefined;
  policies?: PolicyName[] | undefined;
  terms?: SupplyTerms | undefined;
  /** MXN per 1 USD: stock is valued in USD. */
  usdMxn?: string | undefined;
  encoding?: string | undefined;
  /** A planning config file instead of config/planning.json. */
  config?: string | undefined;
}

/** Air freight from a factory that ships in a week: Puente's default replay terms. */
export const DEFAULT_TERMS: SupplyTerms = { supplierLeadTimeDays: 7, transitDays: 10 };
/** The demo is loaded as of this instant for a replay, so its history is the same every time. */
export const DEMO_REPLAY_NOW = new Date('2026-06-01T18:00:00Z');

export interface PlanBacktest {
  comparison: BacktestComparison;
  /** Rows of an orders file that could not be read (empty for the built-in histories). */
  problems: ImportReport['problems'];
}

export async function planBacktest(o: PlanBacktestOptions = {}): Promise<PlanBacktest> {
  const config = await loadPlanningConfig(o.config);
  const usdMxn = Number(o.usdMxn ?? DEMO_USD_MXN);
  const report: ImportReport = { imported: 0, skipped: 0, problems: [], warnings: [], detail: {} };
  let history: History;
  if (!o.history) history = syntheticHistory(o.seed ?? 7);
  else if (o.history === 'demo') history = await demoHistory(usdMxn);
  else history = await fileHistory(o.history, usdMxn, report, o.encoding);
  return {
    comparison: compareBacktest(history, o.terms ?? DEFAULT_TERMS, config, o.policies),
    problems: report.problems,
  };
}

const valuation = (usdMxn: number) => ({ currency: 'USD' as const, perUnitOf: { USD: 1, MXN: 1 / usdMxn } });

async function fileHistory(
  file: string,
  usdMxn: number,
  report: ImportReport,
  encoding?: string,
): Promise<History> {
  const lines: OrderLine[] = [];
  for await (const order of readOrderFile(file, report, encoding)) {
    if (order === null || typeof order === 'number') continue;
    for (const l of order.lines)
      lines.push({
        sku: l.sku,
        paidAt: order.paidAt,
        quantity: l.quantity,
        unitPriceMinor: l.unitPriceMinor,
        // No currency column: the storefront's, which a file does not say; valued as USD.
        currency: order.currency || 'USD',
      });
  }
  return historyFromOrders(file.split(/[\\/]/).at(-1) ?? file, lines, valuation(usdMxn));
}

/**
 * The demo seller's 60 days: the demo is loaded into a private in-memory database exactly as
 * `puente demo` loads it, and its orders and opening stock are read back.
 */
export async function demoHistory(usdMxn = Number(DEMO_USD_MXN)): Promise<History> {
  const store = openDatabase('sqlite::memory:');
  try {
    await migrate(store);
    const org = await defaultOrganization(store);
    await loadDemo(store, org, DEMO_REPLAY_NOW, () => {});
    const lines: OrderLine[] = [];
    for (let after: [string, string] | null = null; ; ) {
      const page = await ordersPage(store, org, { after, limit: 1000 });
      for (const order of page)
        for (const l of order.lines)
          lines.push({
            sku: l.sku,
            paidAt: order.paidAt,
            quantity: l.quantity,
            unitPriceMinor: l.unitPriceMinor,
            currency: order.currency,
          });
      const last = page.at(-1);
      if (!last || page.length < 1000) break;
      after = [last.paidAt, last.id];
    }
    const opening = new Map<string, number>();
    for (let after: number | null = null; ; ) {
      const page = await listMovements(store, org, { after, limit: 5000 });
      for (const m of page)
        if (m.reason === 'opening stock')
          opening.set(m.sku, (opening.get(m.sku) ?? 0) + Number(m.on_hand_delta));
      if (page.length < 5000) break;
      after = (page.at(-1) as { id: number }).id;
    }
    // SKUs that never sold have no demand to replay; they are left out.
    const history = historyFromOrders('demo', lines, valuation(usdMxn), opening);
    // The demo's hit took off in the last week (demo.ts).
    return { ...history, viralSku: DEMO_HIT_SKU, viralFrom: addDays(lastDayOf(history), -7) };
  } finally {
    await store.close();
  }
}
