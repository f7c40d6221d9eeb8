import type { PlanningConfig } from '../planningConfig.ts';
import type { History, SupplyTerms } from './history.ts';
import { naivePolicy, type PolicyName, puentePolicy } from './policies.ts';
import { type BacktestResult, type HitRecord, simulate } from './simulate.ts';

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
  /** The viral SKU's first flag and the stock-out after it, in Puente's run (null: no flag). */
  viral: (HitRecord & { met: boolean }) | null;
  met: boolean;
}

export interface BacktestComparison {
  history: { name: string; start: string; days: number; skus: number; currency: string };
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
    goal: puente && naive ? goalCheck(puente, naive, history.viralSku) : null,
  };
}

function goalCheck(puente: BacktestResult, naive: BacktestResult, viralSku?: string): GoalCheck {
  const lostUnitsFewerBy = naive.lostUnits - puente.lostUnits;
  const avgStockValueLowerByMinor = naive.avgStockValueMinor - puente.avgStockValueMinor;
  const flag = viralSku ? puente.hits.find((h) => h.sku === viralSku) : undefined;
  const viral = flag
    ? {
        ...flag,
        met: flag.daysBeforeStockout === null || flag.daysBeforeStockout >= VIRAL_WARNING_DAYS,
      }
    : null;
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
