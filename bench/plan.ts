import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { printBacktest } from '../src/cli/planBacktestCommand.ts';
import { printRows } from '../src/cli/printRows.ts';
import type { BacktestComparison } from '../src/domain/planning/backtest/compareBacktest.ts';
import { planBacktest } from '../src/services/planBacktest.ts';
import { backtestChartSvg, svgToPng } from './backtestChart.ts';

/**
 * `npm run bench:plan`: issue 13's figure that matters. Replays the seeded synthetic history and
 * the demo seller's history under Puente's restock policy and, as the baseline measured in the
 * same run, the naive rule ("reorder to 30 days of cover when below 7"); prints both, the goal
 * (fewer lost units than naive at no more average stock; the viral hit flagged at least 2 days
 * before its shelf empties) met or missed by how much, the same over ten seeds, and draws the synthetic viral SKU to
 * docs/screenshots/backtest-viral.png.
 */

const CHART = fileURLToPath(new URL('../docs/screenshots/backtest-viral.png', import.meta.url));

function section(title: string, c: BacktestComparison) {
  process.stdout.write(`\n== ${title} ==\n`);
  printBacktest(c, 'en');
}

const synthetic = (await planBacktest()).comparison;
section('synthetic history', synthetic);
const demo = (await planBacktest({ history: 'demo' })).comparison;
section('demo history', demo);

const viral = Object.keys(synthetic.results[0]?.traces ?? {})[0];
const trace = (c: BacktestComparison, policy: string) =>
  c.results.find((r) => r.policy === policy)?.traces[viral as string] ?? [];
if (viral) {
  const svg = backtestChartSvg({
    title: `${viral} (synthetic history, seed 7): daily demand, stock and reorder point`,
    puente: trace(synthetic, 'puente'),
    naive: trace(synthetic, 'naive'),
    flaggedOn: synthetic.goal?.viral?.flaggedOn ?? null,
  });
  mkdirSync(dirname(CHART), { recursive: true });
  await svgToPng(svg, CHART);
  process.stdout.write(`\nchart: ${CHART}\n`);
}
// One seed is one draw: the same comparison over ten seeds says how often each part of the goal holds.
process.stdout.write('\n== synthetic history, seeds 1-10 ==\n');
const seeds: Record<string, string | number | undefined>[] = [];
for (let seed = 1; seed <= 10; seed++) {
  const c = (await planBacktest({ seed })).comparison;
  const [p, n] = ['puente', 'naive'].map((name) => c.results.find((r) => r.policy === name));
  seeds.push({
    seed,
    lost_puente: p?.lostUnits,
    lost_naive: n?.lostUnits,
    avg_stock_puente: p?.avgStockValueMinor,
    avg_stock_naive: n?.avgStockValueMinor,
    lost_met: c.goal?.lostUnitsMet ? 'yes' : 'no',
    stock_met: c.goal?.avgStockValueMet ? 'yes' : 'no',
    viral_days_before_stockout: c.goal?.viral
      ? (c.goal.viral.daysBeforeStockout ?? 'never out')
      : 'not flagged',
    viral_met: c.goal?.viral?.met ? 'yes' : 'no',
  });
}
printRows(seeds, 'table');
const count = (key: 'lost_met' | 'stock_met' | 'viral_met') => seeds.filter((s) => s[key] === 'yes').length;
process.stdout.write(
  `fewer lost units: ${count('lost_met')}/10 seeds; no more average stock: ${count('stock_met')}/10; viral flagged >= 2 days ahead: ${count('viral_met')}/10\n`,
);

const met = [synthetic, demo].every((c) => c.goal?.met);
process.stdout.write(`\nissue 13 goal on both histories: ${met ? 'met' : 'missed'}\n`);
