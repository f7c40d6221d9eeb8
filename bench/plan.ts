import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { printBacktest } from '../src/cli/planBacktestCommand.ts';
import type { BacktestComparison } from '../src/domain/planning/backtest/compareBacktest.ts';
import { planBacktest } from '../src/services/planBacktest.ts';
import { backtestChartSvg, svgToPng } from './backtestChart.ts';

/**
 * `npm run bench:plan`: issue 13's figure that matters. Replays the seeded synthetic history and
 * the demo seller's history under Puente's restock policy and, as the baseline measured in the
 * same run, the naive rule ("reorder to 30 days of cover when below 7"); prints both, the goal
 * (fewer lost units than naive at no more average stock; the viral hit flagged at least 2 days
 * before its shelf empties) met or missed by how much, and draws the synthetic viral SKU to
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
const met = [synthetic, demo].every((c) => c.goal?.met);
process.stdout.write(`\nissue 13 goal on both histories: ${met ? 'met' : 'missed'}\n`);
