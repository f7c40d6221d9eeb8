import { addDays } from '../calendarDays.ts';
import type { DemandDay } from '../demandSeries.ts';
import { detectHit } from '../detectHit.ts';
import type { PlanningConfig } from '../planningConfig.ts';
import type { History, SupplyTerms } from './history.ts';
import type { Policy, PolicyName } from './policies.ts';

/**
 * Replays a history day by day under a policy. Each day: what was ordered lead-time days ago
 * arrives; buyers want the day's demand and take what is on the shelf (the rest is lost: a buyer
 * who finds the listing sold out buys elsewhere); the policy looks at what it could see and orders.
 * Deterministic: the same history and policy give the same figures.
 */

export interface HitRecord {
  sku: string;
  /** The day the detector first flagged the hit. */
  flaggedOn: string;
  /** The first day the shelf was empty, from a week before the flag on (null: never). */
  ranOutOn: string | null;
  /** ranOutOn − flaggedOn: how much warning the flag gave (negative: it came late). */
  daysBeforeStockout: number | null;
}

export interface DayTrace {
  date: string;
  demand: number;
  sold: number;
  /** Units on the shelf at the end of the day. */
  onHand: number;
  inbound: number;
  reorderPoint: number | null;
  ordered: number;
  flagged: boolean;
}

export interface BacktestResult {
  policy: PolicyName;
  /** SKU-days on which the shelf was empty or could not meet the day's demand. */
  stockoutDays: number;
  lostUnits: number;
  /** Mean over the days of the value of all stock on hand at day's end. */
  avgStockValueMinor: number;
  currency: string;
  unitsBought: number;
  demandUnits: number;
  hits: HitRecord[];
  /** Day-by-day figures of the SKUs asked for (the chart's). */
  traces: Record<string, DayTrace[]>;
}

/** A flag after this many quiet days starts a new hit. */
const NEW_HIT_AFTER_DAYS = 14;
/** The detector and the policies look back this far (the 30-day figures and the hit baseline). */
const LOOKBACK_DAYS = 60;

export function simulate(
  history: History,
  policy: Policy,
  terms: SupplyTerms,
  config: PlanningConfig,
  traceSkus: string[] = [],
): BacktestResult {
  const lead = terms.supplierLeadTimeDays + terms.transitDays;
  const stockValue = new Array<number>(history.days).fill(0);
  const result: BacktestResult = {
    policy: policy.name,
    stockoutDays: 0,
    lostUnits: 0,
    avgStockValueMinor: 0,
    currency: history.currency,
    unitsBought: 0,
    demandUnits: 0,
    hits: [],
    traces: {},
  };
  for (const sku of history.skus) {
    let onHand = sku.openingStock;
    const arriving = new Array<number>(history.days + lead + 2).fill(0);
    let inbound = 0;
    const observed: DemandDay[] = [];
    const trace: DayTrace[] = [];
    const flags: number[] = [];
    const outDays: number[] = [];
    for (let day = 0; day < history.days; day++) {
      const date = addDays(history.start, day);
      // Before its listing goes live a SKU has no days to count: neither sales nor stock-outs.
      if (day < sku.listedOnDay) continue;
      onHand += arriving[day] as number;
      inbound -= arriving[day] as number;
      const demand = sku.demand[day] ?? 0;
      const sold = Math.min(onHand, demand);
      const inStock = onHand > 0 && sold === demand;
      onHand -= sold;
      result.demandUnits += demand;
      result.lostUnits += demand - sold;
      if (!inStock) {
        result.stockoutDays++;
        outDays.push(day);
      }
      observed.push({ date, units: sold, inStock });
      const seen = observed.slice(-LOOKBACK_DAYS);
      const hit = detectHit(seen, onHand, config.hits);
      if (hit.hit) flags.push(day);
      const decision = policy.decide({ sku, day, observed: seen, onHand, inbound, terms, hit });
      if (decision.order > 0) {
        // Ordered at the end of today, it lands `lead` days later, at the end of that day: it sells
        // from the morning after.
        arriving[day + lead + 1] = (arriving[day + lead + 1] as number) + decision.order;
        inbound += decision.order;
        result.unitsBought += decision.order;
      }
      stockValue[day] = (stockValue[day] as number) + onHand * sku.unitValueMinor;
      if (traceSkus.includes(sku.sku))
        trace.push({
          date,
          demand,
          sold,
          onHand,
          inbound,
          reorderPoint: decision.reorderPoint,
          ordered: decision.order,
          flagged: hit.hit,
        });
    }
    if (traceSkus.includes(sku.sku)) result.traces[sku.sku] = trace;
    result.hits.push(...hitRecords(sku.sku, history.start, flags, outDays));
  }
  result.avgStockValueMinor = Math.round(stockValue.reduce((a, b) => a + b, 0) / Math.max(1, history.days));
  return result;
}

/** One record per hit: the first flag after a quiet spell, and the first empty shelf near it. */
function hitRecords(sku: string, start: string, flags: number[], outDays: number[]): HitRecord[] {
  const firsts = flags.filter((d, i) => i === 0 || d - (flags[i - 1] as number) > NEW_HIT_AFTER_DAYS);
  return firsts.map((flag) => {
    const out = outDays.find((d) => d >= flag - 7);
    return {
      sku,
      flaggedOn: addDays(start, flag),
      ranOutOn: out === undefined ? null : addDays(start, out),
      daysBeforeStockout: out === undefined ? null : out - flag,
    };
  });
}
