import { daysBetween } from '../calendarDays.ts';
import type { PlanningConfig } from '../planningConfig.ts';
import type { History, SupplyTerms } from './history.ts';
import { naivePolicy, type PolicyName, puentePolicy } from './policies.ts';
import { type BacktestResult, type DayTrace, type HitRecord, simulate } from './simulate.ts';

/**
 * Puente's policy beside the naive rule on one history, and the goal of issue 13: fewer lost units
 * than the naive rule at no more average stock, and the viral hit flagged at least 2 days before
 * the shelf empties in Puente's run (the warning a seller gets to act on; a run that never empties
 * after the flag meets it).
 */

export interface GoalCheck {
  /** naive − puente lost units: positive when Puente loses fewer. */
  lostUnitsFewerBy: number;
  lostUnitsMet: boolean;
  /** naive − puente average stock value: ≥ 0 when Puente holds no more. */
  avgStockValueLowerByMinor: number;
  avgStockValueMet: boolean;
  /** The viral hit's first flag and the first stock-out after it took off, in Puente's run (null: no flag). */
  viral: (HitRecord & { met: boolean }) | null;
  met: boolean;
}

export interface BacktestComparison {
  history: Pick<History, 'name' | 'start' | 'days' | 'currency'> & { skus: number };
  terms: SupplyTerms;
  results: BacktestResult[];
  goal: GoalCheck | null;
}

/** Warning the viral flag must give before the stock-out, in days. */
export const VIRAL_WARNING_DAYS = 2;

export function compareBacktest(
  history: History,
  terms: SupplyTerms,
  config: PlanningConfig,
  policies: PolicyName[] = ['puente', 'naive'],
): BacktestComparison {
  const trace = history.viralSku ? [history.viralSku] : [];
  const results = policies.map((name) =>
    simulate(history, name === 'puente' ? puentePolicy(config) : naivePolicy(), terms, config, trace),
  );
  const puente = results.find((r) => r.policy === 'puente');
  const naive = results.find((r) => r.policy === 'naive');
  return {
    history: {
      name: history.name,
      start: history.start,
      days: history.days,
      skus: history.skus.length,
      currency: history.currency,
    },
    terms,
    results,
    goal: puente && naive ? goalCheck(puente, naive, history) : null,
  };
}

function goalCheck(puente: BacktestResult, naive: BacktestResult, history: History): GoalCheck {
  const lostUnitsFewerBy = naive.lostUnits - puente.lostUnits;
  const avgStockValueLowerByMinor = naive.avgStockValueMinor - puente.avgStockValueMinor;
  const viralSku = history.viralSku;
  const viral = viralSku ? viralFlag(puente.traces[viralSku] ?? [], viralSku, history.viralFrom) : null;
  const lostUnitsMet = lostUnitsFewerBy > 0;
  const avgStockValueMet = avgStockValueLowerByMinor >= 0;
  return {
    lostUnitsFewerBy,
    lostUnitsMet,
    avgStockValueLowerByMinor,
    avgStockValueMet,
    viral,
    met: lostUnitsMet && avgStockValueMet && (viralSku ? viral?.met === true : true),
  };
}

/**
 * The hit's first flag from the day it took off, and the first day after that the shelf could not
 * meet demand. Flags of quieter days before do not count: they are not this hit.
 */
function viralFlag(trace: DayTrace[], sku: string, from = ''): GoalCheck['viral'] {
  const since = trace.filter((d) => d.date >= from);
  const flag = since.find((d) => d.flagged);
  if (!flag) return null;
  const out = since.find((d) => d.sold < d.demand || (d.demand === 0 && d.onHand === 0));
  const daysBeforeStockout = out ? daysBetween(flag.date, out.date) : null;
  return {
    sku,
    flaggedOn: flag.date,
    ranOutOn: out?.date ?? null,
    daysBeforeStockout,
    met: daysBeforeStockout === null || daysBeforeStockout >= VIRAL_WARNING_DAYS,
  };
}
